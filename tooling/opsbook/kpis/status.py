"""The state of every service at --as-of, for the status page, and the maintenance ahead.

A service's own state is the worst of:
- the active outages (started, not ended) of its open incidents: their `level`;
- its open incidents that record no outages at all, by impact: `major: true` -> major_outage,
  impact high -> partial_outage, medium -> degraded, low -> no effect;
- an occurrence of a maintenance window (type maintenance, not cancelled) naming it that is
  under way -> under_maintenance.
Then dependencies: a service whose dependency (along `depends_on`, transitively) is in a
partial or major outage is at least degraded. Severity order: operational < degraded <
under_maintenance < partial_outage < major_outage. Retired services are not shown.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from opsbook.kpis.facts import Incident, incidents, services
from opsbook.kpis.intervals import Interval
from opsbook.kpis.maintenance import agreed_windows, occurrences
from opsbook.kpis.options import ReportOptions
from opsbook.model import Record, Repository
from opsbook.tables import Table

ORDER = ("operational", "degraded", "under_maintenance", "partial_outage", "major_outage")
OUTAGES = ("partial_outage", "major_outage")
BY_IMPACT = {"high": "partial_outage", "medium": "degraded"}
UPCOMING_DAYS = 30

State = tuple[str, str | None, datetime | None]  # state, cause, since


def worst(states: list[State]) -> State:
    return max(states, key=lambda s: ORDER.index(s[0]), default=("operational", None, None))


def own_states(repository: Repository, now: datetime) -> dict[str, State]:
    found: dict[str, list[State]] = {}
    for incident in incidents(repository):
        if incident.is_open:
            for service, state in _incident_states(incident, now):
                found.setdefault(service, []).append(state)
    for window in agreed_windows(repository):
        for occurrence in occurrences(window, Interval(now, now + timedelta(microseconds=1))):
            for service in occurrence.services:
                found.setdefault(service, []).append(("under_maintenance", window.id, occurrence.span.start))
    return {service: worst(states) for service, states in found.items()}


def _incident_states(incident: Incident, now: datetime) -> list[tuple[str, State]]:
    if incident.outages:
        return [(o.service, (o.level, incident.id, o.start)) for o in incident.outages
                if o.active(now) and o.level in ORDER]
    if incident.started is None or incident.started > now:
        return []
    level = "major_outage" if incident.record.data.get("major") is True \
        else BY_IMPACT.get(str(incident.record.data.get("impact")))
    return [(incident.service, (level, incident.id, incident.started))] if level else []


def dependencies(service: Record, by_id: dict[str, Record]) -> list[str]:
    """Every service `service` depends on, directly or through others (cycles tolerated)."""
    seen: list[str] = []
    stack = list(service.data.get("depends_on") or [])
    while stack:
        current = stack.pop(0)
        if isinstance(current, str) and current not in seen and current != service.id:
            seen.append(current)
            stack += list((by_id[current].data.get("depends_on") or []) if current in by_id else [])
    return seen


def current(repository: Repository, now: datetime) -> dict[str, State]:
    """Service ID -> (state, cause, since), dependencies included."""
    own, by_id, result = own_states(repository, now), repository.by_id, {}
    for service in services(repository):
        if service.status == "retired":
            continue
        inherited = [("degraded", f"{dep} ({own[dep][0]})", own[dep][2])
                     for dep in dependencies(service, by_id) if dep in own and own[dep][0] in OUTAGES]
        result[service.id] = worst([own.get(service.id, ("operational", None, None)), *inherited])
    return result


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Current status of each service (with causes) and upcoming maintenance."""
    rows = []
    for service_id, (state, cause, since) in current(repository, options.as_of).items():
        if options.wants(service_id):
            record = repository.by_id[service_id]
            rows.append([service_id, record.title, state, cause,
                         since.isoformat() if since else None, record.data.get("customer_facing") is True])
    return [Table("status", f"Service status at {options.clock.isoformat()}",
                  ["service", "title", "status", "cause", "since", "customer_facing"], rows),
            upcoming(repository, options)]


def upcoming(repository: Repository, options: ReportOptions) -> Table:
    ahead = Interval(options.as_of, options.as_of + timedelta(days=UPCOMING_DAYS))
    rows = sorted(
        [o.span.start.isoformat(), o.span.end.isoformat(), o.window.id, o.window.title,
         ", ".join(o.services), o.window.data.get("impact"), o.span.start <= options.as_of]
        for w in agreed_windows(repository) for o in occurrences(w, ahead)
        if options.service is None or options.service in o.services)
    return Table("maintenance-upcoming", f"Maintenance in the next {UPCOMING_DAYS} days",
                 ["start", "end", "window", "title", "services", "impact", "under_way"], rows)
