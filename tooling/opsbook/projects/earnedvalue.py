"""Earned value as of a day, and the indicators a project is judged by.

Every figure can be reproduced by hand from the record:

- N  = baseline days, first and last included: baseline finish - baseline start + 1.
- AT = actual time, days elapsed by the end of the as-of day: as of - baseline start + 1
  (0 before the start; it keeps counting after the baseline finish).
- BAC = baseline budget. PV = BAC x min(AT, N) / N: the budget spread evenly over the baseline
  days. The other common definition is time-phased along the task plan: PV (phased) = BAC x
  the task-days scheduled by the end of the as-of day / all task-days, each task spreading
  its share (its duration) evenly over the days the schedule (CPM early start) gives it. Tasks
  carry no budgets, so a task-day is the unit of planned work; SPI (phased) = EV / PV (phased).
  For PRJ-0003 on 2026-11-22 the two give SPI 0.99 and 0.77: the linear spread does not see
  that the plan front-loads its work before the quiet weeks around the cutover.
- EV = BAC x percent complete / 100. AC = actual cost to date.
- SV = EV - PV; CV = EV - AC; SPI = EV / PV; CPI = EV / AC; EAC = BAC / CPI; VAC = BAC - EAC.
- Budget used = AC / BAC x 100. Budget deviation = (EAC - BAC) / BAC x 100: the forecast
  overrun, which for a finished project is its actual overrun.
- Schedule variance in days (earned schedule): ES - AT with ES = N x percent complete / 100, the
  baseline day by which the work done was planned to be done. Unlike SV it does not return to
  zero after the baseline finish, so a late project stays late. Negative means behind.

A ratio whose divisor is zero is undefined (None), never infinite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opsbook.projects.plan import Milestone, Plan, StatusReport
from opsbook.projects.schedule import schedule


@dataclass(frozen=True)
class EarnedValue:
    as_of: date
    bac: float | None
    baseline_days: int | None  # N
    elapsed_days: int | None  # AT
    percent_complete: float | None
    ac: float | None
    # (task-days scheduled by the as-of day, all task-days) of the task plan
    task_days: tuple[int, int] | None = None

    @property
    def pv(self) -> float | None:
        if self.bac is None or not self.baseline_days or self.elapsed_days is None:
            return None
        return self.bac * min(self.elapsed_days, self.baseline_days) / self.baseline_days

    @property
    def pv_phased(self) -> float | None:
        if self.bac is None or self.task_days is None:
            return None
        done, total = self.task_days
        return self.bac * done / total

    @property
    def spi_phased(self) -> float | None:
        return _ratio(self.ev, self.pv_phased)

    @property
    def ev(self) -> float | None:
        return _times(self.bac, self.percent_complete)

    @property
    def sv(self) -> float | None:
        return _minus(self.ev, self.pv)

    @property
    def cv(self) -> float | None:
        return _minus(self.ev, self.ac)

    @property
    def spi(self) -> float | None:
        return _ratio(self.ev, self.pv)

    @property
    def cpi(self) -> float | None:
        return _ratio(self.ev, self.ac)

    @property
    def eac(self) -> float | None:
        return _ratio(self.bac, self.cpi)

    @property
    def vac(self) -> float | None:
        return _minus(self.bac, self.eac)

    @property
    def budget_used_percent(self) -> float | None:
        used = _ratio(self.ac, self.bac)
        return None if used is None else used * 100

    @property
    def budget_deviation_percent(self) -> float | None:
        overrun = _ratio(_minus(self.eac, self.bac), self.bac)
        return None if overrun is None else overrun * 100

    @property
    def earned_schedule_days(self) -> float | None:
        return _times(float(self.baseline_days) if self.baseline_days else None, self.percent_complete)

    @property
    def schedule_variance_days(self) -> float | None:
        if self.elapsed_days is None:
            return None
        return _minus(self.earned_schedule_days, float(self.elapsed_days))


def measure(plan: Plan, as_of: date, percent_complete: float | None, ac: float | None) -> EarnedValue:
    """Earned value on `as_of` for the given progress, against the plan's baseline."""
    start, finish = plan.baseline_start, plan.baseline_finish
    baseline_days = (finish - start).days + 1 if start and finish and finish >= start else None
    elapsed = max((as_of - start).days + 1, 0) if start else None
    return EarnedValue(as_of, plan.budget, baseline_days, elapsed, percent_complete, ac,
                       task_days(plan, as_of))


