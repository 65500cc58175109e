"""Reading the instants and days records hold. A value that is not one reads as None: the
schema reports malformed values, so computations leave them out rather than fail. Also the
few operations on them that schedules and options share: day starts, time zones, bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def instant(value: Any) -> datetime | None:
    """An aware datetime for a timestamp with a UTC offset, keeping the offset as written."""
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def day(value: Any) -> date | None:
    """A calendar day written as YYYY-MM-DD."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None

def day_start(value: date) -> datetime:
    """Midnight UTC at the start of `value`: all-day events are placed in UTC for comparisons."""
    return datetime.combine(value, time(0), UTC)


def zone(name: Any) -> ZoneInfo | None:
    """The IANA time zone called `name`, or None when there is no such zone."""
    if not isinstance(name, str) or not name or name.startswith("/") or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_bound(text: str, *, end: bool) -> datetime:
    """A --from/--to option: a day (an end day counts whole) or a timestamp with an offset."""
    moment = instant(text)
    if moment is not None:
        return moment.astimezone(UTC)
    parsed = day(text)
    if parsed is None:
        raise ValueError(f"{text!r} is neither a day (YYYY-MM-DD) nor a timestamp with an offset")
    return day_start(parsed + timedelta(days=1) if end else parsed)


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: windows that only touch at an edge do not overlap."""
    return a_start < b_end and b_start < a_end
