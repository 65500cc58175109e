"""Per-incident SLA compliance: time to acknowledge and to resolve against the target for the
incident's priority, under every SLA of its service that was valid on the day it was opened.

Both clocks start at `opened_at` and count only minutes inside the SLA's service hours. The
clock is paused while the incident is in a state listed in the SLA's `pause_on` (default
`on_hold`), read from the timeline: an entry with a `status` puts the incident in that state
until the next entry with a status (before the first one it is `new`). A clock that has not
stopped runs to now: it is `running`, or already `breached` once past the target.
"""

from __future__ import annotations

from datetime import datetime

from opsbook.kpis.facts import Agreement, Incident, agreements
from opsbook.kpis.holds import pauses
from opsbook.kpis.incidents import selected
from opsbook.kpis.intervals import Interval, intersect, subtract, total_minutes
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import ratio, rounded
from opsbook.model import Repository
from opsbook.tables import Table

COLUMNS = ["incident", "service", "priority", "sla", "acknowledge_minutes", "acknowledge_target",
           "acknowledge", "resolve_minutes", "resolve_target", "resolve", "paused_minutes"]
SUMMARY = ["sla", "incidents", "acknowledge_met", "acknowledge_breached", "acknowledge_compliance",
           "resolve_met", "resolve_breached", "resolve_compliance"]


def clock(sla: Agreement, start: datetime, stop: datetime, paused: list[Interval]) -> float:
    return total_minutes(subtract(sla.hours.within(Interval(start, stop)), paused))


def verdict(minutes: float, target: int | None, stopped: bool) -> str | None:
    if target is None:
        return None
    if minutes > target:
        return "breached"
    return "met" if stopped else "running"


def measure(incident: Incident, sla: Agreement, now: datetime) -> list[object]:
    assert incident.opened is not None
    paused = pauses(incident, sla.pause_on, now)
    targets = sla.targets.get(incident.priority or "", {})
    row: list[object] = [incident.id, incident.service, incident.priority, sla.id]
    for stop, target in ((incident.acknowledged, targets.get("acknowledge_minutes")),
                         (incident.resolved, targets.get("resolve_minutes"))):
        minutes = clock(sla, incident.opened, min(stop or now, now), paused)
        row += [rounded(minutes), target, verdict(minutes, target, stop is not None and stop <= now)]
    end = min(incident.resolved or now, now)
    row.append(rounded(total_minutes(intersect(sla.hours.within(Interval(incident.opened, end)), paused))))
    return row


def report(repository: Repository, options: ReportOptions) -> list[Table]:
    """Time to acknowledge and to resolve per incident against its SLA, and compliance per SLA."""
    slas = agreements(repository)
    rows = []
    for incident in sorted(selected(repository, options), key=lambda i: i.id):
        if incident.opened is None:
            continue
        for sla in slas:
            if sla.service == incident.service and sla.valid_on(incident.opened.astimezone(sla.hours.zone).date()):
                rows.append(measure(incident, sla, options.now_in(sla.hours.zone)))
    return [
        Table("sla-incidents", "SLA clocks per incident", COLUMNS, rows,
              notes=["Minutes inside the SLA's service hours from opened_at, paused while on hold."]),
        Table("sla-compliance", "SLA compliance per agreement", SUMMARY, _compliance(rows),
              notes=["Compliance = met / (met + breached), in percent; running clocks are left out."]),
    ]


def _compliance(rows: list[list[object]]) -> list[list[object]]:
    def line(name: str, chosen: list[list[object]]) -> list[object]:
        counts = [sum(row[column] == result for row in chosen)
                  for column in (6, 9) for result in ("met", "breached")]
        return [name, len(chosen), counts[0], counts[1], ratio(counts[0], counts[0] + counts[1]),
                counts[2], counts[3], ratio(counts[2], counts[2] + counts[3])]

    names = sorted({str(row[3]) for row in rows})
    return [line(name, [r for r in rows if r[3] == name]) for name in names] + [line("all", rows)]
