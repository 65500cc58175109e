"""The KPI section: an overview of the headline figures and one page per area.

Every number is a cell of a table that `opsbook report` prints for the same moment (the
site's `now`): the pages choose, arrange and chart those tables and add nothing of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from opsbook.site.render.html import block
from opsbook.site.render.human import when_html
from opsbook.site.render.kpi_charts import availability_charts, incident_trend, mttr_trend
from opsbook.site.render.report_table import Excerpt, section
from opsbook.site.render.text import h
from opsbook.site.structure.kpis import KPI_AREAS, KPI_HOME, STATUS
from opsbook.site.structure.model import SiteModel
from opsbook.tables import Table, cell_text

# What each headline figure means, keyed by the summary report's row.
DEFINITIONS = {
    "incidents": "Incidents recorded, canceled ones left out.",
    "incidents still open": "Incidents not yet resolved or closed.",
    "MTTA mean (minutes)": "Mean time to acknowledge: acknowledged minus detected.",
    "MTTR mean (minutes)": "Mean time to resolve: resolved minus the start of the impact.",
    "MTTR p90 (minutes)": "Nine in ten incidents were resolved within this time.",
    "service-months measured": "Months of service measured for availability, per service and SLA.",
    "availability breaches": "Service-months below their SLA availability target.",
    "SLA acknowledge compliance (%)": "Incidents acknowledged within their SLA target, of those decided.",
    "SLA resolve compliance (%)": "Incidents resolved within their SLA target, clock paused while on hold.",
    "changes implemented": "Changes carried out (successful, failed or rolled back).",
    "change failure rate (%)": "Implemented changes that failed, were rolled back or caused an incident.",
    "emergency change share (%)": "Implemented changes that were emergency changes.",
    "open problems": "Problems not yet resolved or closed.",
    "open known errors": "Open problems with a documented root cause and workaround.",
    "improvements planned": "Continual improvements registered and not rejected.",
    "improvements implemented": "Improvements put into effect.",
    "CSAT mean score": "Mean customer satisfaction score (1-5) given on closure.",
    "services not operational": "Live services degraded, in an outage or under maintenance now.",
    "assets at or near capacity": "Asset metrics at or above 90 % of their capacity threshold.",
}
# The page that explains each report's figures in detail.
REPORT_PAGES = {"incidents": "kpis/incidents.md", "availability": "kpis/availability.md",
                "sla": "kpis/sla.md", "changes": "kpis/changes.md", "problems": "kpis/problems.md",
                "improvements": "kpis/problems.md", "csat": "kpis/csat.md", "capacity": "kpis/assets.md",
                "status": STATUS}


def overview_page(model: SiteModel) -> str:
    summary = model.kpis.table("summary", "summary")
    cards = [_card(model, row) for row in summary.as_dicts()]
    links = "".join(f'<li><a href="{h(model.site.href(KPI_HOME, uri))}">{h(title)}</a></li>'
                    for uri, title in KPI_AREAS)
    parts = ['<h1 class="opsbook-title">Service management KPIs</h1>', _period(model),
             block(f'<div class="opsbook-cards" data-report="summary" data-table="summary">{"".join(cards)}</div>'),
             "## Trends", block(incident_trend(model.kpis.table("trend", "incident-trend"))),
             block(mttr_trend(model.kpis.table("incidents", "mttr-month"))),
             "## Detail", block(f'<ul class="opsbook-links">{links}</ul>')]
    return _join(parts)


def _card(model: SiteModel, row: dict[str, object]) -> str:
    kpi, report = str(row["kpi"]), str(row["report"])
    target = REPORT_PAGES.get(report)
    more = f' <a href="{h(model.site.href(KPI_HOME, target))}">Detail</a>' if target else ""
    return (f'<div class="opsbook-card" data-kpi="{h(kpi)}"><div class="opsbook-card-value" data-column="value">'
            f'{h(cell_text(row["value"]))}</div><div class="opsbook-card-label">{h(kpi)}</div>'
            f'<div class="opsbook-help">{h(DEFINITIONS.get(kpi, ""))}{more}</div></div>')


def _period(model: SiteModel) -> str:
    return block(f'<p class="opsbook-when">Computed from every record up to '
                 f"{when_html(model.now, model.zone, model.now, relative=False)} "
                 "(the site's now); months are counted in each service's time zone. "
                 "<code>opsbook report</code> prints the same numbers.</p>")


def incidents_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/incidents.md"
    return _join(["# Incidents: MTTA and MTTR", _period(model),
                  block('<p class="opsbook-help">MTTA = acknowledged - detected; MTTR = resolved - start of '
                        "impact; minutes; p90 is the nearest-rank 90th percentile.</p>"),
                  "## Trend", block(mttr_trend(kpis.table("incidents", "mttr-month"))),
                  block(incident_trend(kpis.table("trend", "incident-trend"))),
                  *(section(model, page, "incidents", t) for t in kpis.report("incidents")),
                  section(model, page, "trend", kpis.table("trend", "incident-trend"), shown=Excerpt(
                      RECENT_ROWS // 2, "all services, and the services with the most incidents",
                      rank=lambda r: (r["service"] == "all", _number(r["total"]))))])


# Pages at 10,000 records: the rows of the long per-incident and per-month tables a page
# shows (the newest), and the services charted; `opsbook report` prints every row.
RECENT_ROWS = 60
RECENT_MONTHS = 1
MAX_CHARTS = 12


def availability_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/availability.md"
    months, breaches = kpis.table("availability", "availability"), kpis.table("availability", "availability-breaches")
    recent = set(sorted({str(r["month"]) for r in months.as_dicts()})[-RECENT_MONTHS:])
    return _join(["# Availability", _period(model),
                  block('<p class="opsbook-help">Availability = 1 - outage minutes in service hours (agreed '
                        "maintenance excluded) / service minutes, per service and month, against each SLA's "
                        "target. Months below target are highlighted.</p>"),
                  section(model, page, "availability", breaches, shown=Excerpt(
                      RECENT_ROWS, "the most recent months below target", rank=lambda r: str(r["month"]))),
                  "## Against target", *_charts(months),
                  section(model, page, "availability", months, flag=lambda r: r["met"] is False,
                          shown=Excerpt(RECENT_ROWS * 3, "the last month" if RECENT_MONTHS == 1
                                        else f"the last {RECENT_MONTHS} months",
                                        keep=lambda r: str(r["month"]) in recent))])


def _charts(months: Table) -> list[str]:
    """A chart per service with an SLA target, of its last 12 months (services without one are
    in the table and on their own pages); with many, those below target at some point come
    first, up to MAX_CHARTS."""
    services = list(dict.fromkeys(str(r["service"]) for r in months.as_dicts() if r["sla"] is not None))
    if not services:
        return [block('<p class="opsbook-none">No service has an SLA availability target.</p>')]
    if len(services) <= MAX_CHARTS:
        return list(map(block, availability_charts(months, last=12, agreed_only=True)))
    missed = {str(r["service"]) for r in months.as_dicts() if r["met"] is False}
    chosen = sorted(services, key=lambda s: s not in missed)[:MAX_CHARTS]
    charts = list(map(block, availability_charts(months, chosen, last=12, agreed_only=True)))
    return [*charts, block(f'<p class="opsbook-more">Charts of {len(chosen)} of {len(services)} services '
                           "(those below target first); each service's page charts its own.</p>")]


def sla_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/sla.md"
    clocks = kpis.table("sla", "sla-incidents")
    return _join(["# SLA compliance", _period(model),
                  section(model, page, "sla", kpis.table("sla", "sla-compliance")),
                  section(model, page, "sla", clocks, heading="SLA breaches", flag=_breached,
                          shown=Excerpt(RECENT_ROWS, "the most recent breached incidents", keep=_breached)),
                  section(model, page, "sla", clocks, flag=_breached,
                          shown=Excerpt(RECENT_ROWS, "the most recent incidents"))])


def _breached(row: dict[str, object]) -> bool:
    return "breached" in (row["acknowledge"], row["resolve"])


def changes_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/changes.md"
    return _join(["# Changes", _period(model), *(section(model, page, "changes", t) for t in kpis.report("changes"))])


def problems_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/problems.md"
    return _join(["# Problems and improvements", _period(model),
                  *(section(model, page, "problems", t) for t in reversed(kpis.report("problems"))),
                  *(section(model, page, "improvements", t) for t in kpis.report("improvements"))])


def csat_page(model: SiteModel) -> str:
    return _join(["# Customer satisfaction", _period(model),
                  section(model, "kpis/csat.md", "csat", model.kpis.table("csat", "csat"))])


def assets_page(model: SiteModel) -> str:
    kpis, page = model.kpis, "kpis/assets.md"
    return _join(["# Assets: cost and capacity", _period(model),
                  section(model, page, "capacity", kpis.table("capacity", "capacity"),
                          flag=lambda r: r["state"] != "ok", shown=Excerpt(
                              RECENT_ROWS * 2, "assets at or near capacity first, then the fullest",
                              rank=lambda r: (r["state"] != "ok", _number(r["used_of_max"])))),
                  section(model, page, "tco", kpis.table("tco", "tco"), shown=Excerpt(
                      RECENT_ROWS, "the assets with the highest TCO", rank=lambda r: _number(r["tco"])))])


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else float("-inf")


def _join(parts: list[str]) -> str:
    return "\n\n".join(part.strip("\n") for part in parts if part) + "\n"


PageRenderer = Callable[[SiteModel], str]
RENDERERS: dict[str, PageRenderer] = {
    KPI_HOME: overview_page, "kpis/incidents.md": incidents_page, "kpis/availability.md": availability_page,
    "kpis/sla.md": sla_page, "kpis/changes.md": changes_page, "kpis/problems.md": problems_page,
    "kpis/csat.md": csat_page, "kpis/assets.md": assets_page,
}
