"""The KPI charts, each drawn from the rows of one report table (never from numbers of its own)."""

from __future__ import annotations

from collections.abc import Sequence

from opsbook.site.render.charts import Chart, Series, chart_figure
from opsbook.site.render.html import UNSEARCHED
from opsbook.site.render.text import h
from opsbook.site.structure.kpis import month_columns
from opsbook.tables import Table


def sourced(report: str, table: Table, figure: str) -> str:
    """A chart labelled with the report table its numbers come from."""
    return f'<div class="opsbook-chart-box" data-report="{h(report)}" data-table="{h(table.name)}"{UNSEARCHED}>{figure}</div>'


def mttr_trend(months: Table) -> str:
    """MTTR mean, median and p90 per month, from the incidents report's per-month table."""
    rows = [r for r in months.as_dicts() if r["month"] != "all"]
    if not rows:
        return ""
    chart = Chart("MTTR per month", "Mean, median and 90th percentile of minutes from impact start to "
                  "resolution, for incidents by the month their impact started.",
                  tuple(r["month"] for r in rows),
                  tuple(Series(name, tuple(r[column] for r in rows))
                        for name, column in (("mean", "mttr_mean"), ("median", "mttr_median"),
                                             ("p90", "mttr_p90"))),
                  unit="minutes", target_is_minimum=None)
    return sourced("incidents", months, chart_figure(chart, "line"))


def incident_trend(trend: Table, service: str = "all", last: int | None = None) -> str:
    """Incidents per month of one row of the trend report (`all`: every service)."""
    row = next((r for r in trend.as_dicts() if r["service"] == service), None)
    months = month_columns(trend)[-last:] if last else month_columns(trend)
    if row is None or not months:
        return ""
    name = "all services" if service == "all" else service
    chart = Chart(f"Incidents per month, {name}", f"Number of incidents of {name} by the month their "
                  "impact started; canceled incidents are left out.", tuple(months),
                  (Series("incidents", tuple(float(row[m]) for m in months)),), unit="incidents",
                  target_is_minimum=None, counts=True)
    return sourced("trend", trend, chart_figure(chart, "bar"))


def availability_charts(availability: Table, services: Sequence[str] | None = None,
                        last: int | None = None, *, agreed_only: bool = False) -> list[str]:
    """One chart per service and SLA: availability per month against the SLA's target,
    months below it marked as breaches; `agreed_only` leaves out services without an SLA."""
    groups: dict[tuple[str, str | None], list[dict[str, object]]] = {}
    for row in availability.as_dicts():
        if (services is None or row["service"] in services) and not (agreed_only and row["sla"] is None):
            groups.setdefault((str(row["service"]), row["sla"]), []).append(row)  # type: ignore[arg-type]
    return [_availability_chart(availability, service, sla, rows[-last:] if last else rows)
            for (service, sla), rows in groups.items()]


def _availability_chart(table: Table, service: str, sla: str | None, rows: list[dict[str, object]]) -> str:
    values = tuple(r["availability"] for r in rows)
    target = next((r["target"] for r in rows if isinstance(r["target"], float | int)), None)
    known = [v for v in (*values, target) if isinstance(v, float | int)]
    low = min(known, default=99.0)
    against = f" against {sla}" if sla else " (no SLA)"
    chart = Chart(f"Availability of {service}{against}",
                  f"Availability in percent per month of {service} within its service hours, agreed "
                  f"maintenance excluded{', with the SLA target as a dashed line' if target else ''}.",
                  tuple(str(r["month"]) for r in rows),
                  (Series(service, values),),  # type: ignore[arg-type]
                  unit="%", target=float(target) if target is not None else None,
                  target_label=f"{sla} target" if sla else "target",
                  y_range=(min(low, 99.0), 100.0))
    return sourced("availability", table, chart_figure(chart, "line"))
