"""Instants as records write them: timestamps with a UTC offset, and calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opsbook.moments import day, instant

__all__ = ["UTC", "day", "day_start", "instant", "overlaps", "parse_bound", "zone"]


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
