"""The status page: each live service's state now, maintenance ahead, 90 days of availability
and the incident history with its public updates.

States come from the `status` report, the bars from `availability-daily`: the same tables
`opsbook report status` and `opsbook report availability-daily` print. Each service row and
bar carries `data-service` and `data-state`, for browser tests and for scripts.
"""

from __future__ import annotations

from datetime import UTC, datetime

from opsbook.site.render.charts import Day, uptime_bar
from opsbook.site.render.html import badge, block, ref
from opsbook.site.render.report_table import report_table
from opsbook.site.render.text import h, humanize
from opsbook.site.render.values import value_html
from opsbook.site.structure.kpis import STATUS
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import index_uri
from opsbook.site.structure.status import IncidentStory, incident_history
from opsbook.tables import Table

PAGE = STATUS
# A status page tells the recent story: at 10,000 records, these many daily bars (services not
# operational first, then customer-facing ones) and incidents, newest first; the page says how
# many more there are and where they are.
MAX_BARS = 8
MAX_STORIES = 25


def status_page(model: SiteModel) -> str:
    states = _live(model, model.kpis.table("status", "status"))
    parts = ['<h1 class="opsbook-title">Status</h1>',
             block(f'<p class="opsbook-when">As of {h(model.now.isoformat())}.</p>'),
             block(_banner(states.as_dicts())), "## Services", block(_states_table(model, states)),
             "## Maintenance ahead",
             block(report_table(model, PAGE, "status", model.kpis.table("status", "maintenance-upcoming"))),
             "## Availability, last 90 days", block(_bars(model, states.as_dicts())),
             "## Incident history", block(_history(model, incident_history(model.repository, model.now)))]
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _live(model: SiteModel, status: Table) -> Table:
    """The report's rows of live services: one not yet live has no operational state."""
    by_id = model.repository.by_id
    return Table(status.name, status.title, status.columns,
                 [row for row in status.rows if by_id[row[0]].status == "live"], status.notes)


def _banner(rows: list[dict[str, object]]) -> str:
    affected = [r for r in rows if r["status"] != "operational"]
    text = "All services are operational." if not affected else \
        f"{len(affected)} of {len(rows)} services are not fully operational."
    state = "operational" if not affected else "affected"
    return f'<p class="opsbook-status-banner opsbook-status-{state}" data-state="{state}">{h(text)}</p>'


def _states_table(model: SiteModel, status: Table) -> str:
    return report_table(model, PAGE, "status", status, notes=False, row_attrs=lambda row: (
        f' data-service="{h(row["service"])}" data-state="{h(row["status"])}"'))


def _service(model: SiteModel, service: str) -> str:
    """A service's ID as a link and its title, without the lifecycle badge of record links."""
    return f"{ref(model, PAGE, service, with_title=False)} {h(model.repository.by_id[service].title)}"


def _bars(model: SiteModel, rows: list[dict[str, object]]) -> str:
    days: dict[str, list[Day]] = {}
    for row in model.kpis.table("availability-daily", "availability-daily").as_dicts():
        days.setdefault(str(row["service"]), []).append(
            Day(str(row["date"]), row["availability"], row["worst"]))  # type: ignore[arg-type]
    items = []
    for row in _barred(rows):
        service = str(row["service"])
        bar = uptime_bar(f"Daily availability of {service}, last 90 days", days.get(service, []))
        items.append(f'<div class="opsbook-uptime-row" data-service="{h(service)}" data-state="{h(row["status"])}">'
                     f"<p>{_service(model, service)}</p>{bar}"
                     '<p class="opsbook-help">90 days ago · hover a day for its availability · today</p></div>')
    if not items:
        return '<p class="opsbook-none">No live services.</p>'
    more = "" if len(items) == len(rows) else (
        f'<p class="opsbook-more" data-shown="{len(items)}" data-of="{len(rows)}">Daily bars of {len(items)} '
        f"of {len(rows)} live services: those not operational, then customer-facing ones. Each service's "
        "page charts its months; every day of every service: <code>opsbook report availability-daily</code>.</p>")
    return "".join(items) + more


def _barred(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The services that get a daily bar, in the order of the services table."""
    if len(rows) <= MAX_BARS:
        return rows
    ranked = sorted(range(len(rows)), key=lambda i: (rows[i]["status"] == "operational",
                                                     not rows[i]["customer_facing"], i))
    return [rows[i] for i in sorted(ranked[:MAX_BARS])]


def _history(model: SiteModel, stories: list[IncidentStory]) -> str:
    if not stories:
        return '<p class="opsbook-none">No incidents in the last 90 days.</p>'
    told = "".join(_story(model, story) for story in stories[:MAX_STORIES])
    if len(stories) <= MAX_STORIES:
        return told
    incidents = model.site.href(PAGE, index_uri(model.repository.kinds["incident"]))
    return told + (f'<p class="opsbook-more" data-shown="{MAX_STORIES}" data-of="{len(stories)}">The '
                   f"{MAX_STORIES} most recent of {len(stories)} incidents open or started in the last 90 "
                   f'days; the others are in the <a href="{h(incidents)}">incidents index</a>.</p>')


def _story(model: SiteModel, story: IncidentStory) -> str:
    incident = story.incident
    record = incident.record
    when = f"started {_utc(incident.started)}" if incident.started else ""
    if incident.resolved:
        when += f", resolved {_utc(incident.resolved)}"
    levels = ", ".join(dict.fromkeys(humanize(o.level) for o in incident.outages))
    updates = "".join(
        f'<li><p class="opsbook-when">{h(_utc(u.at))} {badge(u.entry.get("status"))}</p>'
        f'{value_html(model, PAGE, record.kind, ("timeline", u.index, "note"), u.entry.get("note", ""))}</li>'
        for u in story.updates) or '<li class="opsbook-none">No public updates.</li>'
    return (f'<section class="opsbook-incident" data-incident="{h(incident.id)}" data-service="{h(incident.service)}">'
            f"<h3>{ref(model, PAGE, incident.id)}</h3>"
            f'<p class="opsbook-when">{ref(model, PAGE, incident.service, with_title=False)} · {h(when)}'
            f"{' · ' + h(levels) if levels else ''}</p>"
            f'<ol class="opsbook-timeline">{updates}</ol></section>')


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
