"""A service page's "Service levels" section: its availability over the last months against
each SLA target, its SLA compliance and its incident trend, as rows of the KPI reports."""

from __future__ import annotations

from opsbook.model import Record
from opsbook.site.render.html import block
from opsbook.site.render.kpi_charts import availability_charts, incident_trend
from opsbook.site.render.report_table import report_table
from opsbook.site.structure.kpis import KPI_AREAS, SERVICE_MONTHS, where
from opsbook.site.structure.model import SiteModel
from opsbook.tables import Table


def service_levels(model: SiteModel, service: Record) -> str:
    kpis, page = model.kpis, model.site.uri(service)
    months = _recent(where(kpis.table("availability", "availability"), "service", service.id))
    slas = {r.id for r in model.repository.of_kind("sla") if r.data.get("service") == service.id} \
        if "sla" in model.repository.kinds.by_name else set()
    compliance = kpis.table("sla", "sla-compliance")
    compliance = Table(compliance.name, compliance.title, compliance.columns,
                       [row for row in compliance.rows if row[0] in slas], compliance.notes)
    more = model.site.href(page, KPI_AREAS[1][0])
    parts = ["## Service levels",
             block(f'<p class="opsbook-help">The last {SERVICE_MONTHS} months, from the KPI reports '
                   f'(<a href="{more}">all services</a>).</p>'),
             "### Availability", *map(block, availability_charts(months)),
             block(report_table(model, page, "availability", months, flag=lambda r: r["met"] is False,
                                columns=["sla", "month", "availability", "target", "met", "downtime_minutes",
                                         "excused_minutes"], notes=False)),
             "### SLA compliance", block(report_table(model, page, "sla", compliance, notes=False)),
             "### Incidents per month",
             block(incident_trend(kpis.table("trend", "incident-trend"), service.id, SERVICE_MONTHS)
                   or '<p class="opsbook-none">No incidents.</p>')]
    return "\n".join(parts)


def _recent(table: Table) -> Table:
    """The rows of the last SERVICE_MONTHS months (this month included)."""
    index = table.columns.index("month")
    kept = sorted({row[index] for row in table.rows})[-SERVICE_MONTHS:]
    return Table(table.name, table.title, table.columns, [r for r in table.rows if r[index] in kept], table.notes)