def task_days(plan: Plan, as_of: date) -> tuple[int, int] | None:
    """(task-days scheduled to be done by the end of `as_of`, all task-days) of the plan."""
    tasks = schedule(plan).tasks.values()
    total = sum(t.task.duration_days for t in tasks)
    if not total:
        return None
    done = sum(min(max((as_of - t.early_start).days + 1, 0), t.task.duration_days) for t in tasks)
    return done, total


def earned_value(plan: Plan, as_of: date) -> EarnedValue:
    """The project's earned value as of a day.

    A finished project is measured on its actual finish, so its figures stop moving. Progress
    and cost are the record's current values, unless a status report later than `as_of`
    exists or the project finished after it: then the day lies in the past and the latest
    report up to it speaks for it. Before the project started (actual start, else baseline
    start) and before any report, nothing is earned and nothing spent.
    """
    measured = min(as_of, plan.actual_finish) if plan.actual_finish else as_of
    last = latest_report(plan, as_of)
    percent, cost = (last.percent_complete, last.actual_cost) if last else (None, None)
    later = any(r.day and r.day > as_of for r in plan.status_reports) or (
        plan.actual_finish is not None and plan.actual_finish > as_of)
    if not later:
        percent = plan.percent_complete if plan.percent_complete is not None else percent
        cost = plan.cost_to_date if plan.cost_to_date is not None else cost
    start = plan.actual_start or plan.baseline_start
    if last is None and start is not None and as_of < start:
        percent, cost = 0.0, 0.0
    return measure(plan, measured, percent, cost)


def trend(plan: Plan) -> list[tuple[StatusReport, EarnedValue]]:
    """Earned value at each dated status report, from its own percent complete and cost."""
    dated = sorted((r for r in plan.status_reports if r.day), key=lambda r: (r.day, r.index))
    return [(r, measure(plan, r.day, r.percent_complete, r.actual_cost)) for r in dated]  # type: ignore[arg-type]


def latest_report(plan: Plan, as_of: date) -> StatusReport | None:
    dated = [r for r in plan.status_reports if r.day and r.day <= as_of]
    return max(dated, key=lambda r: (r.day, r.index), default=None)


def milestones_missed(plan: Plan, as_of: date) -> tuple[int, int]:
    """(missed, due): a milestone is due once its baseline day has passed, and missed if it
    was not achieved on or before that day."""
    due = [m for m in plan.milestones if m.baseline and m.baseline <= as_of]
    return sum(not _met(m) for m in due), len(due)


def next_milestone(plan: Plan, as_of: date) -> Milestone | None:
    """The first milestone not achieved by `as_of`, by its expected (forecast, else baseline) day."""
    pending = [m for m in plan.milestones if not (m.achieved and m.achieved <= as_of)]
    return min(pending, key=lambda m: (m.expected or date.max, m.index), default=None)


def risk_exposure(plan: Plan) -> int:
    """Sum of probability x impact over the risks that are not closed (open or mitigating)."""
    return sum(r.probability * r.impact for r in plan.raid
               if r.type == "risk" and r.status != "closed" and r.probability and r.impact)


def _met(milestone: Milestone) -> bool:
    return bool(milestone.achieved and milestone.baseline and milestone.achieved <= milestone.baseline)


def _times(amount: float | None, percent: float | None) -> float | None:
    return None if amount is None or percent is None else amount * percent / 100


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b
