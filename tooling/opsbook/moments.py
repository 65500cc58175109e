"""Reading the instants and days records hold. A value that is not one reads as None: the
schema reports malformed values, so computations leave them out rather than fail.

So do years outside the schemas' range (defs.schema.json): arithmetic on a year 9999 or 0001
overflows Python's dates, and every command must survive a record the schema refuses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

FIRST_YEAR, LAST_YEAR = 1900, 2199


def instant(value: Any) -> datetime | None:
    """An aware datetime for a timestamp with a UTC offset, keeping the offset as written."""
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo and FIRST_YEAR <= moment.year <= LAST_YEAR else None


def day(value: Any) -> date | None:
    """A calendar day written as YYYY-MM-DD."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None
