"""The KPI reports the site shows: the very tables `opsbook report` prints, computed once per
build with the site's `now`, so the site and the CLI cannot disagree on a number.

Pages only select rows and columns from these tables; they never compute a KPI themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsbook.clock import AsOf
from opsbook.kpis import ReportOptions, run_report
from opsbook.model import Record, Repository
from opsbook.tables import Table

SERVICE_MONTHS = 6  # months of availability and trend a service page shows

# Where the KPI pages and the status page live (`kpis/` and `status/` on the built site).
KPI_HOME = "kpis/index.md"
STATUS = "status.md"
KPI_AREAS = (
    ("kpis/incidents.md", "Incidents"),
    ("kpis/availability.md", "Availability"),
    ("kpis/sla.md", "SLA compliance"),
    ("kpis/changes.md", "Changes"),
    ("kpis/problems.md", "Problems and improvements"),
    ("kpis/csat.md", "Customer satisfaction"),
    ("kpis/assets.md", "Assets"),
)


@dataclass
class KpiResults:
    repository: Repository
    now: datetime
    clock: AsOf | None = None
    _tables: dict[str, list[Table]] = field(default_factory=dict)
    _states: dict[str, str] | None = None

    @property
    def options(self) -> ReportOptions:
        return ReportOptions.at(self.clock) if self.clock else ReportOptions(as_of=self.now)

    def report(self, name: str) -> list[Table]:
        if name not in self._tables:
            self._tables[name] = run_report(name, self.repository, self.options)
        return self._tables[name]

    def table(self, report: str, name: str) -> Table:
        """One table of a report, by the name it has in `--format json`."""
        return next(t for t in self.report(report) if t.name == name)

    def service_state(self, service: Record) -> str:
        """The state of a live service now, from the `status` report (the one computation of
        it: open incidents, active maintenance, dependencies); else its lifecycle status."""
        if service.status != "live":
            return str(service.status or "unknown")
        if self._states is None:
            self._states = {row[0]: row[2] for row in self.table("status", "status").rows}
        return self._states.get(service.id, "unknown")


def where(table: Table, column: str, value: Any) -> Table:
    """The rows of `table` whose `column` holds `value`, as a table of the same shape."""
    index = table.columns.index(column)
    return Table(table.name, table.title, table.columns, [r for r in table.rows if r[index] == value],
                 table.notes)


def value(table: Table, key: Any, column: str) -> Any:
    """The cell in `column` of the row whose first cell is `key` (None when there is none)."""
    for row in table.rows:
        if row[0] == key:
            return row[table.columns.index(column)]
    return None


def month_columns(table: Table) -> list[str]:
    """The YYYY-MM columns of a per-month table such as the incident trend."""
    return [c for c in table.columns if len(c) == 7 and c[4] == "-" and c[:4].isdigit()]
