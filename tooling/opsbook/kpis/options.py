"""What every report is asked: which service, which days, and what time it is now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from opsbook.clock import AsOf, now
from opsbook.kpis.hours import days_span
from opsbook.kpis.intervals import Interval


@dataclass(frozen=True)
class ReportOptions:
    """The options of one `opsbook report` run.

    `start` and `end` are inclusive local days, read in the time zone of the service being
    measured (UTC where a service has none); None means "from the first record" and "up to
    the as-of day". `as_of` is "now": nothing after it has happened yet, which keeps reports
    reproducible and tests deterministic. With `as_of_day` set, "now" is the end of that day
    in the zone each figure is reported in (`now_in`), and `as_of` its end in UTC.
    """

    as_of: datetime = field(default_factory=now)
    service: str | None = None
    start: date | None = None
    end: date | None = None
    as_of_day: date | None = None

    @classmethod
    def at(cls, moment: AsOf, **options: object) -> ReportOptions:
        as_of = moment.moment if moment.day is None else moment.at()  # a timestamp keeps its offset
        return cls(as_of=as_of, as_of_day=moment.day, **options)  # type: ignore[arg-type]

    @property
    def clock(self) -> AsOf:
        return AsOf(self.as_of, self.as_of_day)

    def now_in(self, tz: tzinfo = UTC) -> datetime:
        """The as-of instant for a figure reported in `tz`."""
        return self.clock.at(tz)

    def last_day(self, tz: tzinfo = UTC) -> date:
        """The last day measured in `tz`: --to, else the as-of day there."""
        return self.end or self.clock.local_day(tz)

    def wants(self, service: str | None) -> bool:
        return self.service is None or service == self.service

    def covers(self, local_day: date, tz: tzinfo = UTC) -> bool:
        return (self.start is None or local_day >= self.start) and local_day <= self.last_day(tz)

    def period(self, tz: ZoneInfo, default_start: date) -> Interval:
        """The measured time in `tz`: the selected days, never past the as-of instant."""
        span = days_span(self.start or default_start, self.last_day(tz), tz)
        return Interval(span.start, min(span.end, self.now_in(tz)))
