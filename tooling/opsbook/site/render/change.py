"""Change pages: the generic record page, led by the change's schedule: its planned window,
the maintenance, blackout and freeze windows it meets, and its conflicts as `opsbook validate`
reports them (the same conflict core, the same configured severities)."""

from __future__ import annotations

from datetime import timedelta

from opsbook.calendar.conflicts import Conflict
from opsbook.model import Record
from opsbook.site.render.html import block, css_token, ref, table
from opsbook.site.render.human import state_label, utc_spans_html, when_html
from opsbook.site.render.record import record_page
from opsbook.site.render.text import h
from opsbook.site.structure.calendar import WindowAt, planned_window
from opsbook.site.structure.model import SiteModel


def change_page(model: SiteModel, change: Record) -> str:
    page = model.site.uri(change)
    lead = [conflicts_block(model, page, change), schedule_section(model, page, change)]
    shown = frozenset(conflict.code for conflict, _ in model.calendar.conflicts_of(change.id))
    return record_page(model, change, lead="\n".join(part for part in lead if part), lead_codes=shown)


def conflicts_block(model: SiteModel, page: str, change: Record) -> str:
    conflicts = model.calendar.conflicts_of(change.id)
    if not conflicts:
        return ""
    kind = "danger" if any(severity == "error" for _, severity in conflicts) else "warning"
    items = "".join(_conflict_item(model, page, c, s) for c, s in conflicts)
    return block(f'<div class="admonition {kind} opsbook-conflicts"><p class="admonition-title">'
                 f"Schedule conflicts</p><ul>{items}</ul></div>")


def _conflict_item(model: SiteModel, page: str, conflict: Conflict, severity: str) -> str:
    return (f'<li><span class="opsbook-badge opsbook-conflict-{css_token(severity)}">{h(state_label(severity))}</span> '
            f"<code>{h(conflict.code)}</code> with {ref(model, page, conflict.other.id)}: "
            f"{utc_spans_html(conflict.message, model.zone, model.now)}</li>")


def schedule_section(model: SiteModel, page: str, change: Record) -> str:
    start, end = planned_window(change)
    if start is None or end is None:
        return "## Schedule\n" + block('<p class="opsbook-none">Not planned yet: no valid planned '
                                       "start and end.</p>")
    window = (f'<p class="opsbook-when">Planned {when_html(start, model.zone, model.now)} to '
              f"{when_html(end, model.zone, model.now, relative=False)} ({_duration(end - start)}).</p>")
    windows = model.calendar.windows_at(change)
    if not windows:
        return "## Schedule\n" + block(window + '<p class="opsbook-none">No maintenance, blackout or '
                                       "freeze window applies to it at that time.</p>")
    rows = [_window_row(model, page, w) for w in windows]
    return "## Schedule\n" + block(window + table(["Window", "Type", "When", "Covers the change"],
                                                  rows, css="opsbook-table opsbook-windows", label="Windows"))


def _window_row(model: SiteModel, page: str, window: WindowAt) -> list[str]:
    start, end = window.occurrence.start, window.occurrence.end
    covers = "yes" if window.covers else "partly"
    return [ref(model, page, window.record.id), h(state_label(window.type)),
            f"{when_html(start, model.zone, model.now, relative=False)} to "
            f"{when_html(end, model.zone, model.now, relative=False)}", covers]


def _duration(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"
