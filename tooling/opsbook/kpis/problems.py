"""Open problems and known errors with their age, and the incidents linked to each.

Open = an open state of the problem lifecycle (new, assess, root_cause_analysis,
fix_in_progress); age = as-of minus opened_at, in days. It is a snapshot at --as-of:
--from/--to do not apply.
"""

from __future__ import annotations

from collections import Counter

from opsbook.kpis.facts import incidents
from opsbook.kpis.intervals import instant
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import mean, rounded
from opsbook.model import Record, Repository
from opsbook.tables import Table

COLUMNS = ["problem", "title", "status", "known_error", "opened", "age_days", "incidents"]


def open_problems(repository: Repository, options: ReportOptions) -> list[Record]:
    return [p for p in sorted(repository.of_kind("problem"), key=lambda r: r.id)
            if p.kind.lifecycle is not None and p.kind.lifecycle.is_open(p.status)
            and (options.service is None or options.service in (p.data.get("services") or []))
            and (opened := instant(p.data.get("opened_at"))) is not None and opened <= options.as_of]


def age_days(problem: Record, options: ReportOptions) -> float:
    opened = instant(problem.data.get("opened_at"))
    assert opened is not None
    return (options.as_of - opened).total_seconds() / 86400


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Open problems and known errors with their age in days and linked incidents."""
    linked = Counter(i.record.data.get("problem") for i in incidents(repository))
    chosen = open_problems(repository, options)
    rows = [[p.id, p.title, p.status, p.data.get("known_error") is True,
             str(p.data.get("opened_at", ""))[:10], rounded(age_days(p, options)), linked[p.id]]
            for p in chosen]
    known = [p for p in chosen if p.data.get("known_error") is True]
    everything = repository.of_kind("problem")
    summary = [
        ["open problems", len(chosen)],
        ["open known errors", len(known)],
        ["mean age of open problems (days)", rounded(mean([age_days(p, options) for p in chosen]))],
        ["mean age of open known errors (days)", rounded(mean([age_days(p, options) for p in known]))],
        ["incidents per problem (all problems)", rounded(mean([linked[p.id] for p in everything]), 2)],
    ]
    return [Table("problems", "Open problems and known errors", COLUMNS, rows),
            Table("problems-summary", "Problem management", ["measure", "value"], summary)]
