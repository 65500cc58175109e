"""The schedule's part of `opsbook validate`: unknown time zones and conflicts between changes
and windows, at the change's planned start, with the severities `[tool.opsbook.conflicts]` sets."""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.calendar.conflicts import find_conflicts
from opsbook.conflict_policy import severity_of
from opsbook.diagnostics import Diagnostic, error, warning
from opsbook.model import Repository
from opsbook.moments import zone


def check_schedule(repository: Repository) -> Iterator[Diagnostic]:
    yield from _time_zones(repository)
    configured = repository.config.conflicts
    for conflict in find_conflicts(repository):
        severity = severity_of(conflict.code, configured)
        if severity == "off":
            continue
        line, column = conflict.change.position(("planned_start",))
        report = error if severity == "error" else warning
        yield report(conflict.change.path, line, column, conflict.code, conflict.message)


def _time_zones(repository: Repository) -> Iterator[Diagnostic]:
    for record in repository.of_kind("maintenance"):
        name = record.data.get("timezone")
        if isinstance(name, str) and zone(name) is None:
            line, column = record.position(("timezone",))
            yield error(
                record.path,
                line,
                column,
                "timezone-unknown",
                f"unknown time zone {name!r}; use an IANA name such as Europe/Berlin or UTC",
            )
