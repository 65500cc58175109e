"""The status page, as customers read it: each customer-facing live service's state now, the
maintenance ahead, 90 days of availability and the incident history with its public updates.

States come from the `status` report, the bars from `availability-daily`: the same tables
`opsbook report status` and `opsbook report availability-daily` print. Today's bar carries
the state shown above it, and each service's 90-day uptime is worked out from the same daily
figures as its bar, so state, bar and percentage never disagree. Internal incident titles and
work notes never appear: an incident is told by its service, its impact and its public updates.
Each service row and bar carries `data-service` and `data-state`, for browser tests and scripts.
"""

from __future__ import annotations

from datetime import datetime

from opsbook.site.render.charts import NO_DATA, UPTIME_LEVELS, Day, uptime_bar, uptime_level
from opsbook.site.render.html import badge, block
from opsbook.site.render.human import day_text, parse_moment, relative_text, state_label, when_html
from opsbook.site.render.text import h
from opsbook.site.render.values import value_html
from opsbook.site.structure.kpis import STATUS
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import index_uri
from opsbook.site.structure.status import IncidentStory, incident_history

PAGE = STATUS
MAX_BARS = 8
MAX_STORIES = 25
LEGEND = (("full", "No downtime"), ("high", "Degraded, or 99.9 % or more"), ("low", "99 % to 99.9 %"),
          ("poor", "95 % to 99 %"), ("down", "Below 95 %"), ("none", "No service hours"))


def status_page(model: SiteModel) -> str:
    rows = _facing(model)
    facing = {str(row["service"]) for row in rows}
    # Incidents of customer-facing services, and any incident whose authors posted public updates.
    stories = [s for s in incident_history(model.repository, model.now)
               if s.incident.service in facing or s.updates]
    parts = ['<h1 class="opsbook-title">Status</h1>',
             block('<div class="opsbook-wide"></div>' + _updated(model, rows, stories)),
             block(_banner(rows)), "## Services", block(_services(model, rows)),
             "## Maintenance ahead", block(_maintenance(model, facing)),
             "## Availability, last 90 days", block(_legend() + _bars(model, rows)),
             "## Incident history", block(_history(model, stories))]
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _facing(model: SiteModel) -> list[dict[str, object]]:
    """The report's rows of live, customer-facing services (a status page is for customers)."""
    by_id = model.repository.by_id
    return [row for row in model.kpis.table("status", "status").as_dicts()
            if by_id[str(row["service"])].status == "live" and row.get("customer_facing")]


def _name(model: SiteModel, service: str) -> str:
    return h(model.repository.by_id[service].title)


def _updated(model: SiteModel, rows: list[dict[str, object]], stories: list[IncidentStory]) -> str:
    """When something last changed on the page, in words: a state began or an update was posted."""
    moments = [m for m in (parse_moment(row.get("since")) for row in rows) if m is not None]
    moments += [u.at for s in stories for u in s.updates]
    latest = max((m for m in moments if m <= model.now), default=None)
    checked = when_html(model.now, model.zone, model.now, relative=False)
    change = (f" The last change was {h(relative_text(latest, model.now))} "
              f"({when_html(latest, model.zone, model.now, relative=False)}).") if latest else ""
    return f'<p class="opsbook-when">Last updated {checked}.{change}</p>'


def _banner(rows: list[dict[str, object]]) -> str:
    affected = [r for r in rows if r["status"] != "operational"]
    text = "All systems are operational." if not affected else \
        f"{len(affected)} of {len(rows)} services are not fully operational."
    state = "operational" if not affected else "affected"
    return f'<p class="opsbook-status-banner opsbook-status-{state}" role="status">{h(text)}</p>'


def _services(model: SiteModel, rows: list[dict[str, object]]) -> str:
    if not rows:
        return '<p class="opsbook-none">No customer-facing services are live.</p>'
    items = []
    for row in rows:
        service, state = str(row["service"]), str(row["status"])
        since = when_html(row["since"], model.zone, model.now) if row.get("since") else ""
        detail = f" since {since}" if since and state != "operational" else ""
        items.append(f'<li data-service="{h(service)}" data-state="{h(state)}"><span class="opsbook-state">'
                     f"{_name(model, service)}</span> {badge(state)}{detail}</li>")
    return f'<ul class="opsbook-service-states">{"".join(items)}</ul>'


def _maintenance(model: SiteModel, facing: set[str]) -> str:
    rows = [row for row in model.kpis.table("status", "maintenance-upcoming").as_dicts()
            if facing & {s.strip() for s in str(row.get("services") or "").split(",")}]
    if not rows:
        return '<p class="opsbook-none">No maintenance planned for these services.</p>'
    items = []
    for row in rows:
        names = ", ".join(_name(model, s.strip()) for s in str(row["services"]).split(",") if s.strip() in facing)
        items.append(f'<li>{when_html(row["start"], model.zone, model.now)} to '
                     f'{when_html(row["end"], model.zone, model.now, relative=False)}: {names} '
                     f'({h(state_label(row["impact"]).lower())}){" · under way" if row.get("under_way") else ""}</li>')
    return f'<ul class="opsbook-maintenance">{"".join(items)}</ul>'


