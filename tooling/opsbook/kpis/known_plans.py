"""Projects and services as known at a moment (see `opsbook.kpis.as_known`).

A project loses its later status reports, achieved milestones, gates, RAID entries and actual
start or finish. Its progress and cost are then those of its latest status report up to the
moment; before it started, nothing is done and nothing spent; after its start without any
report, they are unknown. A service handed over later was still in the pipeline.
"""

from __future__ import annotations

from typing import Any

from opsbook.kpis.cut import Cut, Data, entries, without
from opsbook.moments import day

PHASES = ("initiation", "planning", "execution", "closing")


def project(data: Data, cut: Cut) -> Data:
    known = entries(data, "status_reports", "date", cut)
    known = entries(known, "gates", "date", cut)
    known = entries(known, "raid", "raised", cut)
    known = _milestones(known, cut)
    actual = known.get("actual")
    if isinstance(actual, dict):
        kept = without(actual, cut, ("start", "finish"))
        if kept is not actual:
            known = {**known, "actual": kept}
    if known is data:
        return data
    return {**_progress(known, data, cut), "status": _phase(known, data)}


def _milestones(data: Data, cut: Cut) -> Data:
    value = data.get("milestones")
    if not isinstance(value, list):
        return data
    kept = [{k: v for k, v in m.items() if k != "achieved"}
            if isinstance(m, dict) and cut.after(m.get("achieved")) else m for m in value]
    return data if kept == value else {**data, "milestones": kept}


def _progress(known: Data, data: Data, cut: Cut) -> Data:
    """Percent complete and cost to date as they stood at the cut."""
    reports = [r for r in known.get("status_reports") or [] if isinstance(r, dict) and day(r.get("date"))]
    later_report = len(reports) < len([r for r in data.get("status_reports") or [] if isinstance(r, dict)])
    actual: dict[str, Any] = dict(known.get("actual")) if isinstance(known.get("actual"), dict) else {}
    finished_later = isinstance(data.get("actual"), dict) and "finish" in data["actual"] \
        and "finish" not in actual
    if not (later_report or finished_later):
        return known
    latest = max(reports, key=lambda r: str(r.get("date")), default=None)
    percent, cost = (latest.get("percent_complete"), latest.get("actual_cost")) if latest else (None, None)
    if latest is None and _not_started(known, cut):
        percent, cost = 0, 0
    result = {k: v for k, v in known.items() if k != "percent_complete"}
    if percent is not None:
        result["percent_complete"] = percent
    actual.pop("cost_to_date", None)
    if cost is not None:
        actual["cost_to_date"] = cost
    result["actual"] = actual
    return result


def _not_started(known: Data, cut: Cut) -> bool:
    actual = known.get("actual") if isinstance(known.get("actual"), dict) else {}
    baseline = known.get("baseline") if isinstance(known.get("baseline"), dict) else {}
    start = day(actual.get("start")) or day(baseline.get("start"))
    return "start" not in actual and (start is None or start > cut.day)


def _phase(known: Data, data: Data) -> str:
    """The phase it was in: the last phase whose gate was passed, `execution` once started."""
    actual = known.get("actual") if isinstance(known.get("actual"), dict) else {}
    if "finish" in actual:
        return str(data.get("status"))
    if "start" in actual:
        return "execution"
    passed = [g.get("phase") for g in known.get("gates") or []
              if isinstance(g, dict) and g.get("decision") == "approved" and g.get("phase") in PHASES]
    return max(passed, key=PHASES.index) if passed else "proposed"


def service(data: Data, cut: Cut) -> Data:
    if not cut.after(data.get("handed_over")):
        return data
    known = {k: v for k, v in data.items() if k != "handed_over"}
    return {**known, "status": "pipeline"}
