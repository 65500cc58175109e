"""`opsbook list KIND [--where FIELD=VALUE ...]`: records of a kind as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.load import open_repository
from opsbook.model import Record, Repository
from opsbook.spreadsheet import spreadsheet_cell
from opsbook.workflow.query import column_value, columns_of, find_kind, select
from opsbook.workflow.values import BadAssignment, parse_assignment


@dataclass(frozen=True)
class ListOptions:
    kind: str
    where: tuple[str, ...]
    output_format: str
    root: Path | None


def run_list(options: ListOptions) -> int:
    repository = open_repository(options.root)
    kind = find_kind(repository, options.kind)
    if kind is None:
        raise WorkflowFailure(f"unknown kind {options.kind!r}; one of: "
                              + ", ".join(sorted(k.name for k in repository.kinds)))
    try:
        conditions = [_condition(text) for text in options.where]
    except BadAssignment as exc:
        raise WorkflowFailure(str(exc)) from None
    records = select(repository, kind, conditions)
    columns = columns_of(kind)
    FORMATS[options.output_format](repository, records, columns)
    return 0


def _condition(text: str) -> tuple[str, Any, bool]:
    """FIELD=VALUE, or FIELD!=VALUE for the opposite."""
    name, equals, value = text.partition("=")
    negate = name.endswith("!")
    field, parsed = parse_assignment(name.removesuffix("!") + equals + value)
    return field, parsed, negate


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split()) if isinstance(value, str) else json.dumps(value)


def _table(repository: Repository, records: list[Record], columns: list[str]) -> None:
    rows = [columns] + [[_cell(column_value(repository, r, c)) for c in columns] for r in records]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for row in rows:
        sys.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")


def _csv(repository: Repository, records: list[Record], columns: list[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_cell(_cell(column_value(repository, r, c))) for c in columns] for r in records)


def _json(repository: Repository, records: list[Record], columns: list[str]) -> None:
    rows = [{**{c: column_value(repository, r, c) for c in columns}, "path": r.path, "data": r.data} for r in records]
    json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


FORMATS = {"table": _table, "json": _json, "csv": _csv}


@click.command("list")
@click.argument("kind")
@click.option("--where", multiple=True, metavar="FIELD=VALUE",
              help="Keep records whose field equals VALUE (or lists it); FIELD!=VALUE for the opposite. Repeatable.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="table",
              help="Output format.")
@root_option
def list_records(kind: str, where: tuple[str, ...], output_format: str, root: Path | None) -> None:
    """List the records of a kind, one per line, sorted by ID.

    \b
    Examples:
      opsbook list incidents --where status=new --where impact=high
      opsbook list change --where services=SVC-0002 --format csv > changes.csv
      opsbook list incident --format json | jq -r '.[].id'
    """
    sys.exit(run_list(ListOptions(kind, where, output_format, root)))
