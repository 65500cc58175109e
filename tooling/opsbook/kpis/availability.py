"""Availability per service per month, within service hours, excluding agreed maintenance.

availability = 100 x (1 - downtime / service minutes), where
- service minutes: the month's minutes inside the SLA's service hours, in its time zone,
  clipped to the SLA's validity, to --from/--to, to the service's go-live (`handed_over`; a
  service still in the pipeline has no availability) and to "now" (the current month is month
  to date);
- downtime: the union of the service's `partial_outage` and `major_outage` intervals (so
  overlapping outages count once; `degraded` is not downtime; an outage without an end runs to
  now), inside service hours, minus the occurrences of agreed maintenance windows that name
  the service (unless the SLA sets `exclude_maintenance: false`).

Two definitions of "excluding agreed maintenance" are common, and both are given:
- `availability` (design.md section 9, the one compared with the target): maintenance is
  excused from the outage minutes (`excused_minutes`) and stays in the service minutes;
- `availability_maintenance_excluded`: maintenance is taken out of the agreed service time as
  well: 100 x (1 - downtime / (service minutes - maintenance_minutes)).
A service without an SLA is measured in its own hours (or 24x7) with no target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from opsbook.kpis.facts import (
    DOWN_LEVELS,
    Agreement,
    Outage,
    agreements,
    hours_of,
    incidents,
    services,
)
from opsbook.kpis.hours import ServiceHours, days_span, month_span, months
from opsbook.kpis.intervals import Interval, intersect, subtract, total_minutes
from opsbook.kpis.maintenance import agreed_windows, covering
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import rounded
from opsbook.model import Record, Repository
from opsbook.moments import day
from opsbook.tables import Table

COLUMNS = ["service", "sla", "month", "service_minutes", "downtime_minutes", "excused_minutes",
           "availability", "target", "met", "maintenance_minutes", "availability_maintenance_excluded"]
NOTES = [("Minutes inside service hours; availability in percent; downtime counts overlapping outages "
          "once and excludes agreed maintenance (excused_minutes)."),
         ("availability (compared with the target) keeps maintenance in the service minutes; "
          "availability_maintenance_excluded takes maintenance_minutes out of them as well."),
         "A service counts from its go-live (handed_over); one still in the pipeline is not measured."]
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Downtime:
    """The outages and agreed maintenance of one service, measurable over any hours and span."""

    service: str
    outages: list[Outage]
    windows: list[Record]
    now: datetime

    @classmethod
    def of(cls, repository: Repository, service: str, now: datetime) -> Downtime:
        outages = [o for i in incidents(repository) for o in i.outages
                   if o.service == service and o.level in DOWN_LEVELS]
        return cls(service, outages, agreed_windows(repository), now)

    def measure(self, hours: ServiceHours, span: Interval, exclude_maintenance: bool = True
                ) -> tuple[float, float, float]:
        """(service minutes, downtime minutes, outage minutes excused by agreed maintenance)."""
        measured = self.measured(hours, span, exclude_maintenance)
        return measured.served, measured.down, measured.excused

    def measured(self, hours: ServiceHours, span: Interval, exclude_maintenance: bool = True) -> Measured:
        served = hours.within(span)
        down = intersect([o.span(self.now) for o in self.outages], served)
        agreed = covering(self.windows, self.service, span) if exclude_maintenance else []
        counted, total = total_minutes(subtract(down, agreed)), total_minutes(down)
        return Measured(total_minutes(served), counted, total - counted,
                        total_minutes(intersect(agreed, served)))


@dataclass(frozen=True)
class Measured:
    served: float
    down: float
    excused: float
    maintenance: float  # agreed maintenance inside service hours


def availability(served: float, down: float) -> float | None:
    """Percent, to three decimals; None when there were no service minutes to measure."""
    return rounded(100 * (1 - down / served), 3) if served else None


def first_day(repository: Repository, hours: ServiceHours, now: datetime) -> date:
    """Without --from, reports start with the month of the first incident."""
    starts = [i.started for i in incidents(repository) if i.started is not None]
    return min(starts, default=now).astimezone(hours.zone).date().replace(day=1)


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Availability per service and month against each SLA target, and the breaches."""
    rows = []
    slas = agreements(repository)
    for service in services(repository):
        if options.wants(service.id) and service.status != "pipeline":
            for sla in [a for a in slas if a.service == service.id] or [None]:
                rows += monthly(repository, service, sla, options)
    met = COLUMNS.index("met")
    return [
        Table("availability", "Availability per service and month", COLUMNS, rows, notes=NOTES),
        Table("availability-breaches", "Months below the SLA availability target", COLUMNS,
              [row for row in rows if row[met] == "no"]),
    ]


def monthly(repository: Repository, service: Record, sla: Agreement | None,
            options: ReportOptions) -> list[list[object]]:
    hours = sla.hours if sla else hours_of(repository, service.id)
    tz = hours.zone
    downtime = Downtime.of(repository, service.id, options.now_in(tz))
    period: Interval | None = options.period(tz, first_day(repository, hours, options.as_of))
    live = day(service.data.get("handed_over"))
    if live is not None:
        period = _clip(period, live, None, hours)
    if sla is not None and period is not None:
        period = _clip(period, sla.valid_from, sla.valid_to, hours)
    if period is None or period.end <= period.start:
        return []
    rows = []
    for month in months(period.start.astimezone(tz).date(), (period.end - _TICK).astimezone(tz).date()):
        span = intersect([month_span(month, tz)], [period])[0]
        m = downtime.measured(hours, span, sla.exclude_maintenance if sla else True)
        value = availability(m.served, m.down)
        target = sla.target if sla else None
        met = None if value is None or target is None else ("yes" if value >= target else "no")
        rows.append([service.id, sla.id if sla else None, month, rounded(m.served), rounded(m.down),
                     rounded(m.excused), value, target, met, rounded(m.maintenance),
                     availability(rounded(m.served - m.maintenance, 6) or 0.0, m.down)])
    return rows


def _clip(period: Interval, first: date | None, last: date | None, hours: ServiceHours
          ) -> Interval | None:
    """The part of `period` from the day `first` to the day `last` (inclusive; None: open)."""
    tz = hours.zone
    first = first or period.start.astimezone(tz).date()
    last = last or period.end.astimezone(tz).date()
    valid = days_span(first, last, tz)
    clipped = intersect([period], [valid])
    return clipped[0] if clipped else None
