"""Maintenance windows as concrete occurrences for the KPIs, expanded by the change calendar's
recurrence (`opsbook.calendar.recurrence`: RFC 5545 semantics, each occurrence starting at the
first one's local time in the window's zone and lasting exactly as long), so availability, the
status page and the calendar feed agree on every occurrence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from opsbook.calendar.recurrence import RecurringWindow
from opsbook.kpis.intervals import Interval
from opsbook.model import Record, Repository


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
    times = RecurringWindow.from_data(window.data)
    if times is None:
        return
    for occurrence in times.occurrences(span.start, span.end):
        if occurrence.end > span.start:
            yield Occurrence(window, Interval(occurrence.start, occurrence.end))


def covering(windows: list[Record], service: str, span: Interval) -> list[Interval]:
    return [o.span for w in windows if service in (w.data.get("services") or [])
            for o in occurrences(w, span)]
