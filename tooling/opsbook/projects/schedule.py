"""The critical path method over a project's tasks.

Durations are calendar days, as the schema defines `duration_days` (a records-as-code plan has
no working calendar to consult, and calendar days are what a reader can count on a Gantt chart).
A task of d days that starts on day S works S .. S+d-1 and its successors start on S+d, "the
day after its dependencies finish". Internally ends are exclusive (S+d), as in the textbooks,
so float and the critical path come out as whole days.

Forward pass: early start = the latest of the task's own `start` (a start-no-earlier-than
constraint) and its predecessors' early ends; a task with neither starts on the project start
(baseline start, else actual start, else the earliest task start). Backward pass from the
plan's own end: late end = the earliest late start of its successors. Total float = late start
- early start; the critical tasks are those without float.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from opsbook.graph_search import shortest_cycle
from opsbook.projects.plan import Plan, Task


@dataclass(frozen=True)
class ScheduledTask:
    task: Task
    early_start: date
    early_end: date  # exclusive: the day its successors may start
    late_start: date
    late_end: date

    @property
    def early_finish(self) -> date:
        """The last day of work (the start day itself for a zero-length task)."""
        return _shift(self.early_end, -1) if self.task.duration_days else self.early_start

    @property
    def late_finish(self) -> date:
        return _shift(self.late_end, -1) if self.task.duration_days else self.late_start

    @property
    def total_float(self) -> int:
        return (self.late_start - self.early_start).days

    @property
    def critical(self) -> bool:
        return self.total_float == 0


@dataclass(frozen=True)
class Schedule:
    tasks: dict[str, ScheduledTask]  # in topological order
    unscheduled: tuple[str, ...]  # tasks in, or behind, a dependency cycle

    @property
    def start(self) -> date | None:
        return min((s.early_start for s in self.tasks.values()), default=None)

    @property
    def finish(self) -> date | None:
        """The last day of work of the whole plan."""
        return max((s.early_finish for s in self.tasks.values()), default=None)

    @property
    def critical_path(self) -> list[str]:
        critical = [s for s in self.tasks.values() if s.critical]
        return [s.task.id for s in sorted(critical, key=lambda s: (s.early_start, s.early_end, s.task.index))]


def schedule(plan: Plan) -> Schedule:
    by_id = plan.task_by_id()
    predecessors = {i: _known(t.depends_on, by_id) for i, t in by_id.items()}
    order, unscheduled = _topological_order(by_id, predecessors)
    anchor = _project_start(plan)
    early: dict[str, tuple[date, date]] = {}
    for task_id in order:
        task = by_id[task_id]
        candidates = [early[p][1] for p in predecessors[task_id]]
        if task.start:
            candidates.append(task.start)
        if not candidates:
            if anchor is None:
                return Schedule({}, tuple(by_id))  # nothing dates the plan
            candidates.append(anchor)
        start = max(candidates)
        early[task_id] = (start, _shift(start, task.duration_days))
    return Schedule(_backward_pass(order, by_id, predecessors, early), unscheduled)


def _backward_pass(order: list[str], by_id: dict[str, Task], predecessors: dict[str, list[str]],
                   early: dict[str, tuple[date, date]]) -> dict[str, ScheduledTask]:
    plan_end = max((end for _, end in early.values()), default=None)
    late_start: dict[str, date] = {}
    late_end: dict[str, date] = {}
    successors: dict[str, list[str]] = {task_id: [] for task_id in order}
    for task_id in order:
        for predecessor in predecessors[task_id]:
            successors[predecessor].append(task_id)
    for task_id in reversed(order):
        late_end[task_id] = min((late_start[s] for s in successors[task_id]), default=plan_end)
        late_start[task_id] = _shift(late_end[task_id], -by_id[task_id].duration_days)
    return {t: ScheduledTask(by_id[t], *early[t], late_start[t], late_end[t]) for t in order}


def _topological_order(by_id: dict[str, Task],
                       predecessors: dict[str, list[str]]) -> tuple[list[str], tuple[str, ...]]:
    """Kahn's algorithm in file order; what never becomes free is in or behind a cycle."""
    waiting = {task_id: len(set(p)) for task_id, p in predecessors.items()}
    successors: dict[str, list[str]] = {task_id: [] for task_id in by_id}
    for task_id, preds in predecessors.items():
        for predecessor in set(preds):
            successors[predecessor].append(task_id)
    free = deque(task_id for task_id in by_id if not waiting[task_id])
    order: list[str] = []
    while free:
        task_id = free.popleft()
        order.append(task_id)
        for successor in successors[task_id]:
            waiting[successor] -= 1
            if not waiting[successor]:
                free.append(successor)
    done = set(order)
    return order, tuple(t for t in by_id if t not in done)


def find_cycles(plan: Plan) -> list[tuple[str, ...]]:
    """Dependency cycles, each as (A, B, ..., Z): A depends on B, ..., Z depends on A.

    Each task is reported in at most one cycle: the shortest through the first task (in file
    order) not yet reported, so a tangle gives a few readable cycles rather than every one.
    """
    by_id = plan.task_by_id()
    _, stuck = _topological_order(by_id, {i: _known(t.depends_on, by_id) for i, t in by_id.items()})
    reported: set[str] = set()
    cycles: list[tuple[str, ...]] = []
    for task_id in stuck:
        if task_id not in reported:
            cycle = _shortest_cycle(task_id, by_id)
            if cycle:
                cycles.append(cycle)
                reported.update(cycle)
    return cycles


def _shortest_cycle(start: str, by_id: dict[str, Task]) -> tuple[str, ...] | None:
    """(start, ..., last): each task depends on the next, and the last on `start`."""
    cycle = shortest_cycle(start, lambda task: [(task, dependency) for dependency
                                                in _known(by_id[task].depends_on, by_id)])
    return tuple(cycle) or None


def _project_start(plan: Plan) -> date | None:
    starts = [t.start for t in plan.tasks if t.start]
    return plan.baseline_start or plan.actual_start or min(starts, default=None)


def _known(ids: Iterable[str], by_id: dict[str, Task]) -> list[str]:
    return [i for i in ids if i in by_id]


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, pinned to the calendar's ends: a hostile plan (a task of ten
    million days, a start in year 9999) must not crash the schedule, only look absurd."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
