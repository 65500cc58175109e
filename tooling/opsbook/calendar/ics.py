"""An iCalendar (RFC 5545) feed of the schedule, written by hand: the subset needed is small,
and owning it keeps escaping and folding under test.

Every event is in UTC (no VTIMEZONE needed); a recurring window is written as one VEVENT per
occurrence, each with its own UID, because opsbook expands recurrences itself (wall-clock times
kept in the window's zone) and per-occurrence conflicts are part of the description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import quote

from opsbook import __version__
from opsbook.calendar.revisions import Revisions
from opsbook.calendar.schedule import Event

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
STATUS = {
    "change": {"new": "TENTATIVE", "assess": "TENTATIVE", "authorize": "TENTATIVE"},
    "release": {"draft": "TENTATIVE"},
}


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Content lines longer than 75 octets are folded (RFC 5545 3.1), never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # a continuation line starts with one space
        current.append(character)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def write_calendar(
    events: Iterable[Event],
    revisions: Revisions,
    uid_domain: str,
    notes: dict[str, list[str]] | None = None,
    name: str = "Change calendar",
    pages: dict[str, str] | None = None,
) -> str:
    """The whole VCALENDAR; `notes` adds lines (conflicts) to events' descriptions by record ID,
    `pages` a URL (the record's page on the site) to each event by record ID."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//opsbook//opsbook {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(
            _event_lines(event, revisions, uid_domain, (notes or {}).get(event.record.id, []),
                         (pages or {}).get(event.record.id))
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event_lines(
    event: Event, revisions: Revisions, uid_domain: str, notes: list[str], page: str | None
) -> list[str]:
    record = event.record
    stamp = utc(revisions.stamp(record.path))
    if event.all_day:
        dates = [
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.start + timedelta(days=1):%Y%m%d}",
        ]
    else:
        dates = [f"DTSTART:{utc(event.start)}", f"DTEND:{utc(event.end)}"]
    status = (
        "CANCELLED"
        if event.cancelled
        else STATUS.get(event.category, {}).get(record.status or "", "CONFIRMED")
    )
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.key)}@{escape_text(uid_domain)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{revisions.sequence(record.path)}",
        *dates,
        f"SUMMARY:{escape_text(f'{record.id} {record.title}')}",
        f"DESCRIPTION:{escape_text(_description(event, notes))}",
        f"CATEGORIES:{escape_text(event.category)}",
        f"STATUS:{status}",
        f"TRANSP:{'TRANSPARENT' if event.category == 'release' else 'OPAQUE'}",
        *([f"URL:{uri_value(page)}"] if page else []),
        "END:VEVENT",
    ]


def uri_value(url: str) -> str:
    """A URI value (RFC 5545 3.3.13): not escaped like TEXT, so anything outside URI characters
    is percent-encoded (a line break too: it can never start a property of its own)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%-._~")


def _description(event: Event, notes: list[str]) -> str:
    data = event.record.data
    facts = [f"{event.category}, {event.record.status or 'no status'}"]
    if event.category == "change" and data.get("type"):
        facts[0] += f", {data['type']} change"
    if event.services:
        facts.append("Services: " + ", ".join(event.services))
    if event.assets:
        facts.append("Assets: " + ", ".join(event.assets))
    facts.extend(notes)
    facts.append(f"Source: {event.record.path}")
    return "\n".join(facts)
