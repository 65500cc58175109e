"""Service hours in a named time zone, and calendar periods (days, months) in that zone.

Wall-clock schedules are turned into absolute intervals day by day with zoneinfo, so a day
with a daylight-saving change has 23 or 25 hours of "00:00-24:00" service, as it should.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opsbook.kpis.intervals import Interval, intersect
from opsbook.moments import day

UTC_ZONE = ZoneInfo("UTC")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def zone(name: Any) -> ZoneInfo | None:
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class Period:
    """Recurring weekly service time: on `days`, from `start` to `end` (minutes after midnight)."""

    days: frozenset[int]
    start: int
    end: int


@dataclass(frozen=True)
class ServiceHours:
    zone: ZoneInfo
    periods: tuple[Period, ...] | None = None  # None: around the clock
    holidays: frozenset[date] = frozenset()

    @property
    def around_the_clock(self) -> bool:
        return self.periods is None

    def describe(self) -> str:
        return "24x7" if self.periods is None else f"schedule ({self.zone.key})"

    def within(self, span: Interval) -> list[Interval]:
        """The parts of `span` that fall inside service hours."""
        if self.periods is None:
            return [span] if span.end > span.start else []
        pieces = []
        for local_day in local_days(span, self.zone):
            if local_day in self.holidays:
                continue
            weekday = local_day.weekday()
            for period in self.periods:
                if weekday in period.days:
                    pieces.append(Interval(wall(local_day, period.start, self.zone),
                                           wall(local_day, period.end, self.zone)))
        return intersect(pieces, [span])


def service_hours(value: Any, fallback_zone: ZoneInfo = UTC_ZONE) -> ServiceHours:
    """Service hours as written in a service or SLA record; anything unreadable counts as 24x7."""
    if not isinstance(value, dict):
        return ServiceHours(fallback_zone)
    tz = zone(value.get("timezone")) or fallback_zone
    periods = []
    for entry in value.get("schedule") or []:
        if not isinstance(entry, dict):
            continue
        days = frozenset(WEEKDAYS.index(d) for d in entry.get("days") or [] if d in WEEKDAYS)
        start, end = _minutes(entry.get("start")), _minutes(entry.get("end"))
        if days and start is not None and end is not None and end > start:
            periods.append(Period(days, start, end))
    holidays = frozenset(d for d in map(day, value.get("holidays") or []) if d)
    return ServiceHours(tz, tuple(periods), holidays)


def _minutes(value: Any) -> int | None:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    try:
        return int(value[:2]) * 60 + int(value[3:])
    except ValueError:
        return None


def wall(local_day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant a wall clock in `tz` shows `minutes` after midnight of `local_day` (24:00 is
    the next midnight); in a spring-forward gap, the pre-transition offset applies."""
    extra_days, minutes = divmod(minutes, 24 * 60)
    moment = datetime.combine(local_day + timedelta(days=extra_days),
                              time(minutes // 60, minutes % 60), tzinfo=tz)
    return moment.astimezone(UTC)


def local_days(span: Interval, tz: ZoneInfo) -> Iterator[date]:
    current = span.start.astimezone(tz).date() - timedelta(days=1)
    last = span.end.astimezone(tz).date()
    while current <= last:
        yield current
        current += timedelta(days=1)


def day_span(local_day: date, tz: ZoneInfo) -> Interval:
    return Interval(wall(local_day, 0, tz), wall(local_day, 24 * 60, tz))


def days_span(first: date, last: date, tz: ZoneInfo) -> Interval:
    """From the start of `first` to the end of `last`, both local days in `tz`."""
    return Interval(wall(first, 0, tz), wall(last, 24 * 60, tz))


def month_of(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m")


def month_span(month: str, tz: ZoneInfo) -> Interval:
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return Interval(wall(first, 0, tz), wall(following, 0, tz))


def months(first: date, last: date) -> list[str]:
    """Every month from the one holding `first` to the one holding `last`, as YYYY-MM."""
    result, year, number = [], first.year, first.month
    while (year, number) <= (last.year, last.month):
        result.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return result
