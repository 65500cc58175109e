"""The page of one project: header, Gantt chart, milestones, tasks, earned value and its
trend, status reports, RAID log, what it delivers and its gates. Every figure comes from
`opsbook.projects` (see structure/project.py); the record's own fields follow as on any page."""

from __future__ import annotations

from typing import Any

from opsbook.model import Record
from opsbook.site.render.earned_value import (
    earned_value_table,
    measured_note,
    notes_html,
    trend_charts,
    trend_table,
)
from opsbook.site.render.gantt import project_gantt
from opsbook.site.render.header import header_card
from opsbook.site.render.html import badge, block, link_list, record_link, table
from opsbook.site.render.record import (
    fields_section,
    history_section,
    kb_section,
    long_sections,
    problems_block,
    title_block,
)
from opsbook.site.render.text import h
from opsbook.site.render.values import markdown_html
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.project import ProjectView, project_view
from opsbook.tables import cell_text

# Shown in their own sections below, not again as generic tables.
_OWN_SECTIONS = ("milestones", "tasks", "raid", "status_reports", "gates")
_NONE = '<p class="opsbook-none">None.</p>'
_MILESTONE_HEADERS = ["ID", "Name", "Depends on", "Baseline", "Forecast", "Achieved", "Slip", "State"]
_TASK_HEADERS = ["ID", "Name", "Owner", "Depends on", "Days", "Early start", "Early finish",
                 "Late start", "Late finish", "Float", "Critical", "Complete %"]
_RAID_HEADERS = ["ID", "Type", "Title", "Owner", "Status", "Probability", "Impact", "Exposure",
                 "Raised", "Due", "Response"]
_REPORT_HEADERS = ["Date", "RAG", "Complete %", "Actual cost", "Forecast finish", "Author", "Summary"]
_TASK_NOTE = ("Early start: the day after every dependency finishes (or the task's own start, if "
              "later); late start: the latest start that does not delay the plan's finish; float = "
              "late start − early start; critical = no float.")


def project_page(model: SiteModel, record: Record) -> str:
    page = model.site.uri(record)
    view = project_view(model, record)
    earned = "\n".join((measured_note(view), earned_value_table(view), notes_html()))
    parts = [title_block(model, record) + header(view), header_card(model, record), problems_block(model, record.path),
             fields_section(model, page, record),
             *long_sections(model, page, record, skip=_OWN_SECTIONS),
             "## Schedule", block(schedule_notes(view)),
             block(project_gantt(view, model.now.astimezone(model.zone).date())),
             "## Milestones", block(milestone_table(view)),
             "## Tasks", block(task_table(view)),
             "## Earned value", block(earned),
             "## Earned value trend", block(trend_table(view)), block(trend_charts(view)),
             "## Status reports", block(status_reports(model, page, record)),
             "## RAID log", block(raid_table(model, page, view)),
             "## What it delivers", deliverables(model, page, view),
             "## Gates", block(gates_table(model, page, record))]
    if view.referenced_by:
        parts += ["## Also referenced by", block(link_list(model, page, view.referenced_by))]
    parts += [kb_section(model, page, record), history_section(model, record.path)]
    return "\n".join(part for part in parts if part) + "\n"


def header(view: ProjectView) -> str:
    data = view.record.data
    rag = (f"{badge(view.latest.rag)} (status report of {h(view.latest.day)})"
           if view.latest and view.latest.rag else "no status report yet")
    people = "".join(f" · {label} {h(data[key])}"
                     for key, label in (("sponsor", "Sponsor"), ("manager", "Manager"))
                     if isinstance(data.get(key), str))
    return (f'<p class="opsbook-project-head">Phase {badge(view.plan.status) or "unknown"} · '
            f"RAG {rag}{people}</p>\n")


def schedule_notes(view: ProjectView) -> str:
    planned = view.schedule
    if not planned.tasks:
        return ('<p class="opsbook-none">No task can be scheduled (no dated tasks, or no project '
                "start).</p>")
    path = " → ".join(h(task_id) for task_id in planned.critical_path) or "none"
    text = (f"Early dates from the finish-to-start dependencies, in calendar days: from "
            f"{h(planned.start)} to {h(planned.finish)}. Critical path (no float; red bars): {path}.")
    if planned.unscheduled:
        cycle = h(", ".join(planned.unscheduled))
        text += f" Not scheduled (in or behind a dependency cycle): {cycle}."
    return f'<p class="opsbook-help">{text}</p>'


