"""The change calendar page: the forward schedule as one table, week by week and day by day,
that the site's script filters by service and status without leaving the page. Conflicts
are marked on the events involved; blackouts and freezes are highlighted."""

from __future__ import annotations

import posixpath
from datetime import datetime, tzinfo

from opsbook.calendar.conflicts import Conflict
from opsbook.calendar.schedule import Event
from opsbook.site.render.calendar_views import month_view, week_view
from opsbook.site.render.html import UNSEARCHED, badge, block, css_token, ref
from opsbook.site.render.human import day_text, state_label, utc_spans_html, when_html
from opsbook.site.render.text import attr_token, h
from opsbook.site.structure.calendar import CALENDAR, FEED, ChangeCalendar
from opsbook.site.structure.model import SiteModel

# A change to a core asset can affect most services: the cell names the first few (the service
# filter still finds the event under every one of them).
MAX_INDIRECT_SHOWN = 8
HEADERS = ("Week", "Day", "Time", "Record", "Title", "What", "Status", "Services and assets",
           "Conflicts")


def calendar_page(model: SiteModel) -> str:
    calendar = model.calendar
    feed = posixpath.relpath(FEED, posixpath.dirname(CALENDAR))
    rows, previous = [], None
    for event in calendar.events:
        rows.append(_row(model, calendar, event, previous))
        previous = event
    table = (f'<table class="opsbook-index opsbook-calendar" data-opsbook-table{UNSEARCHED}>\n<thead><tr>'
             + "".join(f'<th data-sort="{i}">{h(c)}</th>' for i, c in enumerate(HEADERS))
             + "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    conflicts = [(c, s) for e in calendar.events if e.category == "change"
                 for c, s in calendar.conflicts_of(e.record.id)]
    return ('<h1 class="opsbook-title">Change calendar</h1>\n'
            + block('<div class="opsbook-wide"></div>' + _intro(model, calendar, feed, len(conflicts)))
            + _restrictions(model, calendar)
            + _conflicts(model, conflicts)
            + "\n## Next seven days\n" + block(week_view(model))
            + "\n## This month\n" + block(month_view(model))
            + "\n## All events\n"
            + block('<div class="opsbook-filters" data-opsbook-filters></div>')
            + block(table))


def _intro(model: SiteModel, calendar: ChangeCalendar, feed: str, conflicts: int) -> str:
    span = (f"{when_html(calendar.since, model.zone, model.now, relative=False)} to "
            f"{when_html(calendar.before, model.zone, model.now, relative=False)}")
    return (f'<p class="opsbook-help">Planned changes, releases and maintenance windows from {span} '
            f"(times in {h(_zone_name(model))}; recurring windows expanded in their own time zone), as "
            f"<code>opsbook calendar --from {_iso(calendar.since)} --to {_iso(calendar.before)}</code> "
            "lists them. Filter by service to see everything that can affect it, through the CMDB too.</p>\n"
            f'<p class="opsbook-count" data-opsbook-calendar data-from="{_iso(calendar.since)}" '
            f'data-to="{_iso(calendar.before)}">{len(calendar.events)} events, {conflicts} conflicts · '
            f'<a href="{h(feed)}" download>Subscribe to the iCalendar feed</a></p>')


def _restrictions(model: SiteModel, calendar: ChangeCalendar) -> str:
    windows = calendar.restrictions()
    if not windows:
        return ""
    items = "".join(
        f"<li>{ref(model, CALENDAR, e.record.id)} {h(e.category)}: {_span(model, e)}, on "
        f"{_items(model, e) or 'all services'}</li>" for e in windows)
    return block('<div class="admonition warning opsbook-restrictions"><p class="admonition-title">'
                 f"Change freezes and blackouts</p><ul>{items}</ul></div>")


def _conflicts(model: SiteModel, conflicts: list[tuple[Conflict, str]]) -> str:
    if not conflicts:
        return ""
    kind = "danger" if any(severity == "error" for _, severity in conflicts) else "warning"
    items = "".join(f"<li>{ref(model, CALENDAR, c.change.id, with_title=False)} "
                    f"{_conflict(model, c, s, c.other.id)}: {utc_spans_html(c.message, model.zone, model.now)}</li>"
                    for c, s in conflicts)
    return block(f'<div class="admonition {kind} opsbook-conflicts"><p class="admonition-title">'
                 f"Conflicts</p><ul>{items}</ul></div>")


