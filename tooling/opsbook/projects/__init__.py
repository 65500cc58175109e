"""Project management: plans read from project records, their schedule (critical path method),
earned value as of a day, and the portfolio table (`opsbook.projects.report`, imported on its
own so that validation does not depend on the table renderers; `opsbook.kpis.portfolio`
registers it as `opsbook report projects`). The site and the CLI both use this core."""

from __future__ import annotations

from opsbook.projects.earnedvalue import (
    EarnedValue,
    earned_value,
    latest_report,
    milestones_missed,
    next_milestone,
    risk_exposure,
    trend,
)
from opsbook.projects.plan import Plan, read_plan
from opsbook.projects.schedule import Schedule, ScheduledTask, find_cycles, schedule

__all__ = [
    "EarnedValue", "Plan", "Schedule", "ScheduledTask", "earned_value", "find_cycles",
    "latest_report", "milestones_missed", "next_milestone", "read_plan",
    "risk_exposure", "schedule", "trend",
]
