"""When an incident was on hold, read from its timeline: an entry with a `status` puts the
incident in that state until the next entry with a status (before the first one it is `new`).
The SLA clocks pause then, and the MTTR "excluding on hold" leaves those minutes out."""

from __future__ import annotations

from datetime import datetime

from opsbook.kpis.facts import Incident
from opsbook.kpis.intervals import Interval, instant, total_minutes

ON_HOLD = frozenset({"on_hold"})


def pauses(incident: Incident, pause_on: frozenset[str], now: datetime) -> list[Interval]:
    """When the incident was in a pausing state, according to its timeline."""
    changes = [(incident.opened, "new")] if incident.opened else []
    for entry in incident.record.data.get("timeline") or []:
        if isinstance(entry, dict) and isinstance(entry.get("status"), str):
            moment = instant(entry.get("at"))
            if moment is not None:
                changes.append((moment, entry["status"]))
    changes.sort(key=lambda change: change[0])
    ends = [moment for moment, _ in changes[1:]] + [incident.resolved or now]
    return [Interval(moment, end) for (moment, state), end in zip(changes, ends)
            if state in pause_on and end > moment]


def minutes_on_hold(incident: Incident, until: datetime) -> float:
    """Wall-clock minutes on hold between the impact's start and `until`."""
    if incident.started is None:
        return 0.0
    held = pauses(incident, ON_HOLD, until)
    return total_minutes([Interval(max(i.start, incident.started), min(i.end, until)) for i in held])