def milestone_table(view: ProjectView) -> str:
    if not view.milestones:
        return _NONE
    rows = [(h(m.milestone.id), h(m.milestone.name), h(_joined(m.milestone.depends_on)),
             h(m.milestone.baseline), h(m.milestone.forecast), h(m.milestone.achieved),
             h("" if m.slip_days is None else f"{m.slip_days:+d}"), badge(m.state))
            for m in view.milestones]
    summary = (f'<p class="opsbook-help">Due by {h(view.as_of)} (baseline day passed): {view.due}; '
               f"missed (not achieved by the baseline day): {view.missed}. Slip = achieved, else "
               "forecast, minus baseline, in days.</p>")
    return table(_MILESTONE_HEADERS, rows) + summary


def task_table(view: ProjectView) -> str:
    if not view.plan.tasks:
        return _NONE
    raw = _items(view.record.data, "tasks")
    rows = []
    for task in view.plan.tasks:
        planned = view.schedule.tasks.get(task.id)
        if planned is not None and planned.task is task:  # not a later duplicate of its ID
            dates = [h(planned.early_start), h(planned.early_finish), h(planned.late_start),
                     h(planned.late_finish), h(planned.total_float), "yes" if planned.critical else "no"]
        else:
            dates = ["-"] * 5 + ["not scheduled"]
        progress = "" if task.percent_complete is None else cell_text(task.percent_complete)
        rows.append([h(task.id), h(task.name), h(raw[task.index].get("owner")),
                     h(_joined(task.depends_on)), h(task.duration_days), *dates, h(progress)])
    return table(_TASK_HEADERS, rows) + f'<p class="opsbook-help">{h(_TASK_NOTE)}</p>'


def raid_table(model: SiteModel, page: str, view: ProjectView) -> str:
    if not view.plan.raid:
        return _NONE
    raw = _items(view.record.data, "raid")
    rows = []
    for entry in view.plan.raid:
        item = raw[entry.index]
        exposure = entry.probability * entry.impact if entry.probability and entry.impact else None
        rows.append([h(entry.id), h(entry.type), h(item.get("title")), h(item.get("owner")),
                     badge(entry.status), h(entry.probability), h(entry.impact), h(exposure),
                     h(item.get("raised")), h(item.get("due")), _markdown(model, page, item, "response")])
    counted = [e for e in view.plan.raid
               if e.type == "risk" and e.status != "closed" and e.probability and e.impact]
    worked = " + ".join(f"{e.probability} × {e.impact}" for e in counted) or "0"
    total = (f'<p class="opsbook-help">Exposure = probability × impact (1–5 each). Risk exposure of '
             f"the project (risks not closed) = {h(worked)} = {view.exposure}.</p>")
    return table(_RAID_HEADERS, rows) + total


def status_reports(model: SiteModel, page: str, record: Record) -> str:
    """Newest first, the summary rendered as (sanitized) Markdown."""
    reports = sorted(_items(record.data, "status_reports").items(),
                     key=lambda pair: (str(pair[1].get("date", "")), pair[0]), reverse=True)
    if not reports:
        return _NONE
    rows = [(h(item.get("date")), badge(item.get("rag")), h(item.get("percent_complete")),
             h(item.get("actual_cost")), h(item.get("forecast_finish")), h(item.get("author")),
             _markdown(model, page, item, "summary")) for _, item in reports]
    return table(_REPORT_HEADERS, rows)


def deliverables(model: SiteModel, page: str, view: ProjectView) -> str:
    services = view.delivers.get("service", [])
    rows = [(record_link(model, page, s), h(s.data.get("handed_over") or "not yet")) for s in services]
    parts = ["### Services", block(table(["Service", "Handed over"], rows) if rows else _NONE)]
    for kind, title in (("release", "Releases"), ("change", "Changes")):
        parts += [f"### {title}", block(link_list(model, page, view.delivers.get(kind, [])))]
    return "\n".join(parts)


def gates_table(model: SiteModel, page: str, record: Record) -> str:
    gates = _items(record.data, "gates")
    if not gates:
        return _NONE
    rows = [(h(g.get("phase")), h(g.get("date")), badge(g.get("decision")), h(g.get("by")),
             _markdown(model, page, g, "notes")) for g in gates.values()]
    return table(["Phase", "Date", "Decision", "By", "Notes"], rows)


def _markdown(model: SiteModel, page: str, item: dict[str, Any], key: str) -> str:
    return markdown_html(model, page, item[key]) if key in item else ""


def _joined(ids: tuple[str, ...]) -> str:
    return ", ".join(filter(None, ids))


def _items(data: dict[str, Any], name: str) -> dict[int, dict[str, Any]]:
    """A list's entries by position (the plan's `index`), leaving out those that are not mappings."""
    value = data.get(name)
    if not isinstance(value, list):
        return {}
    return {index: item for index, item in enumerate(value) if isinstance(item, dict)}
