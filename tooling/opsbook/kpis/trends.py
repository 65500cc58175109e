"""Incidents per service per month: the trend, zero months included."""

from __future__ import annotations

from collections import Counter
from datetime import date

from opsbook.kpis.facts import incident_month, services, zone_of
from opsbook.kpis.hours import months
from opsbook.kpis.incidents import selected
from opsbook.kpis.options import ReportOptions
from opsbook.model import Repository
from opsbook.tables import Table


def report(repository: Repository, options: ReportOptions) -> Table:
    """Incidents per service per month (by the month their impact started)."""
    chosen = selected(repository, options)
    counts = Counter((i.service, incident_month(repository, i)) for i in chosen)
    known = [s.id for s in services(repository) if options.wants(s.id)]
    names = sorted(set(known) | {i.service for i in chosen})
    span = _months(repository, options, [m for _, m in counts if m])
    rows = [[name, *(counts[(name, m)] for m in span), sum(counts[(name, m)] for m in span)]
            for name in names]
    rows.append(["all", *(sum(counts[(n, m)] for n in names) for m in span),
                 sum(sum(counts[(n, m)] for n in names) for m in span)])
    return Table("incident-trend", "Incidents per service per month", ["service", *span, "total"], rows,
                 notes=["Months in each service's time zone; canceled incidents are left out."])


def _months(repository: Repository, options: ReportOptions, seen: list[str]) -> list[str]:
    """From --from (or the first incident's month) to --to (or the month of --as-of)."""
    last = options.last_day(zone_of(repository, options.service or ""))
    first = options.start or (date.fromisoformat(min(seen) + "-01") if seen else last)
    return months(first, last)
