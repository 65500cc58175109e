"""The questions the dashboard and the stand-up view answer, over records and a moment `now`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from opsbook.model import Record, Repository
from opsbook.moments import day, instant

PRIORITIES = ("P1", "P2", "P3", "P4")
STANDUP_KINDS = ("incident", "request", "problem", "change", "release", "improvement", "project")


def is_open(record: Record) -> bool:
    lifecycle = record.kind.lifecycle
    return lifecycle is not None and lifecycle.is_open(record.status)


def priority(repository: Repository, record: Record) -> str | None:
    impact, urgency = record.data.get("impact"), record.data.get("urgency")
    if not isinstance(impact, str) or not isinstance(urgency, str):
        return None
    return repository.config.priority_of(impact, urgency)


def _of(repository: Repository, kind: str) -> list[Record]:
    return repository.of_kind(kind) if kind in repository.kinds.by_name else []


def open_incidents_by_priority(repository: Repository) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = {p: [] for p in PRIORITIES}
    for record in _of(repository, "incident"):
        if is_open(record):
            groups.setdefault(priority(repository, record) or "unprioritized", []).append(record)
    return groups


def _window(record: Record, start: str, end: str) -> tuple[datetime, datetime] | None:
    begin, finish = instant(record.data.get(start)), instant(record.data.get(end))
    if begin is None:
        return None
    return begin, finish or begin


def upcoming_changes(repository: Repository, now: datetime, days: int = 14) -> list[Record]:
    horizon = now + timedelta(days=days)
    found = []
    for record in _of(repository, "change"):
        window = _window(record, "planned_start", "planned_end")
        if window and record.status not in ("closed", "canceled") and window[1] >= now and window[0] <= horizon:
            found.append(record)
    return sorted(found, key=lambda r: r.data.get("planned_start", ""))


def maintenance(repository: Repository, now: datetime, days: int = 14) -> tuple[list[Record], list[Record]]:
    """(active, upcoming) maintenance windows, freezes and blackouts."""
    active, upcoming = [], []
    for record in _of(repository, "maintenance"):
        window = _window(record, "start", "end")
        if window is None or record.status in ("completed", "cancelled"):
            continue
        if window[0] <= now <= window[1]:
            active.append(record)
        elif now < window[0] <= now + timedelta(days=days):
            upcoming.append(record)
    return sorted(active, key=_start), sorted(upcoming, key=_start)


def _start(record: Record) -> Any:
    return record.data.get("start", "")


def latest_report(project: Record) -> dict[str, Any] | None:
    reports = [r for r in _dicts(project.data.get("status_reports")) if isinstance(r.get("date"), str)]
    return max(reports, key=lambda r: r["date"]) if reports else None


def recent_articles(repository: Repository, limit: int = 10) -> list[Record]:
    articles = [r for r in _of(repository, "kb") if isinstance(r.data.get("updated"), str)]
    return sorted(articles, key=lambda r: (r.data["updated"], r.id), reverse=True)[:limit]


@dataclass
class Standup:
    """The day at a glance: open work, what is scheduled today, what is late or stuck."""

    open: dict[str, list[Record]] = field(default_factory=dict)
    today: list[tuple[str, Record]] = field(default_factory=list)
    overdue: list[tuple[str, Record, str]] = field(default_factory=list)
    blocked: list[tuple[str, Record]] = field(default_factory=list)


def standup(repository: Repository, now: datetime) -> Standup:
    view = Standup()
    for kind in STANDUP_KINDS:
        records = [r for r in _of(repository, kind) if is_open(r)]
        if records:
            view.open[repository.kinds[kind].plural] = records
    view.today = list(_scheduled_today(repository, now))
    view.overdue = sorted(_overdue(repository, now), key=lambda item: (item[2], item[1].id))
    view.blocked = list(_blocked(repository))
    return view


def _scheduled_today(repository: Repository, now: datetime) -> Iterator[tuple[str, Record]]:
    today = now.date()
    for kind, start, end in (("change", "planned_start", "planned_end"), ("maintenance", "start", "end")):
        for record in _of(repository, kind):
            window = _window(record, start, end)
            if window and is_open(record) and window[0].astimezone(now.tzinfo).date() <= today \
                    <= window[1].astimezone(now.tzinfo).date():
                yield f"{window[0].astimezone(now.tzinfo):%H:%M}-{window[1].astimezone(now.tzinfo):%H:%M}", record
    for record in _of(repository, "release"):
        if is_open(record) and day(record.data.get("planned_date")) == today:
            yield "release day", record
    for project in _of(repository, "project"):
        for milestone in _dicts(project.data.get("milestones")):
            due = day(milestone.get("forecast") or milestone.get("baseline"))
            if due == today and not milestone.get("achieved"):
                yield f"milestone {milestone.get('id', '')} due", project


def _overdue(repository: Repository, now: datetime) -> Iterator[tuple[str, Record, str]]:
    today = now.date().isoformat()
    for record in _of(repository, "request"):
        due = instant(record.data.get("due"))
        if is_open(record) and due is not None and due < now:
            yield "fulfilment due", record, record.data["due"][:10]
    for record in _of(repository, "improvement"):
        target = record.data.get("target_date")
        if is_open(record) and isinstance(target, str) and target < today:
            yield "target date", record, target
    for record in _of(repository, "change"):
        end = instant(record.data.get("planned_end"))
        if record.status in ("scheduled", "implement") and end is not None and end < now:
            yield "window ended", record, record.data["planned_end"][:10]
    for project in _of(repository, "project"):
        if not is_open(project):
            continue
        for milestone in _dicts(project.data.get("milestones")):
            due = milestone.get("forecast") or milestone.get("baseline")
            if isinstance(due, str) and due < today and not milestone.get("achieved"):
                yield f"milestone {milestone.get('id', '')}", project, due
        for item in _dicts(project.data.get("raid")):
            due = item.get("due")
            if isinstance(due, str) and due < today and item.get("status") != "closed":
                yield f"{item.get('type', 'RAID')} {item.get('id', '')}", project, due
    for record in _of(repository, "incident"):
        review = record.data.get("post_incident_review")
        for action in _dicts(review.get("corrective_actions") if isinstance(review, dict) else None):
            due = action.get("due")
            if isinstance(due, str) and due < today and action.get("status") != "done":
                yield "corrective action", record, due
    for record in _of(repository, "kb"):
        review_by = record.data.get("review_by")
        if record.status == "published" and isinstance(review_by, str) and review_by < today:
            yield "review", record, review_by


def _blocked(repository: Repository) -> Iterator[tuple[str, Record]]:
    for kind in STANDUP_KINDS:
        for record in _of(repository, kind):
            if record.status == "on_hold":
                yield "on hold", record
            elif record.status == "authorize" and any(
                a.get("decision") == "pending" for a in _dicts(record.data.get("approvals"))
            ):
                yield "awaiting approval", record
            elif kind == "project" and is_open(record) and (latest_report(record) or {}).get("rag") == "red":
                yield "status red", record


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

