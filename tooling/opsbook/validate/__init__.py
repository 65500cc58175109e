"""Validation: every check over a loaded repository, in two registries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from opsbook import clock
from opsbook.calendar.check import check_schedule
from opsbook.cmdb.cycles import check_cycles
from opsbook.diagnostics import Diagnostic
from opsbook.kinds import Kinds
from opsbook.load import open_checked
from opsbook.load.parallel import RecordCheck
from opsbook.model import Repository
from opsbook.validate.identity import check_identity
from opsbook.validate.references import check_references
from opsbook.validate.rules import check_rules
from opsbook.validate.schema import SchemaCheck
from opsbook.workers import map_on_cores

Check = Callable[[Repository, datetime | None], Iterable[Diagnostic]]

# Checks of one record at a time, made ready once per run (a schema check compiles the schemas).
# Records are independent here, so a large repository is checked on every core (by
# open_validated, where each record is parsed).
RECORD_CHECKS: dict[str, Callable[[Kinds, datetime], RecordCheck]] = {
    "schema": lambda kinds, now: SchemaCheck(kinds),
    "rules": lambda kinds, now: lambda record: check_rules([record], now),
}

# Checks across records, run in this order after the record checks.
CHECKS: dict[str, Check] = {
    "identity": lambda repository, now: check_identity(repository),
    "references": lambda repository, now: check_references(repository),
    "cmdb-cycles": lambda repository, now: check_cycles(repository),
    "schedule": lambda repository, now: check_schedule(repository),
}

# Below this many records a worker costs more to start than it saves.
MIN_RECORDS_PER_WORKER = 2000


def validate(repository: Repository, now: datetime | None = None) -> list[Diagnostic]:
    """Every diagnostic for the repository, loader findings included, sorted by position.
    Every check sees every record, so one bad file never hides another."""
    now = now or clock.now()
    check = record_check(repository.kinds, now)
    findings = map_on_cores(lambda record: list(check(record)), repository.records,
                            min_per_worker=MIN_RECORDS_PER_WORKER)
    return _with_cross_checks(repository, now, [d for found in findings for d in found])


def open_validated(start: Path | None, now: datetime | None = None) -> tuple[Repository, list[Diagnostic]]:
    """The repository at or above `start` and validate()'s diagnostics for it, the per-record
    checks run where each record is parsed (one pass over the files, on every core)."""
    now = now or clock.now()
    repository, findings = open_checked(start, lambda kinds: record_check(kinds, now))
    return repository, _with_cross_checks(repository, now, findings)


def record_check(kinds: Kinds, now: datetime) -> RecordCheck:
    """Every check in RECORD_CHECKS, as one."""
    checks = [make(kinds, now) for make in RECORD_CHECKS.values()]
    return lambda record: [d for check in checks for d in check(record)]


def _with_cross_checks(repository: Repository, now: datetime, record_findings: list[Diagnostic]) -> list[Diagnostic]:
    found = list(repository.diagnostics)
    for unloadable in repository.unloadable:
        found.extend(unloadable.diagnostics)
    found.extend(record_findings)
    for check in CHECKS.values():
        found.extend(check(repository, now))
    return sorted(set(found))
