"""Continual improvement: improvements planned against implemented.

Planned = every improvement identified in the period that was not rejected; implemented = those
of them now `implemented` or `reviewed`; overdue = planned, not implemented, and past its
target date at --as-of. An improvement counts on the day it was identified.
"""

from __future__ import annotations

from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import ratio
from opsbook.model import Record, Repository
from opsbook.moments import day
from opsbook.tables import Table

DONE = ("implemented", "reviewed")
COLUMNS = ["improvement", "title", "status", "identified", "target_date", "implemented", "on_time"]


def planned(repository: Repository, options: ReportOptions) -> list[Record]:
    return [r for r in sorted(repository.of_kind("improvement"), key=lambda r: r.id)
            if r.status != "rejected"
            and (options.service is None or options.service in (r.data.get("services") or []))
            and (identified := day(r.data.get("identified_at"))) is not None and options.covers(identified)]


def on_time(record: Record) -> bool | None:
    target, done = day(record.data.get("target_date")), day(record.data.get("implemented_at"))
    if target is None or record.status not in DONE or done is None:
        return None
    return done <= target


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Improvements planned against implemented, and the register."""
    chosen = planned(repository, options)
    today = options.clock.local_day()
    done = [r for r in chosen if r.status in DONE]
    overdue = [r for r in chosen if r.status not in DONE
               and (target := day(r.data.get("target_date"))) is not None and target < today]
    summary = [["planned", len(chosen)], ["implemented", len(done)],
               ["implementation rate (%)", ratio(len(done), len(chosen))],
               ["implemented on time", sum(on_time(r) is True for r in done)],
               ["overdue", len(overdue)]]
    rows = [[r.id, r.title, r.status, r.data.get("identified_at"), r.data.get("target_date"),
             r.data.get("implemented_at"), on_time(r)] for r in chosen]
    return [Table("improvements-summary", "Improvements planned against implemented", ["measure", "value"], summary),
            Table("improvements", "Improvement register", COLUMNS, rows)]
