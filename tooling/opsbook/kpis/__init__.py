"""KPIs computed from the records, never typed in (design.md section 9).

REPORTS is the registry of every report: a name and a function

    report(repository: Repository, options: ReportOptions) -> Table | list[Table]

that reads the records and returns one or more `opsbook.tables.Table`. `options` carries the
service filter, the inclusive days `start`/`end`, and `as_of`, the "now" of the report: a
report never reads the clock itself, so its numbers are reproducible. `run_report` hands a
report the repository as it was known at `as_of` (`opsbook.kpis.as_known`): records opened
later are not there, and later events have not happened yet. The first line of a
report function's docstring is its description in `opsbook report --help`. The CLI, the site
and the tests all call these functions; none of them computes a number of its own.

To add a report: write the function in a module of this package and add one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from opsbook.kpis import (
    assets,
    availability,
    changes,
    csat,
    improvements,
    incidents,
    portfolio,
    problems,
    sla,
    status,
    summary,
    trends,
    uptime,
)
from opsbook.kpis.as_known import as_known
from opsbook.kpis.options import ReportOptions
from opsbook.model import Repository
from opsbook.tables import Table

Report = Callable[[Repository, ReportOptions], "Table | list[Table]"]

REPORTS: dict[str, Report] = {
    "summary": summary.report,
    "incidents": incidents.report,
    "availability": availability.report,
    "sla": sla.report,
    "changes": changes.report,
    "trend": trends.report,
    "problems": problems.report,
    "improvements": improvements.report,
    "csat": csat.report,
    "tco": assets.tco,
    "capacity": assets.capacity,
    "status": status.report,
    "availability-daily": uptime.report,
    "projects": portfolio.report,
}


def run_report(name: str, repository: Repository, options: ReportOptions) -> list[Table]:
    """Any report's result as a list of tables, computed from what was known at `options.as_of`."""
    result = REPORTS[name](as_known(repository, options.clock), options)
    return result if isinstance(result, list) else [result]


def describe(name: str) -> str:
    doc = REPORTS[name].__doc__ or ""
    return doc.strip().split("\n", 1)[0]


__all__ = ["REPORTS", "Report", "ReportOptions", "describe", "run_report"]
