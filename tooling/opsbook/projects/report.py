"""`opsbook report projects`: the portfolio, one row per project, as of a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from opsbook.model import Record, Repository
from opsbook.projects.earnedvalue import (
    earned_value,
    latest_report,
    milestones_missed,
    next_milestone,
    risk_exposure,
)
from opsbook.projects.plan import read_plan
from opsbook.tables import Table

COLUMNS = [
    "project", "title", "status", "RAG", "complete %", "BAC", "PV", "EV", "AC", "SPI", "CPI",
    "EAC", "VAC", "budget used %", "SV days", "next milestone", "milestones due",
    "milestones missed", "risk exposure", "PV phased", "SPI phased",
]
NOTES = [
    "PV = BAC x min(AT, N) / N, N = baseline days (first and last included), AT = days from the "
    "baseline start to the as-of day (included); EV = BAC x complete %; AC = actual cost to date.",
    ("PV phased = BAC x task-days scheduled by the as-of day (CPM early starts) / all task-days: PV "
     "time-phased along the task plan instead of spread linearly; SPI phased = EV / PV phased."),
    "Measured before its start (and before any status report), a project has earned and spent nothing.",
    "SPI = EV / PV; CPI = EV / AC; EAC = BAC / CPI; VAC = BAC - EAC; budget used % = AC / BAC x 100.",
    "SV days = N x complete % - AT (earned schedule; negative = behind). A finished project is "
    "measured on its actual finish.",
    "A milestone is due once its baseline day has passed and missed if not achieved by then. "
    "Risk exposure = sum of probability x impact over risks not closed.",
]


def projects_report(repository: Repository, as_of: date) -> Table:
    rows = [_row(record, as_of) for record in sorted(repository.of_kind("project"), key=lambda r: r.id)]
    return Table("projects", f"Projects as of {as_of.isoformat()}", list(COLUMNS), rows, list(NOTES))


def _row(record: Record, as_of: date) -> list[Any]:
    plan = read_plan(record.data)
    value = earned_value(plan, as_of)
    report = latest_report(plan, as_of)
    upcoming = next_milestone(plan, as_of)
    missed, due = milestones_missed(plan, as_of)
    return [
        record.id, record.title, record.status, report.rag if report else None,
        value.percent_complete, value.bac, _money(value.pv), _money(value.ev), value.ac,
        _ratio(value.spi), _ratio(value.cpi), _money(value.eac), _money(value.vac),
        _one(value.budget_used_percent), _one(value.schedule_variance_days),
        _milestone(upcoming), due, missed, risk_exposure(plan),
        _money(value.pv_phased), _ratio(value.spi_phased),
    ]


def _milestone(milestone: Any) -> str | None:
    if milestone is None:
        return None
    when = milestone.expected.isoformat() if milestone.expected else "undated"
    return f"{milestone.id} {milestone.name} ({when})"


def _money(amount: float | None) -> float | None:
    return None if amount is None else round(amount, 2)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
