"""`opsbook new KIND [--title ...] [FIELD=VALUE ...]`: scaffold a record with the next free ID."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from opsbook import clock
from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure, open_at
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.query import find_kind
from opsbook.workflow.scaffold import draft_record
from opsbook.workflow.values import BadAssignment, parse_assignment


@dataclass(frozen=True)
class NewOptions:
    kind: str
    title: str | None
    assignments: tuple[str, ...]
    dry_run: bool
    root: Path | None


def run_new(options: NewOptions, now: datetime | None = None) -> int:
    repository, git = open_at(options.root)
    kind = find_kind(repository, options.kind)
    if kind is None:
        names = ", ".join(sorted(k.name for k in repository.kinds))
        raise WorkflowFailure(f"unknown kind {options.kind!r}; one of: {names}")
    try:
        assigned: dict[str, Any] = dict(parse_assignment(a) for a in options.assignments)
        allocation = next_free_id(repository, kind, git)
        draft = draft_record(repository, kind, allocation.id, options.title, assigned,
                             now or clock.now())
    except BadAssignment as exc:
        raise WorkflowFailure(str(exc)) from None
    if options.dry_run:
        sys.stdout.write(draft.text)
        return 0
    target = repository.config.root / draft.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as file:
        file.write(draft.text)
    searched = f"the working tree and {allocation.revisions_seen} git revisions" if allocation.revisions_seen \
        else "the working tree (not a git repository)"
    click.echo(f"created {draft.path} ({allocation.id} is the next free ID in {searched})")
    if draft.to_fill:
        click.echo(f"fill in: {', '.join(draft.to_fill)} (marked TODO); `opsbook validate` fails until they are")
    return 0


@click.command()
@click.argument("kind")
@click.argument("assignments", nargs=-1, metavar="[FIELD=VALUE]...")
@click.option("--title", help="The record's title.")
@click.option("--dry-run", is_flag=True, help="Print the record instead of writing it.")
@root_option
def new(kind: str, assignments: tuple[str, ...], title: str | None, dry_run: bool, root: Path | None) -> None:
    """Create a record of KIND with the next free ID, ready to fill in.

    The ID is one more than the highest in the working tree and at every branch and tag git
    knows, so parallel branches in one clone do not collide. Required fields without a sensible
    default are marked TODO, and `opsbook validate` fails until they are filled. Values are
    read like YAML: `services=[SVC-0001, SVC-0002]` is a list, `2026-05-03` stays text.

    \b
    Examples:
      opsbook new incident --title "Checkout returns 500" service=SVC-0001 impact=high urgency=high
      opsbook new change --title "Upgrade PostgreSQL" type=normal services=[SVC-0002]
      opsbook new kb --title "Reset a VPN token"
    """
    sys.exit(run_new(NewOptions(kind, title, assignments, dry_run, root)))
