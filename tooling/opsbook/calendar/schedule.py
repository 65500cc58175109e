"""The forward schedule of change: planned changes, releases and maintenance windows (every
occurrence of a recurring one) as events in UTC, for one period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsbook.calendar.recurrence import Occurrence, RecurringWindow
from opsbook.cmdb.dependencies import ConfigurationGraph
from opsbook.model import Record, Repository
from opsbook.moments import day, day_start, instant, overlaps

CANCELLED = {"change": "canceled", "release": "cancelled", "maintenance": "cancelled"}


@dataclass(frozen=True)
class Event:
    """One entry in the calendar. `key` is stable across edits: the record ID, plus the local
    start day for an occurrence of a recurring window."""

    key: str
    record: Record
    category: str  # change, release, maintenance, blackout or freeze
    start: datetime
    end: datetime
    all_day: bool = False

    @property
    def cancelled(self) -> bool:
        return self.record.status == CANCELLED.get(self.record.kind.name)

    @property
    def services(self) -> tuple[str, ...]:
        return _listed(self.record, "services")

    @property
    def assets(self) -> tuple[str, ...]:
        return _listed(self.record, "assets")


def schedule(repository: Repository, since: datetime, before: datetime) -> list[Event]:
    """Every event overlapping [since, before), ordered by start, then ID."""
    events = [event for record in repository.records for event in events_of(record, since, before)]
    return sorted(events, key=lambda event: (event.start, event.end, event.key))


def events_of(record: Record, since: datetime, before: datetime) -> Iterator[Event]:
    kind = record.kind.name
    if kind == "change":
        start, end = (
            instant(record.data.get("planned_start")),
            instant(record.data.get("planned_end")),
        )
        if start and end and end > start and overlaps(start, end, since, before):
            yield Event(record.id, record, "change", start.astimezone(UTC), end.astimezone(UTC))
    elif kind == "release":
        planned = day(record.data.get("planned_date"))
        if planned and overlaps(
            day_start(planned), day_start(planned) + timedelta(days=1), since, before
        ):
            yield Event(
                record.id,
                record,
                "release",
                day_start(planned),
                day_start(planned) + timedelta(days=1),
                all_day=True,
            )
    elif kind == "maintenance":
        window = RecurringWindow.from_data(record.data)
        if window is not None:
            for occurrence in window.occurrences(since, before):
                yield _window_event(record, occurrence)


def _window_event(record: Record, occurrence: Occurrence) -> Event:
    key = f"{record.id}-{occurrence.key}" if occurrence.key else record.id
    category = (
        record.data.get("type")
        if record.data.get("type") in ("blackout", "freeze")
        else "maintenance"
    )
    return Event(key, record, category, occurrence.start, occurrence.end)


def touching_service(
    events: list[Event], graph: ConfigurationGraph, service_id: str
) -> list[Event]:
    """The events that can affect a service: those naming it, and those on any item whose
    failure would reach it (what `opsbook impact` lists for that item)."""
    reaches: dict[str, bool] = {}

    def reaches_service(item: str) -> bool:
        if item not in reaches:
            reaches[item] = item == service_id or graph.reach.holds(graph.reach.affected(item), service_id)
        return reaches[item]

    return [
        event for event in events if any(map(reaches_service, (*event.services, *event.assets)))
    ]


def _listed(record: Record, field: str) -> tuple[str, ...]:
    value = record.data.get(field)
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
