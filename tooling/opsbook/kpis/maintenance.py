"""Maintenance windows as concrete occurrences, recurrences expanded in the window's time zone
(each occurrence starts at the first one's local time and lasts as long)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from opsbook.kpis.hours import UTC_ZONE, WEEKDAYS, zone
from opsbook.kpis.intervals import Interval, instant
from opsbook.model import Record, Repository
from opsbook.moments import day

# A safety stop for a recurrence with neither `until` nor `count` asked about a far range.
MAX_OCCURRENCES = 20_000


@dataclass(frozen=True)
class Occurrence:
    window: Record
    span: Interval

    @property
    def services(self) -> list[str]:
        return [s for s in self.window.data.get("services") or [] if isinstance(s, str)]


def agreed_windows(repository: Repository) -> list[Record]:
    """Windows in which outages are agreed: type maintenance, not cancelled."""
    return [w for w in repository.of_kind("maintenance")
            if w.data.get("type") == "maintenance" and w.status != "cancelled"]


def occurrences(window: Record, span: Interval) -> Iterator[Occurrence]:
    """The window's occurrences that overlap `span`."""
    first_start, first_end = instant(window.data.get("start")), instant(window.data.get("end"))
    if first_start is None or first_end is None or first_end <= first_start:
        return
    length = first_end - first_start
    for start in _starts(window, first_start):
        if start >= span.end:
            return
        if start + length > span.start:
            yield Occurrence(window, Interval(start, start + length))


def covering(windows: list[Record], service: str, span: Interval) -> list[Interval]:
    return [o.span for w in windows if service in (w.data.get("services") or [])
            for o in occurrences(w, span)]


def _starts(window: Record, first: datetime) -> Iterator[datetime]:
    recurrence = window.data.get("recurrence")
    if not isinstance(recurrence, dict):
        yield first
        return
    tz = zone(window.data.get("timezone")) or first.tzinfo or UTC_ZONE
    local = first.astimezone(tz)
    until = day(recurrence.get("until"))
    count = recurrence.get("count") if isinstance(recurrence.get("count"), int) else None
    try:
        for number, local_day in enumerate(_days(recurrence, local.date())):
            if number >= (count or MAX_OCCURRENCES) or (until and local_day > until):
                return
            moment = datetime.combine(local_day, local.time(), tzinfo=tz)
            yield moment.astimezone(UTC)
    except OverflowError:
        return  # the rule ran past the last day Python can represent (the schema caps it)


def _days(recurrence: dict, first: date) -> Iterator[date]:
    interval = recurrence.get("interval") if isinstance(recurrence.get("interval"), int) else 1
    interval = max(interval, 1)
    frequency = recurrence.get("frequency")
    if frequency == "daily":
        for step in range(MAX_OCCURRENCES):
            yield first + timedelta(days=step * interval)
    elif frequency == "weekly":
        weekdays = sorted({WEEKDAYS.index(d) for d in recurrence.get("days") or []
                           if d in WEEKDAYS} or {first.weekday()})
        monday = first - timedelta(days=first.weekday())
        for week in range(MAX_OCCURRENCES):
            for weekday in weekdays:
                candidate = monday + timedelta(weeks=week * interval, days=weekday)
                if candidate >= first:
                    yield candidate
    elif frequency == "monthly":
        # Months without that day (the 31st in April) are skipped, as in RFC 5545.
        for step in range(MAX_OCCURRENCES):
            months = first.month - 1 + step * interval
            try:
                yield first.replace(year=first.year + months // 12, month=months % 12 + 1)
            except ValueError:
                continue
    else:
        yield first
