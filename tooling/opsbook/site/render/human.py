"""Values as people read them: moments in a zone ("Tue 13 Dec, 02:00 CET") with their ISO
value kept in `<time datetime>` and on hover, "in 3 days" from the build's clock, durations in
h/min/days, money with its currency, and states as labels ("In progress").

Machine values stay in attributes (and in the JSON API and CSV reports); visible text is for
people. Relative phrases come from the build's `now`, never the browser's clock, so a page
says the same thing whoever opens it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from html import escape
from typing import Any

from opsbook.site.render.text import h

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"`([^`\n]+)`")
# Moments further from now than this get no "in 3 days" / "2 h ago": the date says enough.
RELATIVE_WITHIN = timedelta(days=45)
# Labels that `str.capitalize` would get wrong.
_LABELS = {"ci": "CI", "sla": "SLA", "kb": "KB", "csat": "CSAT", "rag": "RAG", "edi": "EDI",
           "ftp": "FTP", "api": "API", "ok": "OK", "n/a": "n/a"}


def state_label(value: Any) -> str:
    """`in_progress` -> `In progress`, `partial_outage` -> `Partial outage`; other text as is."""
    text = str(value if value is not None else "")
    if not re.fullmatch(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*", text):
        return text
    words = re.split(r"[_-]", text)
    first = _LABELS.get(words[0], words[0].capitalize())
    return " ".join([first, *(_LABELS.get(w, w) for w in words[1:])])


def parse_moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _MOMENT.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_day(value: Any) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def is_when(value: Any) -> bool:
    return parse_moment(value) is not None or parse_day(value) is not None


def moment_text(moment: datetime, zone: tzinfo, now: datetime | None = None) -> str:
    """`Tue 13 Dec, 02:00 CET`; the year only when it is not the year of `now`."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(zone)
    year = "" if now is not None and local.year == now.astimezone(zone).year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M} {local.tzname() or ''}".rstrip()


def day_text(day: date, now: datetime | None = None) -> str:
    year = "" if now is not None and day.year == now.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}"


def relative_text(moment: datetime, now: datetime) -> str:
    """`in 3 days`, `2 h ago`, `just now`: how far `moment` is from `now`, roughly."""
    seconds = (moment - now).total_seconds()
    amount = abs(seconds)
    if amount < 60:
        return "just now"
    if amount < 3600:
        span = f"{round(amount / 60)} min"
    elif amount < 48 * 3600:
        span = f"{round(amount / 3600)} h"
    else:
        days = round(amount / 86400)
        span = f"{days} days"
    return f"in {span}" if seconds > 0 else f"{span} ago"


def day_relative(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def when_html(value: Any, zone: tzinfo, now: datetime, *, relative: bool = True) -> str:
    """A moment or a day as `<time>`: people's text, the ISO value in `datetime` and `title`.
    Anything else is escaped text."""
    moment = parse_moment(value)
    if moment is not None:
        iso = moment.isoformat() if isinstance(value, datetime) else str(value)
        text = moment_text(moment, zone, now)
        near = relative and moment.tzinfo is not None and abs(moment - now) <= RELATIVE_WITHIN
        extra = f' <span class="opsbook-relative">({relative_text(moment, now)})</span>' if near else ""
        return f'<time datetime="{h(iso)}" title="{h(iso)}">{h(text)}</time>{extra}'
    day = parse_day(value)
    if day is not None:
        today = now.astimezone(zone).date()
        near = relative and abs(day - today) <= RELATIVE_WITHIN
        extra = f' <span class="opsbook-relative">({day_relative(day, today)})</span>' if near else ""
        return f'<time datetime="{day.isoformat()}" title="{day.isoformat()}">{h(day_text(day, now))}</time>{extra}'
    return h(value)


_EMBEDDED = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
                       r"|\b[a-z]+(?:_[a-z0-9]+)+\b")


def text_with_times(text: Any, zone: tzinfo, now: datetime) -> str:
    """Escaped text whose ISO days and moments become `<time>` and whose `snake_case` words
    (states inside generated sentences) become labels."""
    out, last = [], 0
    source = str(text)
    for match in _EMBEDDED.finditer(source):
        out.append(escape(source[last:match.start()]))
        token = match.group(0)
        out.append(when_html(token, zone, now, relative=False) if token[0].isdigit() else h(state_label(token)))
        last = match.end()
    out.append(escape(source[last:]))
    return "".join(out)


_UTC_SPAN = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(?:-(\d{2}:\d{2})| to (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})) UTC")


def utc_spans_html(text: str, zone: tzinfo, now: datetime) -> str:
    """Escaped text whose `2027-01-20 19:00-21:00 UTC` spans (as the conflict checks write
    them) are shown in `zone`, each end a `<time>`."""
    out, last = [], 0
    for match in _UTC_SPAN.finditer(text):
        day, start, end_time, end_day, end_at = match.groups()
        begin = datetime.fromisoformat(f"{day}T{start}+00:00")
        end = datetime.fromisoformat(f"{end_day or day}T{end_at or end_time}+00:00")
        out.append(escape(text[last:match.start()]))
        out.append(f"{when_html(begin, zone, now, relative=False)} to {when_html(end, zone, now, relative=False)}")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def duration_text(minutes: float | None) -> str:
    """`45 min`, `19 h 34 min`, `3 days 4 h`: whole units, the two largest that matter."""
    if minutes is None:
        return "-"
    total = round(abs(minutes))
    sign = "-" if minutes < 0 and total else ""
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        text = f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    elif hours:
        text = f"{hours} h" + (f" {mins} min" if mins else "")
    else:
        text = f"{mins} min"
    return sign + text


def money_text(amount: Any, currency: str | None) -> str:
    """`240,000 EUR`; cents only when there are any."""
    if not isinstance(amount, (int, float)) or isinstance(amount, bool):
        return str(amount)
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{number} {currency}" if currency else number


def number_text(value: Any) -> str:
    """Numbers with thousands separators; whole floats without `.0`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def help_html(text: str) -> str:
    """Schema help text: escaped, `backticks` as code."""
    return _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", h(text))


def help_plain(text: str) -> str:
    """Schema help text for a tooltip attribute: no backticks."""
    return _CODE.sub(lambda m: m.group(1), text)


__all__ = [
    "UTC",
    "day_text",
    "duration_text",
    "help_html",
    "help_plain",
    "is_when",
    "moment_text",
    "money_text",
    "number_text",
    "parse_day",
    "parse_moment",
    "relative_text",
    "state_label",
    "when_html",
]
