"""The moment a record is cut at: what lies after it had not happened yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from opsbook.kpis.intervals import instant
from opsbook.moments import day

Data = dict[str, Any]


@dataclass(frozen=True)
class Cut:
    """The as-of instant and day for one record."""

    moment: datetime
    day: date

    def after(self, value: Any) -> bool:
        """Whether a timestamp (or a day) lies after the cut; unreadable values do not."""
        moment = instant(value)
        if moment is not None:
            return moment > self.moment
        written = day(value)
        return written is not None and written > self.day


def without(data: Data, cut: Cut, fields: tuple[str, ...]) -> Data:
    """`data` without the fields that lie after the cut (the same object when none does)."""
    later = [name for name in fields if cut.after(data.get(name))]
    return data if not later else {k: v for k, v in data.items() if k not in later}


def entries(data: Data, name: str, when: str, cut: Cut) -> Data:
    """`data` with the list `name` keeping only the entries dated (by `when`) up to the cut."""
    value = data.get(name)
    if not isinstance(value, list):
        return data
    kept = [e for e in value if not (isinstance(e, dict) and cut.after(e.get(when)))]
    return data if len(kept) == len(value) else {**data, name: kept}
