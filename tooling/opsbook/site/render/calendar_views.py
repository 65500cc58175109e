"""The change calendar's week and month views: the same events as the list below them, laid
out by day in the site's time zone. The week starts today (what a CAB member plans next);
the month is the calendar month of today. Each event is one compact block: time, record,
a short title, its state; conflicts and freezes are marked in words, not colour alone. Days
with nothing planned take no row of their own in the week view."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta, tzinfo

from opsbook.calendar.schedule import Event
from opsbook.site.render.html import badge
from opsbook.site.render.human import day_text
from opsbook.site.render.text import h
from opsbook.site.structure.calendar import CALENDAR, ChangeCalendar
from opsbook.site.structure.model import SiteModel

WEEK_DAYS = 7
SHORT_TITLE = 48


def week_view(model: SiteModel) -> str:
    today = model.now.astimezone(model.zone).date()
    days = [today + timedelta(days=i) for i in range(WEEK_DAYS)]
    by_day = _by_day(model.calendar, model.zone, days[0], days[-1])
    items = []
    for day in days:
        events = by_day.get(day, [])
        label = "Today" if day == today else day_text(day, model.now)
        blocks = "".join(_block(model, e) for e in events) if events else \
            '<p class="opsbook-none">Nothing planned.</p>'
        restricted = " opsbook-restricted-day" if any(e.category in ("blackout", "freeze") for e in events) else ""
        items.append(f'<li class="opsbook-day{restricted}" data-day="{day.isoformat()}">'
                     f'<p class="opsbook-day-name"><time datetime="{day.isoformat()}">{h(label)}</time></p>'
                     f"{blocks}</li>")
    return f'<ol class="opsbook-week" aria-label="The next seven days">{"".join(items)}</ol>'


def month_view(model: SiteModel) -> str:
    today = model.now.astimezone(model.zone).date()
    first = today.replace(day=1)
    start = first - timedelta(days=first.weekday())
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    end = last + timedelta(days=6 - last.weekday())
    by_day = _by_day(model.calendar, model.zone, start, end)
    head = "".join(f'<th scope="col">{name}</th>' for name in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    weeks, day = [], start
    while day <= end:
        cells = []
        for _ in range(7):
            events = by_day.get(day, [])
            classes = " ".join(c for c, on in (("opsbook-other-month", day.month != first.month),
                                                ("opsbook-today", day == today),
                                                ("opsbook-past-day", day < today)) if on)
            items = "".join(f"<li>{_compact(model, e)}</li>" for e in events)
            cells.append(f'<td class="{classes}" data-day="{day.isoformat()}"><span class="opsbook-date">'
                         f'{day.day}</span>{f"<ul>{items}</ul>" if items else ""}</td>')
            day += timedelta(days=1)
        weeks.append(f"<tr>{''.join(cells)}</tr>")
    table = (f'<table class="opsbook-month" aria-label="{h(first.strftime("%B %Y"))}"><caption>'
             f'{h(first.strftime("%B %Y"))}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(weeks)}</tbody></table>')
    return (f'<div class="opsbook-scroll" tabindex="0" role="region" aria-label="Month view, '
            f'{h(first.strftime("%B %Y"))}">{table}</div>')


def _by_day(calendar: ChangeCalendar, zone: tzinfo, first: date, last: date) -> dict[date, list[Event]]:
    """Each event on every local day it touches between `first` and `last`."""
    found: dict[date, list[Event]] = defaultdict(list)
    for event in calendar.events:
        start = event.start.astimezone(zone).date()
        end = (event.end - timedelta(seconds=1)).astimezone(zone).date() if event.end > event.start else start
        day = max(start, first)
        while day <= min(end, last):
            found[day].append(event)
            day += timedelta(days=1)
    return found


def _time(event: Event, zone: tzinfo) -> str:
    if event.all_day:
        return "All day"
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    tail = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%a} {end.day} {end:%b}, {end:%H:%M}"
    return f"{start:%H:%M}–{tail} {end.tzname() or ''}".rstrip()


def _link(model: SiteModel, event: Event) -> str:
    href = model.site.href(CALENDAR, model.site.uri(event.record))
    return f'<a class="opsbook-ref" href="{h(href)}">{h(event.record.id)}</a>'


def _marks(model: SiteModel, event: Event) -> str:
    marks = []
    if model.calendar.event_conflicts(event):
        marks.append('<span class="opsbook-mark opsbook-mark-conflict">Conflict</span>')
    if event.category in ("blackout", "freeze"):
        marks.append(f'<span class="opsbook-mark opsbook-mark-freeze">{h(event.category.capitalize())}</span>')
    return " ".join(marks)


def _block(model: SiteModel, event: Event) -> str:
    title = event.record.title
    short = title if len(title) <= SHORT_TITLE else title[:SHORT_TITLE - 1] + "\u2026"
    status = "cancelled" if event.cancelled else event.record.status
    past = " opsbook-past" if event.end <= model.now else ""
    return (f'<div class="opsbook-event opsbook-event-{h(event.category)}{past}" data-event="{h(event.key)}">'
            f'<span class="opsbook-event-time">{h(_time(event, model.zone))}</span> {_link(model, event)} '
            f'<span title="{h(title)}">{h(short)}</span> {badge(status)} {_marks(model, event)}</div>')


def _compact(model: SiteModel, event: Event) -> str:
    start = event.start.astimezone(model.zone)
    when = "" if event.all_day else f'<span class="opsbook-event-time">{start:%H:%M}</span> '
    return f'{when}{_link(model, event)} {_marks(model, event)}'.rstrip()

