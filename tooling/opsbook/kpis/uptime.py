"""The last 90 days of availability per service, one row per day: the status page's bar.

Each day is measured like a month in the availability report (service hours of the service
itself, agreed maintenance excluded, today up to now; a service in the pipeline has no bar,
and days before a service's go-live (`handed_over`) have no availability); `worst` is the worst outage level that
touched the day, `degraded` included, so a bar can show it although it is not downtime.
"""

from __future__ import annotations

from datetime import timedelta

from opsbook.kpis.availability import Downtime, availability
from opsbook.kpis.facts import hours_of, incidents, services
from opsbook.kpis.hours import day_span
from opsbook.kpis.intervals import Interval
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import rounded
from opsbook.model import Repository
from opsbook.moments import day
from opsbook.tables import Table

DAYS = 90
LEVELS = ("degraded", "partial_outage", "major_outage")


def report(repository: Repository, options: ReportOptions) -> Table:
    """Daily availability over the last 90 days per service (the status page bar)."""
    rows = []
    every_outage = [o for i in incidents(repository) for o in i.outages]
    for service in services(repository):
        if not options.wants(service.id) or service.status == "pipeline":
            continue
        live = day(service.data.get("handed_over"))
        hours = hours_of(repository, service.id)
        now = options.now_in(hours.zone)
        downtime = Downtime.of(repository, service.id, now)
        today = options.clock.local_day(hours.zone)
        for back in range(DAYS - 1, -1, -1):
            local_day = today - timedelta(days=back)
            whole = day_span(local_day, hours.zone)
            span = Interval(whole.start, min(whole.end, now))
            if live is not None and local_day < live:
                span = Interval(whole.start, whole.start)  # not live yet: nothing to measure
            served, down, _ = downtime.measure(hours, span)
            touched = [o.level for o in every_outage if o.service == service.id and o.level in LEVELS
                       and o.start < span.end and (o.end is None or o.end > span.start)]
            worst = max(touched, key=LEVELS.index) if touched else None
            rows.append([service.id, local_day.isoformat(), rounded(served), rounded(down),
                         availability(served, down), worst])
    return Table("availability-daily", f"Daily availability, last {DAYS} days",
                 ["service", "date", "service_minutes", "downtime_minutes", "availability", "worst"],
                 rows, notes=["Days in each service's time zone, up to --as-of; --from/--to do not apply."])
