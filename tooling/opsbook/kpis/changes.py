"""Change success and failure rate, and the share of emergency changes.

A change is implemented once it has an `outcome` or an `actual_end`; it counts in the period
holding its actual end (else actual start, planned end, planned start), a UTC day. It failed
if its outcome is `failed` or `rolled_back`, or an incident (not canceled) names it in
`caused_by_change`; every other implemented change was successful (so a change whose outcome
says `successful` but that caused an incident is counted as failed, not successful).
failure rate = failed / implemented; success rate = successful / implemented;
share = a type's implemented changes / all implemented changes (the emergency share).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from opsbook.kpis.facts import incidents
from opsbook.kpis.intervals import instant
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import ratio
from opsbook.model import Record, Repository
from opsbook.tables import Table

TYPES = ("standard", "normal", "emergency")
COLUMNS = ["type", "implemented", "share", "successful", "failed", "rolled_back", "caused_incident",
           "failure_rate", "success_rate"]


def implemented(repository: Repository, options: ReportOptions) -> list[Record]:
    return [c for c in repository.of_kind("change")
            if c.status != "canceled" and ("outcome" in c.data or "actual_end" in c.data)
            and (options.service is None or options.service in (c.data.get("services") or []))
            and (when := _day(c)) is not None and options.covers(when)]


def _day(change: Record) -> date | None:
    for name in ("actual_end", "actual_start", "planned_end", "planned_start"):
        moment = instant(change.data.get(name))
        if moment is not None:
            return moment.date()
    return None


def causes(repository: Repository) -> dict[str, list[str]]:
    """Change ID -> the incidents it caused."""
    caused: dict[str, list[str]] = defaultdict(list)
    for incident in incidents(repository):
        change = incident.record.data.get("caused_by_change")
        if isinstance(change, str):
            caused[change].append(incident.id)
    return caused


def is_failure(change: Record, caused: dict[str, list[str]]) -> bool:
    return change.data.get("outcome") in ("failed", "rolled_back") or bool(caused.get(change.id))


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Change success and failure rate per change type; emergency share; the failed changes."""
    chosen, caused = implemented(repository, options), causes(repository)

    def line(name: str, group: list[Record]) -> list[object]:
        failures = sum(is_failure(c, caused) for c in group)
        outcomes = [c.data.get("outcome") for c in group]
        return [name, len(group), ratio(len(group), len(chosen)), len(group) - failures,
                outcomes.count("failed"), outcomes.count("rolled_back"),
                sum(bool(caused.get(c.id)) for c in group),
                ratio(failures, len(group)), ratio(len(group) - failures, len(group))]

    rows = [line(kind, [c for c in chosen if c.data.get("type") == kind]) for kind in TYPES]
    failed = [[c.id, c.data.get("type"), c.data.get("outcome"), ", ".join(caused.get(c.id, [])) or None,
               _day(c).isoformat() if _day(c) else None]
              for c in sorted(chosen, key=lambda c: c.id) if is_failure(c, caused)]
    return [
        Table("changes", "Change success and failure rate", COLUMNS, [*rows, line("all", chosen)],
              notes=[("Failed = outcome failed or rolled_back, or caused an incident; successful = "
                     "every other implemented change (successful + failed changes = implemented); rates and "
                     "share in percent of implemented changes.")]),
        Table("changes-failed", "Failed changes", ["change", "type", "outcome", "caused", "date"], failed),
    ]
