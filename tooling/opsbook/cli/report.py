"""`opsbook report [REPORT]`: KPIs computed from the records, as text, JSON, CSV or Markdown."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from opsbook import clock
from opsbook.cli.options import root_option
from opsbook.clock import AsOf
from opsbook.kpis import REPORTS, ReportOptions, describe, run_report
from opsbook.load import open_repository
from opsbook.tables import RENDERERS


@dataclass(frozen=True)
class ReportRequest:
    name: str
    options: ReportOptions
    output_format: str
    root: Path | None


def run_report_command(request: ReportRequest) -> int:
    repository = open_repository(request.root)
    if request.options.service and request.options.service not in repository.by_id:
        click.echo(f"opsbook: warning: no record {request.options.service}", err=True)
    if repository.unloadable:
        # The numbers cannot include what could not be read; say so rather than hide it.
        click.echo(f"opsbook: warning: {len(repository.unloadable)} file(s) could not be read and "
                   "are left out of the report (run `opsbook validate`)", err=True)
    sys.stdout.write(RENDERERS[request.output_format](run_report(request.name, repository, request.options)))
    return 0


def parse_as_of(value: str | None) -> AsOf:
    """--as-of, else $OPSBOOK_NOW, else the system clock (`opsbook.clock`)."""
    try:
        return clock.as_of(value)
    except clock.BadMoment as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None


def _epilog() -> str:
    width = max(map(len, REPORTS))
    lines = [f"  {name.ljust(width)}  {describe(name)}" for name in REPORTS]
    return "\b\nReports:\n" + "\n".join(lines)


@click.command(epilog=_epilog())
@click.argument("name", metavar="[REPORT]", required=False, default="summary",
                type=click.Choice(list(REPORTS)))
@click.option("--service", metavar="ID", help="Only this service (for example SVC-0001).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
              help="First day (inclusive), in each service's time zone.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
              help="Last day (inclusive); default: the day of --as-of.")
@click.option("--as-of", "as_of", metavar="TIMESTAMP",
              help="What time it is now: a timestamp with a UTC offset, or a day meaning its end "
                   "in the zone of each figure (a service's zone; UTC otherwise). Default: "
                   "$OPSBOOK_NOW, else the current time. Reports count only what was known then: "
                   "records opened later are left out, later events have not happened yet.")
@click.option("--format", "output_format", type=click.Choice(list(RENDERERS)), default="text",
              show_default=True, help="Output format.")
@root_option
def report(name: str, service: str | None, start: datetime | None, end: datetime | None,
           as_of: str | None, output_format: str, root: Path | None) -> None:
    """Compute service management KPIs from the records; without REPORT, the summary.

    Every number is computed from the records, never typed in; the definitions follow
    design.md section 9 and are spelled out in each report's notes. Times are in minutes,
    availability and rates in percent.

    \b
    Examples:
      opsbook report
      opsbook report availability --service SVC-0001 --from 2026-01-01 --to 2026-03-31
      opsbook report sla --format csv > sla.csv
      opsbook report incidents --as-of 2026-06-01        # as known at the end of 1 June
      opsbook report status --as-of 2026-05-03T14:20:00+02:00 --format json | jq '.tables[0].rows'
    """
    moment = parse_as_of(as_of)
    first, last = _day(start), _day(end)
    if first and last and last < first:
        raise click.BadParameter("--to is before --from", param_hint="--to")
    options = ReportOptions.at(moment, service=service, start=first, end=last)
    sys.exit(run_report_command(ReportRequest(name, options, output_format, root)))


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


__all__ = ["ReportRequest", "report", "run_report_command"]
