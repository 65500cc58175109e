"""Cross-field rules for project plans; `opsbook.validate.rules.RULES` registers each by code.

Each rule stands alone, which is easier to read and to test than a shared pass; the plan and
its schedule are read once per record all the same (`_plan`, `_schedule`): the rules run one
record after another, and at 500 projects reading each plan seven times was a third of the
rules' time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from opsbook.diagnostics import Diagnostic, error, warning
from opsbook.model import Record
from opsbook.projects.plan import PHASES, Gate, Plan, read_plan
from opsbook.projects.schedule import Schedule, ScheduledTask, find_cycles, schedule


def task_cycle(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Finish-to-start dependencies cannot go round in a circle: no task could ever start."""
    plan = _plan(record)
    if plan is None:
        return
    by_id = plan.task_by_id()
    for cycle in find_cycles(plan):
        first = by_id[cycle[0]]
        after = cycle[1] if len(cycle) > 1 else cycle[0]
        where = record.position(("tasks", first.index, "depends_on", first.depends_on.index(after)))
        if len(cycle) == 1:
            message = f"task {first.id} depends on itself"
        else:
            steps = [f"{a} on {b}" for a, b in zip(cycle[1:], (*cycle[2:], cycle[0]))]
            message = f"dependency cycle: {first.id} depends on {after}, " + ", ".join(steps)
        yield error(record.path, *where, "project-task-cycle", message)


def unknown_task(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Tasks and milestones may only depend on tasks of the same project."""
    plan = _plan(record)
    if plan is None:
        return
    known = plan.task_by_id()
    entries = [("tasks", t.index, t.id, t.depends_on) for t in plan.tasks]
    entries += [("milestones", m.index, m.id, m.depends_on) for m in plan.milestones]
    for field, index, owner, depends_on in entries:
        for position, task_id in enumerate(depends_on):
            if task_id and task_id not in known:
                where = record.position((field, index, "depends_on", position))
                yield error(record.path, *where, "project-unknown-task",
                            f"{owner or field} depends on {task_id}, which is not a task of this project")


def duplicate_id(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Task, milestone and RAID IDs are unique within the project; dependencies name them."""
    plan = _plan(record)
    if plan is None:
        return
    lists = (("tasks", "task", plan.tasks), ("milestones", "milestone", plan.milestones),
             ("raid", "RAID entry", plan.raid))
    for field, label, entries in lists:
        first: dict[str, int] = {}
        for entry in entries:
            if entry.id in first:
                line, _ = record.position((field, first[entry.id], "id"))
                where = record.position((field, entry.index, "id"))
                yield error(record.path, *where, "project-duplicate-id",
                            f"{label} ID {entry.id} is already used on line {line}")
            elif entry.id:
                first[entry.id] = entry.index


def task_window(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Scheduled tasks lie within the project: from the baseline (or earlier actual) start to the
    baseline finish, or the forecast or actual finish where the project itself says it ends later."""
    plan = _plan(record)
    if plan is None:
        return
    begin = min(filter(None, (plan.baseline_start, plan.actual_start)), default=None)
    end = max(filter(None, (plan.baseline_finish, plan.forecast_finish, plan.actual_finish)), default=None)
    for scheduled in _schedule(plan).tasks.values():
        task = scheduled.task
        if begin and scheduled.early_start < begin:
            where = record.position(("tasks", task.index, "start"))
            yield error(record.path, *where, "project-task-window",
                        f"task {task.id} starts {scheduled.early_start}, before the project starts ({begin})")
        if end and scheduled.early_finish > end:
            # at the task itself when it gives no duration
            where = record.position(("tasks", task.index, "duration_days"))
            yield error(record.path, *where, "project-task-window",
                        f"task {task.id} runs until {scheduled.early_finish}, after the project ends ({end})")


def task_start(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """A task's own start cannot come before its predecessors finish (finish-to-start); the
    schedule then starts it later than written, so the plan says two things."""
    plan = _plan(record)
    if plan is None:
        return
    planned = _schedule(plan).tasks
    for scheduled in planned.values():
        task = scheduled.task
        if task.start and task.start < scheduled.early_start:
            blocker = max((planned[d] for d in task.depends_on if d in planned), key=lambda s: s.early_end)
            where = record.position(("tasks", task.index, "start"))
            yield warning(record.path, *where, "project-task-start",
                          f"task {task.id} starts {task.start}, before {blocker.task.id} finishes "
                          f"({blocker.early_finish}); it can start {scheduled.early_start}")


def milestone_early(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """A milestone is achieved only when the tasks it depends on have finished: each must be
    100% complete (when its progress is given) and its scheduled early finish not later than the
    achieved day (the plan states no actual task dates; the early finish is the soonest it could
    have finished)."""
    plan = _plan(record)
    if plan is None:
        return
    planned = _schedule(plan).tasks
    for milestone in plan.milestones:
        if milestone.achieved is None:
            continue
        for task_id in dict.fromkeys(milestone.depends_on):
            reason = _unfinished(planned.get(task_id), milestone.achieved)
            if reason:
                where = record.position(("milestones", milestone.index, "achieved"))
                yield error(record.path, *where, "project-milestone-early",
                            f"milestone {milestone.id} achieved {milestone.achieved}, but task {task_id} {reason}")


def gate_order(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Phases open in order: a phase's first approved gate is not dated before the first approved
    gate of an earlier phase. Later approvals (re-planning after execution began) are allowed."""
    plan = _plan(record)
    if plan is None:
        return
    first: dict[str, tuple[date, Gate]] = {}
    for gate in sorted(plan.gates, key=lambda g: (g.day or date.max, g.index)):
        if gate.day and gate.decision == "approved" and gate.phase in PHASES:
            first.setdefault(gate.phase, (gate.day, gate))
    for day, later in first.values():
        earlier = [first[p] for p in PHASES[:PHASES.index(later.phase)] if p in first]
        blocking = max((e for e in earlier if e[0] > day), key=lambda e: e[0], default=None)
        if blocking:
            where = record.position(("gates", later.index, "date"))
            yield error(record.path, *where, "project-gate-order",
                        f"the {later.phase} gate is approved {day}, before the "
                        f"{blocking[1].phase} gate ({blocking[0]})")


def _unfinished(scheduled: ScheduledTask | None, achieved: date) -> str | None:
    if scheduled is None:
        return None  # an unknown task or one in a cycle: reported by their own rules
    percent = scheduled.task.percent_complete
    if percent is not None and percent < 100:
        return f"is only {percent:g}% complete"
    if scheduled.early_finish > achieved:
        return f"cannot finish before {scheduled.early_finish}"
    return None


# The last record's data and what was read from it. The data is held, so its identity cannot be
# taken by another record's while it is here.
_last: dict[str, tuple[object, object]] = {}


def _plan(record: Record) -> Plan | None:
    if record.kind.name != "project":
        return None
    held = _last.get("plan")
    if held is None or held[0] is not record.data:
        held = _last["plan"] = (record.data, read_plan(record.data))
    return held[1]  # type: ignore[return-value]


def _schedule(plan: Plan) -> Schedule:
    held = _last.get("schedule")
    if held is None or held[0] is not plan:
        held = _last["schedule"] = (plan, schedule(plan))
    return held[1]  # type: ignore[return-value]
