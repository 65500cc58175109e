"""The date formats of an export, and which of them a file is written in.

Formats are written the way ServiceNow and Jira show them in their settings (`dd-MM-yyyy
HH:mm:ss`, `dd/MMM/yy h:mm a`); Python's strptime patterns (`%d.%m.%Y %H:%M`) are accepted too.
A file is read in the formats that read every one of its dates; when two of those read the same
text as different moments (day and month both 12 or less throughout), the file is refused with
a request for `--date-format`: a wrong guess would shift every record by months, silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

# The formats understood out of the box, in the order they are tried for a single date.
COMMON = (
    "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm",
    "MM-dd-yyyy HH:mm:ss", "MM-dd-yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy hh:mm:ss a", "MM/dd/yyyy HH:mm:ss",
    "dd.MM.yyyy HH:mm:ss", "dd/MMM/yy h:mm a", "dd/MMM/yyyy h:mm a", "yyyy-MM-dd'T'HH:mm:ss",
)

# Longest first, so `yyyy` is not read as two `yy`.
_TOKENS = {"yyyy": "%Y", "yy": "%y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%m", "dd": "%d",
           "d": "%d", "HH": "%H", "H": "%H", "hh": "%I", "h": "%I", "mm": "%M", "ss": "%S", "a": "%p",
           "EEE": "%a", "SSS": "%f"}
_PATTERN = re.compile("'[^']*'|" + "|".join(sorted(_TOKENS, key=len, reverse=True)) + "|[A-Za-z]+")


class DateFormatError(ValueError):
    """A format that cannot be used, or a file whose dates cannot be read without a guess."""


@dataclass(frozen=True)
class DateFormat:
    shown: str  # as the user wrote it
    pattern: str  # for strptime

    def read(self, text: str) -> datetime | None:
        try:
            return datetime.strptime(" ".join(text.split()), self.pattern)
        except ValueError:
            return None


def date_format(shown: str) -> DateFormat:
    if "%" in shown:
        return DateFormat(shown, shown)
    parts, end = [], 0
    for match in _PATTERN.finditer(shown):
        parts.append(shown[end:match.start()].replace("%", "%%"))
        token = match.group()
        if token.startswith("'"):
            parts.append(token[1:-1].replace("%", "%%") or "'")
        elif token in _TOKENS:
            parts.append(_TOKENS[token])
        else:
            raise DateFormatError(f"date format {shown!r}: unknown letters {token!r} "
                                  f"(known: {', '.join(sorted(_TOKENS))}; quote text as 'T')")
        end = match.end()
    parts.append(shown[end:].replace("%", "%%"))
    return DateFormat(shown, "".join(parts))


@dataclass(frozen=True)
class FileDates:
    """The formats a file's dates are read in: the first that reads a date wins."""

    formats: tuple[DateFormat, ...]

    def read(self, text: str) -> datetime | None:
        for candidate in self.formats:
            moment = candidate.read(text)
            if moment is not None:
                return moment
        return None

    @property
    def shown(self) -> str:
        return " or ".join(f.shown for f in self.formats)


def file_dates(formats: Iterable[DateFormat], values: Iterable[str], *, declared: bool) -> FileDates:
    """The formats to read `values` (every date cell of the file) in. `declared` formats (the
    user's --date-format) are taken as given. Of the mapping's, the one that reads the most
    dates is taken, then the one that reads the most of the rest, and so on (a file may write
    some columns without seconds); a date no format reads is a skipped row. Two formats that
    read as many dates but some of them differently make the file ambiguous."""
    formats = tuple(formats)
    if declared:
        return FileDates(formats)
    remaining = {" ".join(v.split()) for v in values if v.strip()}
    chosen: list[DateFormat] = []
    while remaining:
        reads = {f: {t for t in remaining if f.read(t) is not None} for f in formats if f not in chosen}
        most = max((len(r) for r in reads.values()), default=0)
        if most == 0:
            break
        best = [f for f, r in reads.items() if len(r) == most]
        _refuse_disagreement(best, sorted(reads[best[0]]))
        chosen.append(best[0])
        remaining -= reads[best[0]]
    return FileDates(tuple(chosen) or formats)


def _refuse_disagreement(formats: list[DateFormat], texts: list[str]) -> None:
    for text in texts:
        readings = {f.shown: f.read(text) for f in formats}
        moments = {m for m in readings.values() if m is not None}
        if len(moments) > 1:
            names = [name for name, moment in readings.items() if moment is not None]
            raise DateFormatError(
                f"the dates are ambiguous: {text!r} reads as {' and as '.join(map(repr, names[:2]))} "
                f"(day and month are 12 or less in every date of the file); say which with "
                f"--date-format, e.g. --date-format {names[0]!r}")
