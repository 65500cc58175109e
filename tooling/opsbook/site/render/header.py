"""The header card of a record page: what its reader asks first, at a glance.

An incident's priority, state, age, service, assignee and SLA clocks; a change's window, type,
risk, approval state and conflicts; a problem's known-error state and workaround; a project's
RAG, SPI/CPI and next milestone; a service's current state with its cause. Other kinds show
their state, owner and service. Every figure comes from the same reports as the KPI pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsbook.model import Record
from opsbook.site.render.html import badge, ref
from opsbook.site.render.human import duration_text, parse_moment, state_label, text_with_times, when_html
from opsbook.site.render.text import h
from opsbook.site.render.values import mention_linker
from opsbook.site.structure.calendar import planned_window
from opsbook.site.structure.kpis import value
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import is_open, priority

Fact = tuple[str, str]  # label, HTML


def header_card(model: SiteModel, record: Record) -> str:
    page = model.site.uri(record)
    facts = [f for f in FACTS.get(record.kind.name, _common)(model, page, record) if f[1]]
    if not facts:
        return ""
    items = "".join(f'<div class="opsbook-fact"><dt>{h(label)}</dt><dd>{html}</dd></div>' for label, html in facts)
    return (f'\n<dl class="opsbook-header-card" data-kind="{h(record.kind.name)}" '
            f'aria-label="{h(record.kind.label)} at a glance">{items}</dl>\n')


def _when(model: SiteModel, record: Record, key: str) -> str:
    return when_html(record.data.get(key), model.zone_for(record), model.now) if record.data.get(key) else ""


def _ref(model: SiteModel, page: str, target: Any) -> str:
    return ref(model, page, target) if isinstance(target, str) else ""


def _common(model: SiteModel, page: str, record: Record) -> list[Fact]:
    return [("State", badge(record.status)), ("Owner", h(record.data.get("owner", ""))),
            ("Service", _ref(model, page, record.data.get("service")))]


def _incident(model: SiteModel, page: str, record: Record) -> list[Fact]:
    opened = parse_moment(record.data.get("opened_at"))
    ended = parse_moment(record.data.get("resolved_at")) if not is_open(record) else None
    age = ""
    if opened is not None and opened.tzinfo is not None:
        minutes = ((ended or model.now) - opened).total_seconds() / 60
        age = h(duration_text(minutes)) + ("" if ended is None else " to resolve")
    return [("Priority", h(priority(model.repository, record) or "")), ("State", badge(record.status)),
            ("Age" if ended is None else "Open for", age),
            ("Service", _ref(model, page, record.data.get("service"))),
            ("Assignee", h(record.data.get("assignee", ""))),
            *_sla_clocks(model, record)]


def _sla_clocks(model: SiteModel, record: Record) -> list[Fact]:
    table = model.kpis.table("sla", "sla-incidents")
    facts = []
    for clock in ("acknowledge", "resolve"):
        spent, target = value(table, record.id, f"{clock}_minutes"), value(table, record.id, f"{clock}_target")
        if not isinstance(spent, (int, float)) or not isinstance(target, (int, float)):
            continue
        done = record.data.get("acknowledged_at" if clock == "acknowledge" else "resolved_at") is not None
        if spent > target:
            text = f'<span class="opsbook-clock-breached">Breached by {h(duration_text(spent - target))}</span>'
        elif done:
            text = f"Met ({h(duration_text(spent))} of {h(duration_text(target))})"
        else:
            text = f'<span class="opsbook-clock-running">{h(duration_text(target - spent))} left</span>'
        facts.append((f"SLA: time to {clock}", text))
    return facts


def _change(model: SiteModel, page: str, record: Record) -> list[Fact]:
    start, end = planned_window(record)
    zone = model.zone
    window = (f"{when_html(start, zone, model.now)} to {when_html(end, zone, model.now, relative=False)}"
              if start and end else "Not planned yet")
    conflicts = model.calendar.conflicts_of(record.id)
    clash = (f'<span class="opsbook-clock-breached">{len(conflicts)} conflict{"s" if len(conflicts) != 1 else ""}'
             "</span>" if conflicts else "None")
    return [("State", badge(record.status)), ("Window", window), ("Type", h(state_label(record.data.get("type", "")))),
            ("Risk", h(state_label(record.data.get("risk", "")))), ("Approval", _approval(record)),
            ("Conflicts", clash)]


def _approval(record: Record) -> str:
    approvals = [a for a in record.data.get("approvals") or [] if isinstance(a, dict)]
    if not approvals:
        return "Not needed" if record.data.get("type") == "standard" else "None yet"
    decisions = [str(a.get("decision", "pending")) for a in approvals]
    if "rejected" in decisions:
        return badge("rejected")
    if all(d == "approved" for d in decisions):
        return f"{badge('approved')} ({len(approvals)} of {len(approvals)})"
    return f"{badge('pending')} ({decisions.count('approved')} of {len(approvals)} approved)"


def _problem(model: SiteModel, page: str, record: Record) -> list[Fact]:
    known = record.data.get("known_error")
    workaround = record.data.get("workaround")
    text = mention_linker(model, page)(workaround) if isinstance(workaround, str) else "None recorded"
    return [("State", badge(record.status)), ("Known error", "Yes" if known else "No"),
            ("Workaround", text), ("Assignee", h(record.data.get("assignee", "")))]


def _project(model: SiteModel, page: str, record: Record) -> list[Fact]:
    table = model.kpis.table("projects", "projects")

    def figure(column: str) -> Any:
        return value(table, record.id, column)

    spi, cpi = figure("SPI"), figure("CPI")
    ratios = " · ".join(f"{name} {number:.2f}" for name, number in (("SPI", spi), ("CPI", cpi))
                        if isinstance(number, (int, float)))
    milestone = figure("next milestone")
    return [("State", badge(record.status)), ("RAG", badge(figure("RAG"))), ("SPI / CPI", h(ratios)),
            ("Complete", h(f"{figure('complete %'):.0f} %") if isinstance(figure("complete %"), (int, float)) else ""),
            ("Next milestone", text_with_times(milestone, model.zone, model.now) if milestone else "None ahead"),
            ("Manager", h(record.data.get("manager", "")))]


def _service(model: SiteModel, page: str, record: Record) -> list[Fact]:
    state = model.kpis.service_state(record)
    table = model.kpis.table("status", "status")
    cause, since = value(table, record.id, "cause"), value(table, record.id, "since")
    return [("Current state", badge(state)),
            ("Cause", text_with_times(cause, model.zone, model.now) if cause else ""),
            ("Since", when_html(since, model.zone_for(record), model.now) if since else ""),
            ("Lifecycle", badge(record.status)), ("Owner", h(record.data.get("owner", "")))]


FACTS: dict[str, Callable[[SiteModel, str, Record], list[Fact]]] = {
    "incident": _incident,
    "change": _change,
    "problem": _problem,
    "project": _project,
    "service": _service,
}
