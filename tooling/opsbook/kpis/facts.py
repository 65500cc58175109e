"""The records the KPIs are computed from, read once into typed facts (timestamps parsed,
priority derived, fallbacks applied), so every report reads them the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from opsbook.kpis.hours import UTC_ZONE, ServiceHours, month_of, service_hours, zone
from opsbook.kpis.intervals import Interval, instant
from opsbook.model import Record, Repository
from opsbook.moments import day

DOWN_LEVELS = ("partial_outage", "major_outage")


@dataclass(frozen=True)
class Outage:
    incident: str
    service: str
    start: datetime
    end: datetime | None  # None while ongoing
    level: str

    def span(self, now: datetime) -> Interval:
        return Interval(self.start, min(self.end or now, now))

    def active(self, now: datetime) -> bool:
        return self.start <= now and (self.end is None or self.end > now)


@dataclass(frozen=True)
class Incident:
    record: Record
    service: str
    priority: str | None
    started: datetime | None  # impact began: started_at, else detected_at, else opened_at
    detected: datetime | None  # detected_at, else opened_at
    opened: datetime | None
    acknowledged: datetime | None
    resolved: datetime | None
    is_open: bool
    outages: tuple[Outage, ...]

    @property
    def id(self) -> str:
        return self.record.id


def incidents(repository: Repository) -> list[Incident]:
    """Every incident except canceled ones (a canceled incident was never a real one)."""
    # Read once per repository (again if records were added): reports ask for them once per
    # service, which at 10,000 records made a report quadratic.
    return list(repository.derived("kpi-incidents", _read_incidents))


def _read_incidents(repository: Repository) -> list[Incident]:
    result = []
    for record in repository.of_kind("incident"):
        if record.status == "canceled":
            continue
        data = record.data
        opened = instant(data.get("opened_at"))
        detected = instant(data.get("detected_at")) or opened
        is_open = record.kind.lifecycle is not None and record.kind.lifecycle.is_open(record.status)
        # A reopened incident is not resolved, whatever resolved_at still says.
        resolved = None if is_open else instant(data.get("resolved_at"))
        result.append(Incident(
            record=record,
            service=str(data.get("service", "")),
            priority=repository.config.priority_of(data.get("impact"), data.get("urgency")),
            started=instant(data.get("started_at")) or detected,
            detected=detected,
            opened=opened,
            acknowledged=instant(data.get("acknowledged_at")),
            resolved=resolved,
            is_open=is_open,
            outages=tuple(_outages(record, resolved)),
        ))
    return result


def _outages(record: Record, resolved: datetime | None) -> list[Outage]:
    """Outage intervals; one left open on a resolved incident ends when it was resolved."""
    result = []
    for entry in record.data.get("outages") or []:
        if not isinstance(entry, dict):
            continue
        start, end = instant(entry.get("start")), instant(entry.get("end")) or resolved
        if start is not None and (end is None or end > start):
            result.append(Outage(record.id, str(entry.get("service", record.data.get("service"))),
                                 start, end, str(entry.get("level", "major_outage"))))
    return result


@dataclass(frozen=True)
class Agreement:
    """An SLA as the KPIs read it; its hours default to the service's."""

    record: Record
    service: str
    hours: ServiceHours
    target: float | None
    targets: dict[str, dict[str, int]]
    pause_on: frozenset[str]
    exclude_maintenance: bool
    valid_from: date | None
    valid_to: date | None

    @property
    def id(self) -> str:
        return self.record.id

    def valid_on(self, local_day: date) -> bool:
        return (self.valid_from is None or local_day >= self.valid_from) and (
            self.valid_to is None or local_day <= self.valid_to)


def agreements(repository: Repository) -> list[Agreement]:
    """SLAs that are or were agreed (drafts are not)."""
    result = []
    for record in sorted(repository.of_kind("sla"), key=lambda r: r.id):
        if record.status == "draft":
            continue
        data, service = record.data, str(record.data.get("service", ""))
        own = data.get("service_hours")
        hours = service_hours(own, zone_of(repository, service)) if own is not None \
            else hours_of(repository, service)
        target = data.get("availability_target")
        pause_on = data.get("pause_on")
        result.append(Agreement(
            record=record, service=service, hours=hours,
            target=float(target) if isinstance(target, int | float) else None,
            targets={p: t for p, t in (data.get("targets") or {}).items() if isinstance(t, dict)},
            pause_on=frozenset(pause_on if isinstance(pause_on, list) else ["on_hold"]),
            exclude_maintenance=data.get("exclude_maintenance", True) is not False,
            valid_from=day(data.get("valid_from")), valid_to=day(data.get("valid_to")),
        ))
    return result


def services(repository: Repository) -> list[Record]:
    return sorted(repository.of_kind("service"), key=lambda r: r.id)


def hours_of(repository: Repository, service: str) -> ServiceHours:
    """A service's own hours; without them, around the clock in its time zone."""
    record = repository.by_id.get(service)
    value = record.data.get("service_hours") if record else None
    return service_hours(value, zone_of(repository, service))


def zone_of(repository: Repository, service: str) -> ZoneInfo:
    """The time zone a service's days and months are counted in: that of its own service
    hours, else of its first SLA that names one, else UTC."""
    record = repository.by_id.get(service)
    hours = record.data.get("service_hours") if record else None
    own = zone(hours.get("timezone")) if isinstance(hours, dict) else None
    return own or repository.derived("sla-zones", _sla_zones).get(service, UTC_ZONE)


def _sla_zones(repository: Repository) -> dict[str, ZoneInfo]:
    """Each service's zone from its first SLA by ID (drafts aside) that names one. Derived once
    per repository: reports ask for it for every incident."""
    zones: dict[str, ZoneInfo] = {}
    for sla in sorted(repository.of_kind("sla"), key=lambda r: r.id):
        service, hours = sla.data.get("service"), sla.data.get("service_hours")
        tz = zone(hours.get("timezone")) if isinstance(hours, dict) else None
        if sla.status != "draft" and isinstance(service, str) and tz is not None:
            zones.setdefault(service, tz)
    return zones


def incident_month(repository: Repository, incident: Incident) -> str | None:
    """An incident belongs to the month its impact started, in its service's time zone."""
    if incident.started is None:
        return None
    return month_of(incident.started, zone_of(repository, incident.service))


def incident_day(repository: Repository, incident: Incident) -> date | None:
    if incident.started is None:
        return None
    return incident.started.astimezone(zone_of(repository, incident.service)).date()