def _conflict(model: SiteModel, conflict: Conflict, severity: str, other: str) -> str:
    return (f'<span class="opsbook-badge opsbook-conflict-{css_token(severity)}" '
            f'title="{h(conflict.message)}">{h(state_label(severity))}: {h(_code_label(conflict.code))}</span> with '
            f"{ref(model, CALENDAR, other, with_title=False)}")


def _row(model: SiteModel, calendar: ChangeCalendar, event: Event, previous: Event | None) -> str:
    record = event.record
    conflicts = calendar.event_conflicts(event)
    status = "cancelled" if event.cancelled else record.status
    classes = [name for name, on in (
        ("opsbook-week-start", previous is None or _week(previous) != _week(event)),
        ("opsbook-day-start", previous is not None and _date(previous) != _date(event)),
        ("opsbook-past", event.end <= model.now),
        ("opsbook-restricted", event.category in ("blackout", "freeze")),
        ("opsbook-conflicting", bool(conflicts))) if on]
    marks = "".join(
        f"<li>{_conflict(model, c, s, c.other.id if event.category == 'change' else c.change.id)}</li>"
        for c, s in conflicts)
    local = event.start.astimezone(model.zone)
    cells = [h(f"W{local:%V}"), f'<time datetime="{local.date().isoformat()}">{h(day_text(local.date(), model.now))}</time>',
             h(_time(event, model.zone)),
             ref(model, CALENDAR, record.id, with_title=False), h(record.title), h(state_label(_what(event))),
             badge(status), _items(model, event, calendar.affected_services(event)),
             f'<ul class="opsbook-values">{marks}</ul>' if marks else ""]
    return (f"<tr{_attributes(calendar, event, status)} class=\"{' '.join(classes)}\">"
            + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")


def _attributes(calendar: ChangeCalendar, event: Event, status: object) -> str:
    """The event's key and times (what the tests compare with the CLI), and the attributes the
    site's table script filters on: a service filter shows what can affect the service."""
    owner = event.record.data.get("owner")
    return (f' data-event="{h(event.key)}" data-start="{_iso(event.start)}" data-end="{_iso(event.end)}"'
            f' data-status="{attr_token(status)}"'
            f' data-service="{h(" ".join(calendar.affected_services(event)))}"'
            f' data-owner="{attr_token(owner if isinstance(owner, str) else "")}"'
            f' data-tags="{_tags(event.record.data.get("tags"))}"')


def _items(model: SiteModel, event: Event, affected: list[str] | None = None) -> str:
    named = [*event.services, *event.assets]
    links = ", ".join(ref(model, CALENDAR, item, with_title=False) for item in named)
    indirect = [s for s in affected or [] if s not in named]
    if indirect:
        shown = ", ".join(ref(model, CALENDAR, s, with_title=False) for s in indirect[:MAX_INDIRECT_SHOWN])
        more = (f" and {len(indirect) - MAX_INDIRECT_SHOWN} more (each named item's page lists what its failure "
                "reaches)"
                if len(indirect) > MAX_INDIRECT_SHOWN else "")
        links += f' <span class="opsbook-help">can affect {shown}{h(more)}</span>'
    return links


def _what(event: Event) -> str:
    kind = event.record.data.get("type")
    if event.category == "change" and isinstance(kind, str):
        return f"{event.category} ({kind})"
    return event.category


def _time(event: Event, zone: tzinfo) -> str:
    if event.all_day:
        return "all day"
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    if start.date() == end.date():
        return f"{start:%H:%M}–{end:%H:%M} {end.tzname()}"
    return f"{start:%H:%M} → {day_text(end.date())}, {end:%H:%M} {end.tzname()}"


def _span(model: SiteModel, event: Event) -> str:
    return (f"{when_html(event.start, model.zone, model.now)} to "
            f"{when_html(event.end, model.zone, model.now, relative=False)}")


def _zone_name(model: SiteModel) -> str:
    return str(getattr(model.zone, "key", model.zone))


def _code_label(code: str) -> str:
    """`change-overlap-dependency` -> `overlap on a dependency`: the rule in words."""
    return code.removeprefix("change-").replace("-", " ")


def _week(event: Event) -> str:
    return f"{event.start:%G-W%V}"


def _date(event: Event) -> str:
    return f"{event.start:%Y-%m-%d}"


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _tags(value: object) -> str:
    if not isinstance(value, list):
        return ""
    return h(" ".join(v.replace(" ", "_") for v in value if isinstance(v, str)))
