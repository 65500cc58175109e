"""MTTA and MTTR (mean, median, p90) per service, priority and month.

MTTA = acknowledged_at - detected_at; MTTR = resolved_at - started_at, in wall-clock minutes
(service hours are for the SLA clocks, not for these). MTTR is wall-clock: time the incident
spent on hold (waiting for a vendor or the customer, per its timeline) counts. The other common
definition, excluding on-hold time, is given beside it (`mttr_active_*`). Without `detected_at` the record's
`opened_at` stands in; without `started_at`, detection. An incident belongs to the month its
impact started, in its service's time zone; canceled incidents are left out; open ones count
toward MTTA once acknowledged and toward MTTR only once resolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from opsbook.kpis.facts import Incident, incident_day, incident_month, incidents, zone_of
from opsbook.kpis.holds import minutes_on_hold
from opsbook.kpis.intervals import minutes_between
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import triple
from opsbook.model import Repository
from opsbook.tables import Table

COLUMNS = ["incidents", "open", "acknowledged", "mtta_mean", "mtta_median", "mtta_p90",
           "resolved", "mttr_mean", "mttr_median", "mttr_p90", "mttr_active_mean",
           "mttr_active_median", "mttr_active_p90"]


def selected(repository: Repository, options: ReportOptions) -> list[Incident]:
    """Incidents of the selected service whose impact started on a selected day."""
    return [i for i in incidents(repository) if options.wants(i.service)
            and (day := incident_day(repository, i)) is not None
            and options.covers(day, zone_of(repository, i.service))]


def time_to_acknowledge(incident: Incident) -> float | None:
    if incident.detected is None or incident.acknowledged is None:
        return None
    return minutes_between(incident.detected, incident.acknowledged)


def time_to_resolve(incident: Incident) -> float | None:
    if incident.started is None or incident.resolved is None:
        return None
    return minutes_between(incident.started, incident.resolved)


def active_time_to_resolve(incident: Incident) -> float | None:
    """Time to resolve without the time on hold."""
    wall = time_to_resolve(incident)
    if wall is None or incident.resolved is None:
        return None
    return wall - minutes_on_hold(incident, incident.resolved)


def measures(group: list[Incident]) -> list[object]:
    tta = [m for m in map(time_to_acknowledge, group) if m is not None]
    ttr = [m for m in map(time_to_resolve, group) if m is not None]
    active = [m for m in map(active_time_to_resolve, group) if m is not None]
    return [len(group), sum(i.is_open for i in group), len(tta), *triple(tta), len(ttr), *triple(ttr),
            *triple(active)]


def grouped(name: str, title: str, key: str, of: Callable[[Incident], str | None],
            chosen: list[Incident]) -> Table:
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in chosen:
        groups[of(incident) or "-"].append(incident)
    rows = [[value, *measures(groups[value])] for value in sorted(groups)]
    rows.append(["all", *measures(chosen)])
    return Table(name, title, [key, *COLUMNS], rows,
                 notes=[("Times in minutes. MTTA = acknowledged - detected; MTTR = resolved - started, "
                        "wall-clock (time on hold counts); mttr_active = the same without time on hold; "
                        "p90 is the nearest-rank 90th percentile.")])


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """MTTA and MTTR: mean, median and p90 per service, priority and month."""
    chosen = selected(repository, options)
    return [
        grouped("mttr-service", "MTTA and MTTR per service", "service", lambda i: i.service, chosen),
        grouped("mttr-priority", "MTTA and MTTR per priority", "priority", lambda i: i.priority, chosen),
        grouped("mttr-month", "MTTA and MTTR per month", "month",
                lambda i: incident_month(repository, i), chosen),
    ]
