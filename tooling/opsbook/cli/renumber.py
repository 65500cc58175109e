"""`opsbook renumber ID`: move a record added on this branch to the next free ID."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import (
    WorkflowFailure,
    base_option,
    open_at,
    resolve_base,
)
from opsbook.workflow.git import GitError
from opsbook.workflow.renumber import RenumberRefused
from opsbook.workflow.renumber import renumber as renumber_record


@dataclass(frozen=True)
class RenumberOptions:
    record_id: str
    base: str | None
    to: str | None
    root: Path | None


def run_renumber(options: RenumberOptions) -> int:
    repository, git = open_at(options.root)
    base = resolve_base(git, options.base)
    try:
        done = renumber_record(repository, git, options.record_id, base, options.to)
    except (RenumberRefused, GitError) as exc:
        raise WorkflowFailure(str(exc)) from None
    others = {p: n for p, n in done.rewritten.items() if p != done.old_path}
    click.echo(f"{done.old_id} -> {done.new_id}: renamed {done.old_path} to {done.new_path}")
    click.echo(f"rewrote {sum(others.values())} reference(s) in {len(others)} other file(s)"
               + "".join(f"\n  {path} ({count})" for path, count in sorted(others.items())))
    if done.unreadable:
        click.echo("not searched (they do not load; `opsbook validate` says why): " + ", ".join(done.unreadable))
    return 0


@click.command()
@click.argument("record_id", metavar="ID")
@base_option
@click.option("--to", metavar="ID", help="The new ID (default: the next free one).")
@root_option
def renumber(record_id: str, base: str | None, to: str | None, root: Path | None) -> None:
    """Move a record added on this branch to the next free ID.

    Renames the file and rewrites every mention of the ID in records and KB articles, keeping
    their formatting and comments. A record that exists on the base is refused: IDs on the
    base are permanent. Use it when `opsbook check` reports an ID collision.

    \b
    Example:
      opsbook renumber INC-0042 --base origin/main
    """
    sys.exit(run_renumber(RenumberOptions(record_id, base, to, root)))
