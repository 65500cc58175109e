"""Validation: every check over a loaded repository, in one registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from opsbook.calendar.check import check_schedule
from opsbook.cmdb.cycles import check_cycles
from opsbook.diagnostics import Diagnostic
from opsbook.model import Repository
from opsbook.validate.identity import check_identity
from opsbook.validate.references import check_references
from opsbook.validate.rules import check_rules
from opsbook.validate.schema import SchemaCheck

Check = Callable[[Repository, datetime | None], Iterable[Diagnostic]]


def _schema(repository: Repository, now: datetime | None) -> Iterable[Diagnostic]:
    check = SchemaCheck(repository.kinds)
    for record in repository.records:
        yield from check(record)


# Run in this order; every check sees every record, so one bad file never hides another.
CHECKS: dict[str, Check] = {
    "schema": _schema,
    "identity": lambda repository, now: check_identity(repository),
    "references": lambda repository, now: check_references(repository),
    "rules": lambda repository, now: check_rules(repository.records, now),
    "cmdb-cycles": lambda repository, now: check_cycles(repository),
    "schedule": lambda repository, now: check_schedule(repository),
}


def validate(repository: Repository, now: datetime | None = None) -> list[Diagnostic]:
    """Every diagnostic for the repository, loader findings included, sorted by position."""
    found = list(repository.diagnostics)
    for unloadable in repository.unloadable:
        found.extend(unloadable.diagnostics)
    for check in CHECKS.values():
        found.extend(check(repository, now))
    return sorted(set(found))
