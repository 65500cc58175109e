"""`opsbook show ID`: one record, what it references and what references it."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.load import open_repository
from opsbook.workflow.query import Link, RecordView, view


@dataclass(frozen=True)
class ShowOptions:
    record_id: str
    output_format: str
    root: Path | None


def run_show(options: ShowOptions) -> int:
    repository = open_repository(options.root)
    record = repository.by_id.get(options.record_id) or repository.by_id.get(options.record_id.upper())
    if record is None:
        raise WorkflowFailure(f"no record has ID {options.record_id}")
    shown = view(repository, record)
    if options.output_format == "json":
        json.dump(shown.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(shown))
    return 0


def render(shown: RecordView) -> str:
    record = shown.record
    lines = [f"{record.id}  {record.title}",
             f"{record.kind.label} · {record.status or 'no status'} · {record.path}", "",
             record.text.rstrip("\n"), ""]
    lines += _section("References", shown.references, "->")
    lines += _section("Referenced by", shown.backlinks, "<-")
    return "\n".join(lines) + "\n"


def _section(heading: str, links: list[Link], arrow: str) -> list[str]:
    if not links:
        return [f"{heading}: none"]
    width = max(len(link.relation) for link in links)
    return [f"{heading}:"] + [
        f"  {link.relation.ljust(width)} {arrow} {link.id}  " + (f"{link.title} ({link.path})" if link.exists else "(missing)")
        for link in links
    ]


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="Output format.")
@root_option
def show(record_id: str, output_format: str, root: Path | None) -> None:
    """Show a record with its references and backlinks.

    \b
    Examples:
      opsbook show INC-0042
      opsbook show SVC-0001 --format json | jq '.backlinks[].id'
    """
    sys.exit(run_show(ShowOptions(record_id, output_format, root)))
