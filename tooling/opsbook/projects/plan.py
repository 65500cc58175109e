"""A project record read as a plan: typed tasks, milestones, gates, RAID entries and status
reports. Validation runs on records that may break their schema, so every value that is not what
the schema asks for reads as missing; the schema check reports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from opsbook.moments import day

PHASES = ("initiation", "planning", "execution", "closing")


@dataclass(frozen=True)
class Task:
    index: int  # position in `tasks`, for diagnostics
    id: str
    name: str
    start: date | None
    duration_days: int
    depends_on: tuple[str, ...]  # "" where an item is not a string, so indices match the file
    percent_complete: float | None


@dataclass(frozen=True)
class Milestone:
    index: int
    id: str
    name: str
    baseline: date | None
    forecast: date | None
    achieved: date | None
    depends_on: tuple[str, ...]

    @property
    def expected(self) -> date | None:
        """The day it is expected now: its forecast, else its baseline."""
        return self.forecast or self.baseline


@dataclass(frozen=True)
class Gate:
    index: int
    phase: str
    day: date | None
    decision: str


@dataclass(frozen=True)
class RaidEntry:
    index: int
    id: str
    type: str
    status: str
    probability: int | None
    impact: int | None


@dataclass(frozen=True)
class StatusReport:
    index: int
    day: date | None
    rag: str
    percent_complete: float | None
    actual_cost: float | None


@dataclass(frozen=True)
class Plan:
    status: str
    baseline_start: date | None
    baseline_finish: date | None
    budget: float | None
    actual_start: date | None
    actual_finish: date | None
    cost_to_date: float | None
    forecast_finish: date | None
    percent_complete: float | None
    gates: tuple[Gate, ...]
    milestones: tuple[Milestone, ...]
    tasks: tuple[Task, ...]
    raid: tuple[RaidEntry, ...]
    status_reports: tuple[StatusReport, ...]

    def task_by_id(self) -> dict[str, Task]:
        """The first task with each ID (duplicates are reported by validation; a task without an
        ID cannot be depended on and is left out)."""
        found: dict[str, Task] = {}
        for task in self.tasks:
            if task.id:
                found.setdefault(task.id, task)
        return found


def read_plan(data: dict[str, Any]) -> Plan:
    baseline, actual = _mapping(data.get("baseline")), _mapping(data.get("actual"))
    return Plan(
        status=_text(data.get("status")),
        baseline_start=day(baseline.get("start")),
        baseline_finish=day(baseline.get("finish")),
        budget=_number(baseline.get("budget")),
        actual_start=day(actual.get("start")),
        actual_finish=day(actual.get("finish")),
        cost_to_date=_number(actual.get("cost_to_date")),
        forecast_finish=day(data.get("forecast_finish")),
        percent_complete=_number(data.get("percent_complete")),
        gates=tuple(_gate(i, g) for i, g in _items(data, "gates")),
        milestones=tuple(_milestone(i, m) for i, m in _items(data, "milestones")),
        tasks=tuple(_task(i, t) for i, t in _items(data, "tasks")),
        raid=tuple(_raid(i, r) for i, r in _items(data, "raid")),
        status_reports=tuple(_report(i, r) for i, r in _items(data, "status_reports")),
    )


def _task(index: int, item: dict[str, Any]) -> Task:
    duration = item.get("duration_days")
    return Task(index, _text(item.get("id")), _text(item.get("name")), day(item.get("start")),
                duration if _is_int(duration) and duration >= 0 else 0,
                _ids(item.get("depends_on")), _number(item.get("percent_complete")))


def _milestone(index: int, item: dict[str, Any]) -> Milestone:
    return Milestone(index, _text(item.get("id")), _text(item.get("name")), day(item.get("baseline")),
                     day(item.get("forecast")), day(item.get("achieved")), _ids(item.get("depends_on")))


def _gate(index: int, item: dict[str, Any]) -> Gate:
    return Gate(index, _text(item.get("phase")), day(item.get("date")), _text(item.get("decision")))


def _raid(index: int, item: dict[str, Any]) -> RaidEntry:
    def level(name: str) -> int | None:
        value = item.get(name)
        return value if _is_int(value) else None

    return RaidEntry(index, _text(item.get("id")), _text(item.get("type")),
                     _text(item.get("status")) or "open", level("probability"), level("impact"))


def _report(index: int, item: dict[str, Any]) -> StatusReport:
    return StatusReport(index, day(item.get("date")), _text(item.get("rag")),
                        _number(item.get("percent_complete")), _number(item.get("actual_cost")))


def _items(data: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(name)
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _ids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item if isinstance(item, str) else "" for item in value)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
