"""Instants and half-open time intervals [start, end) as aware datetimes.

Every KPI is a sum of interval lengths, so overlaps must be merged before they are measured:
two outages of one service that overlap count once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from opsbook import moments


class Interval(NamedTuple):
    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return max((self.end - self.start).total_seconds(), 0.0) / 60


def instant(value: Any) -> datetime | None:
    """A record's timestamp in UTC, or None if it is not one."""
    moment = moments.instant(value)
    return moment.astimezone(UTC) if moment else None


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same time; empty ones are dropped."""
    merged: list[Interval] = []
    for current in sorted(i for i in intervals if i.end > i.start):
        if merged and current.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Interval(last.start, max(last.end, current.end))
        else:
            merged.append(current)
    return merged


def intersect(left: Iterable[Interval], right: Iterable[Interval]) -> list[Interval]:
    result = []
    right = merge(right)
    for a in merge(left):
        for b in right:
            start, end = max(a.start, b.start), min(a.end, b.end)
            if end > start:
                result.append(Interval(start, end))
    return merge(result)


def subtract(left: Iterable[Interval], right: Iterable[Interval]) -> list[Interval]:
    result = []
    cuts = merge(right)
    for piece in merge(left):
        start = piece.start
        for cut in cuts:
            if cut.end <= start or cut.start >= piece.end:
                continue
            if cut.start > start:
                result.append(Interval(start, cut.start))
            start = max(start, cut.end)
        if start < piece.end:
            result.append(Interval(start, piece.end))
    return result


def total_minutes(intervals: Iterable[Interval]) -> float:
    return sum(i.minutes for i in merge(intervals))


def minutes_between(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(minutes=1)
