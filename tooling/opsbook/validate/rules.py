"""Cross-field rules that JSON Schema cannot express. Each rule is a named function in RULES,
its code the key; `opsbook explain CODE` documents it. Keep them few."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from opsbook import clock
from opsbook.diagnostics import Diagnostic, error
from opsbook.model import Record
from opsbook.moments import day, instant
from opsbook.projects import checks as project

# Fields that must not decrease along each chain, per kind; absent fields are skipped.
TIME_ORDER: dict[str, tuple[tuple[str, ...], ...]] = {
    "incident": (
        ("started_at", "detected_at", "acknowledged_at", "resolved_at", "closed_at"),
        ("started_at", "mitigated_at", "resolved_at"),
        ("opened_at", "acknowledged_at"),
        ("opened_at", "resolved_at"),
    ),
    "problem": (("opened_at", "resolved_at", "closed_at"),),
    "change": (("planned_start", "planned_end"), ("actual_start", "actual_end")),
    "maintenance": (("start", "end"),),
    "request": (("submitted_at", "fulfilled_at", "closed_at"),),
    "sla": (("valid_from", "valid_to"),),
    "improvement": (("identified_at", "implemented_at"),),
}
# Pairs where equal values are wrong too: a window must have a length.
STRICT = {("planned_start", "planned_end"), ("actual_start", "actual_end"), ("start", "end")}
# Timestamps of things that have happened; they cannot lie in the future.
OCCURRED = {
    "incident": ("started_at", "detected_at", "opened_at", "acknowledged_at", "mitigated_at", "resolved_at", "closed_at"),
    "problem": ("opened_at", "resolved_at", "closed_at"),
    "change": ("actual_start", "actual_end"),
    "request": ("submitted_at", "fulfilled_at", "closed_at"),
    "release": ("released_at",),
}
APPROVAL_STATES = {
    "normal": {"scheduled", "implement", "review", "closed"},
    "emergency": {"implement", "review", "closed"},
}


def time_order(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """Timestamps follow the lifecycle: detected before acknowledged before resolved, and so on."""
    data = record.data
    for chain in TIME_ORDER.get(record.kind.name, ()):
        before, early = "", None
        for after in chain:
            late = _moment(data.get(after))
            if late is None:
                continue
            # A day where a timestamp belongs (different types) is the schema's to report.
            if type(early) is type(late) and (late < early or (late == early and (before, after) in STRICT)):
                line, column = record.position((after,))
                relation = "before" if late < early else "at the same time as"
                yield error(record.path, line, column, "time-order",
                            f"{after} ({data[after]}) is {relation} {before} ({data[before]})")
            before, early = after, late
    for index, outage in enumerate(record.data.get("outages") or []):
        if isinstance(outage, dict):
            start, end = _moment(outage.get("start")), _moment(outage.get("end"))
            if start and end and end <= start:
                line, column = record.position(("outages", index, "end"))
                yield error(record.path, line, column, "time-order", "an outage must end after it starts")


def future_timestamp(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """What has happened cannot be recorded as happening later than now (the run's clock:
    `opsbook validate --as-of`, the site's `now`, $OPSBOOK_NOW, else the system clock), with an
    hour's grace for clocks that disagree."""
    for name in OCCURRED.get(record.kind.name, ()):
        moment = _moment(record.data.get(name))
        if isinstance(moment, datetime) and moment > now + timedelta(hours=1):
            line, column = record.position((name,))
            yield error(record.path, line, column, "time-future",
                        f"{name} ({record.data[name]}) lies in the future")


def change_approval(record: Record, now: datetime) -> Iterator[Diagnostic]:
    """A normal change is approved before it is scheduled; an emergency one before it is implemented."""
    if record.kind.name != "change":
        return
    states = APPROVAL_STATES.get(record.data.get("type", ""), set())
    if record.status not in states:
        return
    approvals = [a for a in record.data.get("approvals") or [] if isinstance(a, dict)]
    for index, approval in enumerate(approvals):
        if approval.get("decision") == "rejected":
            line, column = record.position(("approvals", index, "decision"))
            yield error(record.path, line, column, "change-approval",
                        f"a change rejected by {approval.get('by', 'an approver')} cannot be {record.status}")
            return
    if not any(a.get("decision") == "approved" for a in approvals):
        line, column = record.position(("approvals",) if "approvals" in record.data else ("status",))
        yield error(record.path, line, column, "change-approval",
                    f"a {record.data['type']} change in state {record.status} needs an approved approval")


Rule = Callable[[Record, datetime], Iterator[Diagnostic]]
RULES: dict[str, Rule] = {
    "time-order": time_order,
    "time-future": future_timestamp,
    "change-approval": change_approval,
    "project-task-cycle": project.task_cycle,
    "project-unknown-task": project.unknown_task,
    "project-duplicate-id": project.duplicate_id,
    "project-task-window": project.task_window,
    "project-task-start": project.task_start,
    "project-milestone-early": project.milestone_early,
    "project-gate-order": project.gate_order,
}


# The kinds a rule can find anything in (rules not named here: every kind, as time-order, which
# checks any kind's outages); records of other kinds skip it.
ONLY_FOR: dict[str, set[str]] = {
    "time-future": set(OCCURRED),
    "change-approval": {"change"},
    **{code: {"project"} for code in RULES if code.startswith("project-")},
}


def check_rules(records: list[Record], now: datetime | None = None) -> Iterator[Diagnostic]:
    now = now or clock.now()
    for record in records:
        for rule in _rules_for(record.kind.name):
            yield from rule(record, now)


@lru_cache(maxsize=64)
def _rules_for(kind: str) -> tuple[Rule, ...]:
    return tuple(rule for code, rule in RULES.items() if code not in ONLY_FOR or kind in ONLY_FOR[code])


def _moment(value: Any) -> datetime | date | None:
    """A comparable instant: timestamps with offsets as aware datetimes, days as dates."""
    return _moment_of(value) if isinstance(value, str) else None


# The time rules read a record's few timestamps many times over (resolved_at is in three
# chains and is checked against the clock): each text is parsed once.
@lru_cache(maxsize=256)
def _moment_of(text: str) -> datetime | date | None:
    return instant(text) or day(text)
