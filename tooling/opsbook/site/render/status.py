"""The status page: each live service's state now, maintenance ahead, 90 days of availability
and the incident history with its public updates.

States come from the `status` report, the bars from `availability-daily`: the same tables
`opsbook report status` and `opsbook report availability-daily` print. Each service row and
bar carries `data-service` and `data-state`, for browser tests and for scripts.
"""

from __future__ import annotations

from opsbook.site.render.charts import Day, uptime_bar
from opsbook.site.render.html import badge, block, ref
from opsbook.site.render.report_table import report_table
from opsbook.site.render.text import h, humanize
from opsbook.site.render.values import value_html
from opsbook.site.structure.kpis import STATUS
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.status import IncidentStory, incident_history
from opsbook.tables import Table

PAGE = STATUS


def status_page(model: SiteModel) -> str:
    states = _live(model, model.kpis.table("status", "status"))
    parts = ['<h1 class="opsbook-title">Status</h1>',
             block(f'<p class="opsbook-when">As of {h(model.now.isoformat())}.</p>'),
             block(_banner(states)), "## Services", block(_states_table(model, states)),
             "## Maintenance ahead",
             block(report_table(model, PAGE, "status", model.kpis.table("status", "maintenance-upcoming"))),
             "## Availability, last 90 days", block(_bars(model, states)),
             "## Incident history", block(_history(model, incident_history(model.repository, model.now)))]
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _live(model: SiteModel, status: Table) -> list[dict[str, object]]:
    """The report's rows of live services: one not yet live has no operational state."""
    by_id = model.repository.by_id
    return [row for row in status.as_dicts() if by_id[str(row["service"])].status == "live"]


def _banner(rows: list[dict[str, object]]) -> str:
    affected = [r for r in rows if r["status"] != "operational"]
    text = "All services are operational." if not affected else \
        f"{len(affected)} of {len(rows)} services are not fully operational."
    state = "operational" if not affected else "affected"
    return f'<p class="opsbook-status-banner opsbook-status-{state}" data-state="{state}">{h(text)}</p>'


def _states_table(model: SiteModel, rows: list[dict[str, object]]) -> str:
    if not rows:
        return '<p class="opsbook-none">No live services.</p>'
    body = []
    for row in rows:
        service, state = str(row["service"]), str(row["status"])
        cause = row["cause"]
        cause_html = ref(model, PAGE, str(cause), with_title=False) \
            if isinstance(cause, str) and cause in model.repository.by_id else h(cause or "")
        body.append(f'<tr data-service="{h(service)}" data-state="{h(state)}">'
                    f"<td>{_service(model, service)}</td><td>{badge(state)}</td>"
                    f"<td>{cause_html}</td><td>{h(row['since'] or '')}</td>"
                    f"<td>{'yes' if row['customer_facing'] else 'no'}</td></tr>")
    head = "".join(f"<th>{name}</th>" for name in ("Service", "State", "Cause", "Since", "Customer-facing"))
    return (f'<table class="opsbook-table opsbook-status" data-report="status" data-table="status">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")


def _service(model: SiteModel, service: str) -> str:
    """A service's ID as a link and its title, without the lifecycle badge of record links."""
    return f"{ref(model, PAGE, service, with_title=False)} {h(model.repository.by_id[service].title)}"


def _bars(model: SiteModel, rows: list[dict[str, object]]) -> str:
    days: dict[str, list[Day]] = {}
    for row in model.kpis.table("availability-daily", "availability-daily").as_dicts():
        days.setdefault(str(row["service"]), []).append(
            Day(str(row["date"]), row["availability"], row["worst"]))  # type: ignore[arg-type]
    items = []
    for row in rows:
        service = str(row["service"])
        bar = uptime_bar(f"Daily availability of {service}, last 90 days", days.get(service, []))
        items.append(f'<div class="opsbook-uptime-row" data-service="{h(service)}" data-state="{h(row["status"])}">'
                     f"<p>{_service(model, service)}</p>{bar}"
                     '<p class="opsbook-help">90 days ago · hover a day for its availability · today</p></div>')
    return "".join(items) or '<p class="opsbook-none">No live services.</p>'


def _history(model: SiteModel, stories: list[IncidentStory]) -> str:
    if not stories:
        return '<p class="opsbook-none">No incidents in the last 90 days.</p>'
    return "".join(_story(model, story) for story in stories)


def _story(model: SiteModel, story: IncidentStory) -> str:
    incident = story.incident
    record = incident.record
    when = f"started {incident.started.isoformat()}" if incident.started else ""
    if incident.resolved:
        when += f", resolved {incident.resolved.isoformat()}"
    levels = ", ".join(dict.fromkeys(humanize(o.level) for o in incident.outages))
    updates = "".join(
        f'<li><p class="opsbook-when">{h(u.at.isoformat())} {badge(u.entry.get("status"))}</p>'
        f'{value_html(model, PAGE, record.kind, ("timeline", u.index, "note"), u.entry.get("note", ""))}</li>'
        for u in story.updates) or '<li class="opsbook-none">No public updates.</li>'
    return (f'<section class="opsbook-incident" data-incident="{h(incident.id)}" data-service="{h(incident.service)}">'
            f"<h3>{ref(model, PAGE, incident.id)}</h3>"
            f'<p class="opsbook-when">{ref(model, PAGE, incident.service, with_title=False)} · {h(when)}'
            f"{' · ' + h(levels) if levels else ''}</p>"
            f'<ol class="opsbook-timeline">{updates}</ol></section>')
