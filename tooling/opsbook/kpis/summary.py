"""The headline numbers, each taken from the report that computes it, so they always agree."""

from __future__ import annotations

from typing import Any

from opsbook.kpis import (
    assets,
    availability,
    changes,
    csat,
    improvements,
    incidents,
    problems,
    sla,
    status,
)
from opsbook.kpis.options import ReportOptions
from opsbook.model import Repository
from opsbook.tables import Table


def _cell(table: Table, row_key: Any, column: str) -> Any:
    for row in table.rows:
        if row[0] == row_key:
            return row[table.columns.index(column)]
    return None


def report(repository: Repository, options: ReportOptions) -> Table:
    """Headline service-management KPIs (each with the report it comes from)."""
    by_service = incidents.report(repository, options)[0]
    months, breaches = availability.report(repository, options)
    compliance = sla.report(repository, options)[1]
    change_rates = changes.report(repository, options)[0]
    problem_summary = problems.report(repository, options)[1]
    improvement_summary = improvements.report(repository, options)[0]
    states = status.report(repository, options)[0]
    capacity = assets.capacity(repository, options)
    rows = [
        ["incidents", _cell(by_service, "all", "incidents"), "incidents"],
        ["incidents still open", _cell(by_service, "all", "open"), "incidents"],
        ["MTTA mean (minutes)", _cell(by_service, "all", "mtta_mean"), "incidents"],
        ["MTTR mean (minutes)", _cell(by_service, "all", "mttr_mean"), "incidents"],
        ["MTTR p90 (minutes)", _cell(by_service, "all", "mttr_p90"), "incidents"],
        ["service-months measured", len(months.rows), "availability"],
        ["availability breaches", len(breaches.rows), "availability"],
        ["SLA acknowledge compliance (%)", _cell(compliance, "all", "acknowledge_compliance"), "sla"],
        ["SLA resolve compliance (%)", _cell(compliance, "all", "resolve_compliance"), "sla"],
        ["changes implemented", _cell(change_rates, "all", "implemented"), "changes"],
        ["change failure rate (%)", _cell(change_rates, "all", "failure_rate"), "changes"],
        ["emergency change share (%)", _cell(change_rates, "emergency", "share"), "changes"],
        ["open problems", _cell(problem_summary, "open problems", "value"), "problems"],
        ["open known errors", _cell(problem_summary, "open known errors", "value"), "problems"],
        ["improvements planned", _cell(improvement_summary, "planned", "value"), "improvements"],
        ["improvements implemented", _cell(improvement_summary, "implemented", "value"), "improvements"],
        ["CSAT mean score", _cell(csat.report(repository, options), "all", "mean_score"), "csat"],
        ["services not operational", sum(row[2] != "operational" for row in states.rows), "status"],
        ["assets at or near capacity", sum(row[-1] != "ok" for row in capacity.rows), "capacity"],
    ]
    return Table("summary", "Service management at a glance", ["kpi", "value", "report"], rows,
                 notes=[f"As of {options.clock.isoformat()}; `opsbook report REPORT` shows the detail."])