def _legend() -> str:
    colours = {level: colour for _, level, colour in UPTIME_LEVELS} | {NO_DATA[0]: NO_DATA[1]}
    items = "".join(f'<li><span class="opsbook-swatch" style="background:{colours[level]}"></span>{h(text)}</li>'
                    for level, text in LEGEND)
    return f'<ul class="opsbook-legend" aria-label="Legend">{items}</ul>'


def _bars(model: SiteModel, rows: list[dict[str, object]]) -> str:
    daily: dict[str, list[dict[str, object]]] = {}
    for row in model.kpis.table("availability-daily", "availability-daily").as_dicts():
        daily.setdefault(str(row["service"]), []).append(row)
    items = [_bar(model, row, daily.get(str(row["service"]), [])) for row in rows[:MAX_BARS]]
    if not items:
        return '<p class="opsbook-none">No customer-facing services are live.</p>'
    return "".join(items)


def _bar(model: SiteModel, row: dict[str, object], days: list[dict[str, object]]) -> str:
    service, state = str(row["service"]), str(row["status"])
    shown = [Day(str(d["date"]), d["availability"], d["worst"]) for d in days]  # type: ignore[arg-type]
    if shown and state != "operational":
        # Today's bar shows the state above it, even when no downtime has been counted yet.
        shown[-1] = Day(shown[-1].date, shown[-1].availability, shown[-1].worst or state)
    service_minutes = sum(float(d["service_minutes"] or 0) for d in days)  # type: ignore[arg-type]
    down = sum(float(d["downtime_minutes"] or 0) for d in days)  # type: ignore[arg-type]
    uptime = f"{100 * (1 - down / service_minutes):.2f} %" if service_minutes else "no service hours"
    bad = [d for d in shown if uptime_level(d)[0] not in ("full", "none")]
    notes = "".join(f"<li>{h(day_text(_day(d.date), model.now))}: "
                    f"{'-' if d.availability is None else f'{d.availability:g} %'}"
                    f"{', ' + h(state_label(d.worst).lower()) if d.worst else ''}</li>" for d in bad[-10:])
    details = (f'<details class="opsbook-bad-days"><summary>{len(bad)} day{"s" if len(bad) != 1 else ""} '
               f"not fully available</summary><ul>{notes}</ul></details>") if bad else \
        '<p class="opsbook-help">Every day fully available.</p>'
    bar = uptime_bar(f"Daily availability of {model.repository.by_id[service].title}, last 90 days", shown)
    return (f'<div class="opsbook-uptime-row" data-service="{h(service)}" data-state="{h(state)}">'
            f'<p><span class="opsbook-state">{_name(model, service)}</span> {badge(state)} · '
            f'<span class="opsbook-uptime-figure">{h(uptime)}</span> uptime</p>{bar}'
            f'<p class="opsbook-help">90 days ago · today</p>{details}</div>')


def _day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _history(model: SiteModel, stories: list[IncidentStory]) -> str:
    if not stories:
        return '<p class="opsbook-none">No incidents in the last 90 days.</p>'
    told = "".join(_story(model, story) for story in stories[:MAX_STORIES])
    if len(stories) <= MAX_STORIES:
        return told
    incidents = model.site.href(PAGE, index_uri(model.repository.kinds["incident"]))
    return told + (f'<p class="opsbook-more" data-shown="{MAX_STORIES}" data-of="{len(stories)}">The '
                   f"{MAX_STORIES} most recent of {len(stories)} incidents; the others are in the "
                   f'<a href="{h(incidents)}">incidents index</a>.</p>')


def _story(model: SiteModel, story: IncidentStory) -> str:
    incident = story.incident
    record = incident.record
    levels = ", ".join(dict.fromkeys(state_label(o.level) for o in incident.outages)) or "Service disruption"
    when = f"Started {when_html(incident.started, model.zone, model.now)}" if incident.started else ""
    if incident.resolved:
        when += f", resolved {when_html(incident.resolved, model.zone, model.now)}"
    updates = "".join(
        f'<li><p class="opsbook-when">{when_html(u.at, model.zone, model.now)} {badge(u.entry.get("status"))}</p>'
        f'{value_html(model, PAGE, record.kind, ("timeline", u.index, "note"), u.entry.get("note", ""))}</li>'
        for u in story.updates) or '<li class="opsbook-none">No public updates.</li>'
    state = "Resolved" if not incident.is_open else "Ongoing"
    return (f'<section class="opsbook-incident" data-incident="{h(incident.id)}" data-service="{h(incident.service)}">'
            f"<h3>{_name(model, incident.service)}: {h(levels)} ({state})</h3>"
            f'<p class="opsbook-when">{when}</p>'
            f'<ol class="opsbook-timeline">{updates}</ol></section>')
