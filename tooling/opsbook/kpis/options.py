"""What every report is asked: which service, which days, and what time it is now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from opsbook.kpis.hours import days_span
from opsbook.kpis.intervals import Interval


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ReportOptions:
    """The options of one `opsbook report` run.

    `start` and `end` are inclusive local days, read in the time zone of the service being
    measured (UTC where a service has none); None means "from the first record" and "up to
    `as_of`". `as_of` is "now": nothing after it has happened yet, which keeps reports
    reproducible and tests deterministic.
    """

    as_of: datetime = field(default_factory=_now)
    service: str | None = None
    start: date | None = None
    end: date | None = None

    def wants(self, service: str | None) -> bool:
        return self.service is None or service == self.service

    def covers(self, local_day: date) -> bool:
        return (self.start is None or local_day >= self.start) and (
            self.end is None or local_day <= self.end)

    def period(self, tz: ZoneInfo, default_start: date) -> Interval:
        """The measured time in `tz`: the selected days, never past `as_of`."""
        last = self.end or self.as_of.astimezone(tz).date()
        span = days_span(self.start or default_start, last, tz)
        return Interval(span.start, min(span.end, self.as_of))
