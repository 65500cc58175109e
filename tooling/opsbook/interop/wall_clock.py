"""Export timestamps (wall-clock times in the exporting user's time zone, no offset) as RFC 3339
timestamps with the offset that zone had at that moment, summer time included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class BadMoment(ValueError):
    """A value that is no moment in the zone; the message says why."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadMoment(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


def local_moment(text: str, formats: tuple[str, ...], where: ZoneInfo) -> tuple[str, str | None]:
    """(timestamp, note): the note says when a wall-clock time was ambiguous (the hour repeated
    when summer time ends), where the earlier of the two moments is taken."""
    wall = _parse(" ".join(text.split()), formats)
    if wall.tzinfo is not None:
        return _iso(wall), None
    first, second = wall.replace(tzinfo=where, fold=0), wall.replace(tzinfo=where, fold=1)
    if _round_trip(first) != wall:
        raise BadMoment(f"{text!r} does not exist in {where.key} (the clocks skip that hour)")
    note = None
    if first.utcoffset() != second.utcoffset():
        note = f"{text!r} happened twice in {where.key}; took the first ({_iso(first)})"
    return _iso(first), note


def _parse(text: str, formats: tuple[str, ...]) -> datetime:
    for pattern in formats:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise BadMoment(f"{text!r} is not a date in the export's format ({' or '.join(formats)})")


def _round_trip(moment: datetime) -> datetime:
    """The wall-clock time the instant shows in its zone: differs for times in a DST gap."""
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None)


def _iso(moment: datetime) -> str:
    moment = moment.replace(microsecond=0)
    if moment.utcoffset() == timedelta(0):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()
