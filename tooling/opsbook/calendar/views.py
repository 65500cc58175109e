"""The schedule as text (grouped by day, for a terminal) and JSON (for pipes and the site);
the iCalendar view is opsbook.calendar.ics. FORMATS is the registry the CLI offers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from itertools import groupby
from typing import Any

from opsbook.calendar.conflicts import Conflict
from opsbook.calendar.ics import write_calendar
from opsbook.calendar.revisions import Revisions
from opsbook.calendar.schedule import Event
from opsbook.conflict_policy import severity_of

DAY = timedelta(days=1)


@dataclass(frozen=True)
class CalendarView:
    """Everything a view needs; `display_zone` only changes how text shows times."""

    events: list[Event]
    since: datetime
    before: datetime
    revisions: Revisions = field(default_factory=Revisions)
    conflicts: list[tuple[Conflict, str]] = field(default_factory=list)  # with their severity
    uid_domain: str = "opsbook"
    display_zone: tzinfo = UTC
    pages: dict[str, str] = field(default_factory=dict)  # record ID -> its page's URL, if known

    def notes(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for conflict, severity in self.conflicts:
            found.setdefault(conflict.change.id, []).append(
                f"{severity} [{conflict.code}]: {conflict.message}"
            )
        return found


def with_severities(
    conflicts: list[Conflict], configured: dict[str, str]
) -> list[tuple[Conflict, str]]:
    graded = ((conflict, severity_of(conflict.code, configured)) for conflict in conflicts)
    return [(conflict, severity) for conflict, severity in graded if severity != "off"]


def calendar_ics(view: CalendarView) -> str:
    return write_calendar(view.events, view.revisions, view.uid_domain, view.notes(), pages=view.pages)


def calendar_json(view: CalendarView) -> str:
    document = {
        "from": _iso(view.since),
        "to": _iso(view.before),
        "events": [_event_json(event, view) for event in view.events],
    }
    return json.dumps(document, indent=2) + "\n"


def _event_json(event: Event, view: CalendarView) -> dict[str, Any]:
    record = event.record
    return {
        "uid": f"{event.key}@{view.uid_domain}",
        "id": record.id,
        "kind": record.kind.name,
        "category": event.category,
        "title": record.title,
        "status": record.status,
        "type": record.data.get("type"),
        "start": _iso(event.start),
        "end": _iso(event.end),
        "all_day": event.all_day,
        "cancelled": event.cancelled,
        "services": list(event.services),
        "assets": list(event.assets),
        "sequence": view.revisions.sequence(record.path),
        "path": record.path,
        "conflicts": [
            {"code": c.code, "severity": severity, "other": c.other.id, "message": c.message}
            for c, severity in view.conflicts
            if c.change.id == record.id
        ],
    }


def calendar_text(view: CalendarView) -> str:
    zone = view.display_zone
    notes = view.notes()
    since, before = _local(view.since, zone), _local(view.before, zone)
    lines = [
        (
            f"Change calendar {since:%Y-%m-%d %H:%M} to {before:%Y-%m-%d %H:%M} "
            f"({_zone_name(zone)}): {len(view.events)} events"
        )
    ]
    for local_day, events in groupby(view.events, key=lambda e: _day_of(e, zone)):
        lines.append(f"\n{local_day:%a %Y-%m-%d}")
        for event in events:
            lines.append(_event_line(event, zone))
            lines.extend(f"      ! {note}" for note in notes.get(event.record.id, []))
    return "\n".join(lines) + "\n"


def _event_line(event: Event, zone: tzinfo) -> str:
    record = event.record
    start, end = _local(event.start, zone), _local(event.end, zone)
    if event.all_day:
        when = "all day"
    elif end.date() == start.date() or end == datetime.combine(start.date(), time(0), zone) + DAY:
        when = f"{start:%H:%M}-{end:%H:%M}"
    else:  # a window over several days shows the day it ends
        when = f"{start:%H:%M} to {end:%a %d %H:%M}"
    when = when.ljust(18)
    what = event.category + (
        f" ({record.data['type']})"
        if event.category == "change" and record.data.get("type")
        else ""
    )
    items = ", ".join((*event.services, *event.assets))
    state = "CANCELLED" if event.cancelled else record.status
    return f"  {when} {record.id:<9} {what:<20} {record.title} [{state}]" + (
        f" on {items}" if items else ""
    )


def _day_of(event: Event, zone: tzinfo) -> Any:
    return event.start.date() if event.all_day else _local(event.start, zone).date()


def _local(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone)


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", None) or zone.tzname(None) or "UTC")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


FORMATS: dict[str, Callable[[CalendarView], str]] = {
    "text": calendar_text,
    "json": calendar_json,
    "ics": calendar_ics,
}
