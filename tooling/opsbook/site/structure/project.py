"""Everything a project page shows, computed once from the record by `opsbook.projects`, the
same core as `opsbook report projects`, as of the site's "now" (its own calendar day)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from opsbook.model import Record
from opsbook.projects import (
    EarnedValue,
    Plan,
    Schedule,
    earned_value,
    latest_report,
    milestones_missed,
    read_plan,
    risk_exposure,
    schedule,
    trend,
)
from opsbook.projects.plan import Milestone, StatusReport
from opsbook.site.structure.model import SiteModel

# Which records a project delivers, by the kind that points at it.
DELIVERABLES = ("service", "release", "change")


@dataclass(frozen=True)
class MilestoneState:
    """A milestone as of a day: `state` is achieved, achieved late, missed, at risk or planned;
    `slip_days` is the achieved (else forecast) day minus the baseline day."""

    milestone: Milestone
    state: str
    slip_days: int | None

    @property
    def missed(self) -> bool:
        """Counted as missed by `opsbook report projects` (due and not achieved by its baseline)."""
        return self.state in ("missed", "achieved late")


@dataclass
class ProjectView:
    record: Record
    plan: Plan
    schedule: Schedule
    as_of: date
    value: EarnedValue
    latest: StatusReport | None
    trend: list[tuple[StatusReport, EarnedValue]]
    milestones: list[MilestoneState]
    missed: int
    due: int
    exposure: int
    delivers: dict[str, list[Record]] = field(default_factory=dict)
    referenced_by: list[Record] = field(default_factory=list)

    def source_of(self, field: str) -> str:
        """Where percent complete (`percent_complete`) or AC (`cost_to_date`) comes from, by the
        rule of `earned_value`: the record's own value, unless a status report later than the
        day exists or the record gives none; then the latest report up to the day."""
        later = any(r.day and r.day > self.as_of for r in self.plan.status_reports)
        own = self.plan.percent_complete if field == "percent_complete" else self.plan.cost_to_date
        if not later and own is not None:
            return "the record's " + ("actual." if field == "cost_to_date" else "") + field
        if self.latest is not None and self.latest.day is not None:
            return f"the status report of {self.latest.day.isoformat()}"
        return "nowhere: the record gives none"


def project_view(model: SiteModel, record: Record) -> ProjectView:
    plan = read_plan(record.data)
    as_of = model.now.date()
    missed, due = milestones_missed(plan, as_of)
    view = ProjectView(record, plan, schedule(plan), as_of, earned_value(plan, as_of),
                       latest_report(plan, as_of), trend(plan),
                       [milestone_state(m, as_of) for m in plan.milestones], missed, due,
                       risk_exposure(plan))
    for reference in model.graph.incoming.get(record.id, []):
        source = reference.source
        group = view.delivers.setdefault(source.kind.name, []) if source.kind.name in DELIVERABLES \
            else view.referenced_by
        if all(source is not known for known in group):
            group.append(source)
    for records in (*view.delivers.values(), view.referenced_by):
        records.sort(key=lambda r: r.id)
    return view


def milestone_state(milestone: Milestone, as_of: date) -> MilestoneState:
    baseline, achieved = milestone.baseline, milestone.achieved
    slip_from = achieved or milestone.forecast
    slip = (slip_from - baseline).days if slip_from and baseline else None
    if achieved and achieved <= as_of:
        state = "achieved late" if baseline and achieved > baseline else "achieved"
    elif baseline and baseline <= as_of:
        state = "missed"
    elif milestone.forecast and baseline and milestone.forecast > baseline:
        state = "at risk"
    else:
        state = "planned"
    return MilestoneState(milestone, state, slip)
