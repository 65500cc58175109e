"""`opsbook import csv FILE --kind KIND`: bring records in from ServiceNow or Jira Service
Management CSV exports."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.interop.csv_import import ACTIONS, ImportRefused, ImportReport, import_table
from opsbook.interop.csv_rows import CsvError, Table, read_table
from opsbook.interop.mapping import SYSTEMS, Mapping, MappingError, mapping_file, packaged_mapping
from opsbook.interop.wall_clock import BadMoment
from opsbook.load import open_repository

# Columns only one product's export has, to tell them apart when --source is not given.
_SIGNATURES = {"jsm": "Issue key", "servicenow": "sys_id"}


@dataclass(frozen=True)
class ImportOptions:
    file: Path
    kind: str
    mapping: Path | None
    source: str | None
    timezone: str | None
    dry_run: bool
    format: str
    root: Path | None


def run_import(options: ImportOptions) -> int:
    repository = open_repository(options.root)
    try:
        table = read_table(options.file.read_bytes(), options.file.name)
        mapping = _mapping(options, table)
        if mapping.kind != options.kind:
            raise WorkflowFailure(f"{mapping.name} maps {mapping.kind} records, not {options.kind}")
        report = import_table(repository, table, mapping, source=options.file.name,
                              timezone=options.timezone, write=not options.dry_run)
    except (CsvError, MappingError, ImportRefused, BadMoment) as exc:
        raise WorkflowFailure(str(exc)) from None
    click.echo(json.dumps(asdict(report), indent=2) if options.format == "json" else _text(report))
    return 1 if report.count("skipped") else 0


def _mapping(options: ImportOptions, table: Table) -> Mapping:
    if options.mapping is not None:
        return mapping_file(options.mapping)
    source = options.source or next((s for s, c in _SIGNATURES.items() if c in table.header), None)
    if source is None:
        source = "servicenow" if "number" in table.header else None
    if source is None:
        raise WorkflowFailure("cannot tell which product exported this file; pass --source or --mapping")
    return packaged_mapping(source, options.kind)


def _text(report: ImportReport) -> str:
    lines = [f"{report.source}: {report.mapping}, times read in {report.timezone}"]
    lines += [f"note: {note}" for note in report.notes]
    for outcome in report.outcomes:
        where = f"line {outcome.line}" + (f" ({outcome.external_id})" if outcome.external_id else "")
        if outcome.action == "skipped":
            lines.append(f"skipped    {where}: " + "; ".join(outcome.reasons))
            continue
        lines.append(f"{outcome.action:<10} {outcome.path} <- {where}")
        lines += [f"           note: {reason}" for reason in outcome.reasons]
    counts = ", ".join(f"{report.count(a)} {a}" for a in ACTIONS)
    tail = "" if report.written else " (dry run: nothing written)"
    lines.append(f"{len(report.outcomes)} rows: {counts}{tail}")
    return "\n".join(lines)


@click.group("import")
def import_group() -> None:
    """Bring records in from other tools."""


@import_group.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, help="The kind of record each row becomes (incident, change...).")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A mapping file (TOML) for other column layouts; see opsbook/interop/mappings/.")
@click.option("--source", type=click.Choice(SYSTEMS), help="The product that exported the file (default: guessed from its columns).")
@click.option("--timezone", help="IANA time zone the export's dates are in (default: the mapping's, else UTC).")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", help="Report format.")
@root_option
def import_csv(file: Path, kind: str, mapping: Path | None, source: str | None, timezone: str | None,
               dry_run: bool, output: str, root: Path | None) -> None:
    """Create or update records of KIND from a CSV export of ServiceNow or Jira Service Management.

    Each record keeps the row's ID in `external_ids`, so importing the same export again
    updates those records instead of creating new ones. Services and assets are found by name
    among the existing records. Every record is validated before it is written; a row that
    would not validate is skipped, with the reasons. Exit 1 if any row was skipped.

    \b
    Examples:
      opsbook import csv incident.csv --kind incident --source servicenow --timezone Europe/Berlin
      opsbook import csv jira.csv --kind incident --source jsm --dry-run
    """
    sys.exit(run_import(ImportOptions(file, kind, mapping, source, timezone, dry_run, output, root)))
