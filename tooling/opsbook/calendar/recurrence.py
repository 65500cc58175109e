"""Maintenance windows and their recurrences, expanded in the window's own time zone.

As RFC 5545 expands an RRULE with a DTEND (3.8.5.3, 3.3.10): every occurrence starts at the
first one's wall-clock time in the window's zone (a Sunday 02:00 Europe/Berlin window starts at
02:00 local all year, so it moves by an hour in UTC) and lasts exactly as long as the first one.
A Sunday 02:00-04:00 Berlin window lasts 2 h on the days the clocks change too: in March
03:00-05:00 summer time, in October 02:00 summer time to 03:00 winter time. A local time that
does not exist on the day the clocks go forward is read with the offset in force before the gap,
as RFC 5545 does: 02:30 becomes 03:30 summer time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from opsbook.moments import day, instant, zone

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
# A guard against a rule that would run for centuries; 20,000 is 54 years of a daily window.
MAX_OCCURRENCES = 20_000


@dataclass(frozen=True)
class Occurrence:
    """One occurrence in UTC; `key` is its local start day (YYYYMMDD) when the window recurs."""

    start: datetime
    end: datetime
    key: str | None = None


@dataclass(frozen=True)
class Recurrence:
    frequency: str
    interval: int = 1
    days: tuple[int, ...] = ()
    until: date | None = None
    count: int | None = None

    @classmethod
    def from_data(cls, data: Any) -> Recurrence | None:
        if not isinstance(data, dict) or data.get("frequency") not in (
            "daily",
            "weekly",
            "monthly",
        ):
            return None
        interval = data.get("interval", 1)
        count = data.get("count")
        return cls(
            frequency=data["frequency"],
            interval=interval if isinstance(interval, int) and interval >= 1 else 1,
            days=tuple(sorted({WEEKDAYS[d] for d in data.get("days") or () if d in WEEKDAYS})),
            until=day(data.get("until")),
            count=count if isinstance(count, int) and count >= 1 else None,
        )


@dataclass(frozen=True)
class RecurringWindow:
    """The times of a maintenance record: its first window, its zone and its recurrence."""

    start: datetime
    end: datetime
    zone: tzinfo
    recurrence: Recurrence | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RecurringWindow | None:
        """None when the window cannot be placed in time (the schema or `time-order` says why)."""
        start, end = instant(data.get("start")), instant(data.get("end"))
        if start is None or end is None or end <= start:
            return None
        named = zone(data.get("timezone")) if "timezone" in data else None
        if "timezone" in data and named is None:
            return None  # an unknown zone: reported as timezone-unknown, never guessed
        return cls(
            start, end, named or start.tzinfo or UTC, Recurrence.from_data(data.get("recurrence"))
        )

    def occurrences(self, since: datetime, before: datetime) -> Iterator[Occurrence]:
        """The occurrences that overlap [since, before), in order."""
        if self.recurrence is None:
            if self.start < before and since < self.end:
                yield Occurrence(self.start.astimezone(UTC), self.end.astimezone(UTC))
            return
        for occurrence in self._expand():
            if occurrence.start >= before:
                return
            if since < occurrence.end:
                yield occurrence

    def _expand(self) -> Iterator[Occurrence]:
        rule = self.recurrence
        assert rule is not None
        first = self.start.astimezone(self.zone)
        length = self.end - self.start  # exact: the same for every occurrence
        for number, local_day in enumerate(_local_days(first.date(), rule)):
            if number >= MAX_OCCURRENCES or (rule.count is not None and number >= rule.count):
                return
            if rule.until is not None and local_day > rule.until:
                return
            if number == 0:
                start, end = self.start, self.end  # the first window is exactly as written
            else:
                start = datetime.combine(local_day, first.timetz().replace(fold=0))
                end = start.astimezone(UTC) + length
            yield Occurrence(
                start.astimezone(UTC), end.astimezone(UTC), local_day.strftime("%Y%m%d")
            )


def _local_days(first: date, rule: Recurrence) -> Iterator[date]:
    """The local days occurrences start on, beginning with the first window's own day."""
    yield first
    if rule.frequency == "daily":
        step = timedelta(days=rule.interval)
        current = first + step
        while True:
            yield current
            current += step
    elif rule.frequency == "weekly":
        week = first - timedelta(days=first.weekday())  # weeks start on Monday (RFC 5545 WKST)
        weekdays = rule.days or (first.weekday(),)
        while True:
            for weekday in weekdays:
                candidate = week + timedelta(days=weekday)
                if candidate > first:
                    yield candidate
            week += timedelta(weeks=rule.interval)
    else:
        yield from _monthly(first, rule.interval)


def _monthly(first: date, interval: int) -> Iterator[date]:
    """The same day of the month as `first`; months without that day are skipped, as in RFC 5545."""
    months = first.year * 12 + first.month - 1
    for _ in range(MAX_OCCURRENCES):
        months += interval
        try:
            yield date(months // 12, months % 12 + 1, first.day)
        except ValueError:
            continue
