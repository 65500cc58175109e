"""The repository as it was known at the as-of moment, so that every report can be asked
about the past ("what was our MTTR on 1 June?") and answer as it would have then.

Records are reconstructed from their own timestamps and timelines:
- a record opened after the moment is left out (an incident by `opened_at`, a problem by
  `opened_at`, a request by `submitted_at`, an improvement by `identified_at`; a change by the
  earliest thing that happened to it: an approval, its actual start or end);
- what happened after it is taken out: later timestamps (resolved, closed, actual end...),
  timeline entries, approvals, outage ends, CSAT, outcomes, status reports, achieved
  milestones, passed gates, a service's hand-over;
- a record that lost anything gets the state it had then: the last timeline status up to the
  moment, else the state its remaining timestamps prove (an incident with `acknowledged_at`
  but no `resolved_at` is `in_progress`).
Plans and schedules (planned windows, baselines, due days) are what was intended, not what
happened, and stay as written. A record with nothing after the moment is the very same object.

A day as "now" is the end of that day in the zone a record's figures are reported in: an
incident's service zone, UTC for everything else (see `opsbook.clock`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from opsbook.clock import AsOf
from opsbook.kpis.cut import Cut, Data, entries, without
from opsbook.kpis.facts import zone_of
from opsbook.kpis.intervals import instant
from opsbook.kpis.known_plans import project, service
from opsbook.model import Repository

Reconstruct = Callable[[Data, Cut], "Data | None"]


def as_known(repository: Repository, clock: AsOf) -> Repository:
    """The repository as known at `clock`, computed once per repository and moment."""
    return repository.derived(f"as-known {clock.at().isoformat()} {clock.day}",
                              lambda r: _snapshot(r, clock))


def _snapshot(repository: Repository, clock: AsOf) -> Repository:
    records = []
    for record in repository.records:
        reconstruct = KINDS.get(record.kind.name)
        if reconstruct is None:
            records.append(record)
            continue
        zone = zone_of(repository, str(record.data.get("service", ""))) \
            if record.kind.name == "incident" else UTC
        cut = Cut(clock.at(zone), clock.local_day(zone))
        data = reconstruct(record.data, cut)
        if data is record.data:
            records.append(record)
        elif data is not None:
            records.append(replace(record, data=data))
    if len(records) == len(repository.records) and all(map(lambda a, b: a is b, records, repository.records)):
        return repository
    return Repository(repository.config, repository.kinds, records, repository.unloadable,
                      repository.diagnostics)


def _earliest(data: Data, *names: str) -> datetime | None:
    found = [m for m in map(instant, (data.get(n) for n in names)) if m is not None]
    return min(found, default=None)


INCIDENT_EVENTS = ("started_at", "detected_at", "acknowledged_at", "mitigated_at", "resolved_at",
                   "closed_at")


def incident(data: Data, cut: Cut) -> Data | None:
    opened = _earliest(data, "opened_at") or _earliest(data, "detected_at", "started_at")
    if opened is not None and opened > cut.moment:
        return None
    known = entries(without(data, cut, INCIDENT_EVENTS), "timeline", "at", cut)
    known = _outages(known, cut)
    if "resolved_at" in data and "resolved_at" not in known:
        known = {k: v for k, v in known.items() if k not in ("resolution", "post_incident_review")}
    csat = known.get("csat")
    closed_later = "closed_at" in data and "closed_at" not in known
    if isinstance(csat, dict) and (cut.after(csat.get("at")) or (closed_later and "at" not in csat)):
        known = {k: v for k, v in known.items() if k != "csat"}
    if known is data:
        return data
    return {**known, "status": _last_status(known) or _incident_state(known)}


def _outages(data: Data, cut: Cut) -> Data:
    """Outages that had started by the cut; one that ended later is still going on."""
    value = data.get("outages")
    if not isinstance(value, list):
        return data
    kept = []
    for entry in value:
        if isinstance(entry, dict) and cut.after(entry.get("start")):
            continue
        if isinstance(entry, dict) and cut.after(entry.get("end")):
            entry = {k: v for k, v in entry.items() if k != "end"}
        kept.append(entry)
    return data if kept == value else {**data, "outages": kept}


def _last_status(data: Data) -> str | None:
    dated = [(instant(e.get("at")), e["status"]) for e in data.get("timeline") or []
             if isinstance(e, dict) and isinstance(e.get("status"), str) and instant(e.get("at"))]
    return max(dated, key=lambda pair: pair[0])[1] if dated else None  # type: ignore[arg-type,return-value]


def _incident_state(data: Data) -> str:
    for name, state in (("closed_at", "closed"), ("resolved_at", "resolved"),
                        ("acknowledged_at", "in_progress")):
        if name in data:
            return state
    return "new"


def change(data: Data, cut: Cut) -> Data | None:
    approvals = [a for a in data.get("approvals") or [] if isinstance(a, dict)]
    happened = [m for m in (instant(a.get("at")) for a in approvals) if m is not None]
    happened += [m for m in (instant(data.get(n)) for n in ("actual_start", "actual_end")) if m]
    if happened and min(happened) > cut.moment:
        return None
    known = entries(without(data, cut, ("actual_start", "actual_end")), "approvals", "at", cut)
    if known is data:
        return data
    if "actual_end" not in known:
        known = {k: v for k, v in known.items() if k not in ("outcome", "review_notes")}
    approved = any(isinstance(a, dict) and a.get("decision") == "approved"
                   for a in known.get("approvals") or [])
    state = "implement" if "actual_start" in known else "scheduled" \
        if approved or data.get("type") == "standard" else "assess"
    return {**known, "status": data.get("status") if "outcome" in known else state}


def problem(data: Data, cut: Cut) -> Data | None:
    if cut.after(data.get("opened_at")):
        return None
    known = without(data, cut, ("resolved_at", "closed_at"))
    if known is data:
        return data
    state = "resolved" if "resolved_at" in known else "root_cause_analysis"
    return {**known, "status": state}


def request(data: Data, cut: Cut) -> Data | None:
    if cut.after(data.get("submitted_at")):
        return None
    known = without(data, cut, ("fulfilled_at", "closed_at"))
    if known is data:
        return data
    return {**known, "status": "fulfilled" if "fulfilled_at" in known else "in_fulfillment"}


def release(data: Data, cut: Cut) -> Data | None:
    known = without(data, cut, ("released_at",))
    return data if known is data else {**known, "status": "in_progress"}


def improvement(data: Data, cut: Cut) -> Data | None:
    if cut.after(data.get("identified_at")):
        return None
    known = without(data, cut, ("implemented_at",))
    return data if known is data else {**known, "status": "in_progress"}


KINDS: dict[str, Reconstruct] = {
    "incident": incident,
    "change": change,
    "problem": problem,
    "request": request,
    "release": release,
    "improvement": improvement,
    "project": project,
    "service": service,
}
