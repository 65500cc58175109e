"""The one clock: what "now" is for a run of the CLI, a site build or a validation.

Every computation takes "now" as an input; only this module reads the system clock. A run's
moment comes, in this order, from what the user gave (`--as-of`, the site plugin's `now`
option), from the environment variable OPSBOOK_NOW (for reproducible builds and tests), and
only then from the system clock.

A moment is a timestamp with a UTC offset, or a day. A day means the end of that day in the
time zone a figure is reported in: `--as-of 2026-07-31` is 23:59:59.999999 on 31 July in
Berlin for a Berlin service and in UTC for a figure without a zone (see `AsOf.at`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from opsbook.moments import day, instant

ENVIRONMENT = "OPSBOOK_NOW"
_LAST_TICK = time(23, 59, 59, 999999)


class BadMoment(ValueError):
    """A moment that is neither a day nor a timestamp with a UTC offset."""


@dataclass(frozen=True)
class AsOf:
    """A run's "now": an instant, or a whole day whose end depends on the zone asked about."""

    moment: datetime  # for a day: its end in UTC
    day: date | None = None

    def at(self, zone: tzinfo = UTC) -> datetime:
        """The instant in UTC: the moment itself, or the end of the day in `zone`."""
        if self.day is None:
            return self.moment.astimezone(UTC)
        return datetime.combine(self.day, _LAST_TICK, zone).astimezone(UTC)

    def local_day(self, zone: tzinfo = UTC) -> date:
        """The day it is in `zone`: the day given, or the moment's day there."""
        return self.day if self.day is not None else self.moment.astimezone(zone).date()

    def isoformat(self) -> str:
        return self.day.isoformat() if self.day is not None else self.moment.isoformat()


def parse_moment(text: str) -> AsOf:
    """A day (2026-07-31) or a timestamp with a UTC offset (2026-07-31T14:00:00+02:00)."""
    moment = instant(text)
    if moment is not None:
        return AsOf(moment)
    parsed = day(text.strip())
    if parsed is None:
        raise BadMoment(f"{text!r} is neither a day (2026-05-03) nor a timestamp with a UTC "
                        "offset (2026-05-03T14:20:00+02:00)")
    return AsOf(datetime.combine(parsed, _LAST_TICK, UTC), parsed)


def system_now() -> datetime:
    """The system clock, to the second. The only place that reads it."""
    return datetime.now(UTC).replace(microsecond=0)


def as_of(given: str | None = None, environ: Mapping[str, str] | None = None) -> AsOf:
    """The run's moment: `given`, else $OPSBOOK_NOW, else the system clock.

    Raises BadMoment naming where an unreadable value came from.
    """
    environ = os.environ if environ is None else environ
    for source, text in (("", given), (f"${ENVIRONMENT}: ", environ.get(ENVIRONMENT))):
        if text:
            try:
                return parse_moment(text)
            except BadMoment as exc:
                raise BadMoment(f"{source}{exc}") from None
    return AsOf(system_now())


def now(given: str | None = None) -> datetime:
    """The run's instant (a day counts as its end in UTC)."""
    return as_of(given).at()


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC at the start of `moment`'s UTC day."""
    return datetime.combine(moment.astimezone(UTC).date(), time(0), UTC)
