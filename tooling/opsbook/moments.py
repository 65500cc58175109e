"""Reading the instants and days records hold. A value that is not one reads as None: the
schema reports malformed values, so computations leave them out rather than fail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def instant(value: Any) -> datetime | None:
    """An aware datetime for a timestamp with a UTC offset, keeping the offset as written."""
    if not isinstance(value, str) or len(value) < 16 or value[10] not in "Tt ":
        return None
    try:
        moment = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def day(value: Any) -> date | None:
    """A calendar day written as YYYY-MM-DD."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
