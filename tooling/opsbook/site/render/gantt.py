"""A project's schedule as a Mermaid `gantt` chart: the computed early dates of every task,
critical tasks marked `crit`, and the milestones.

Task names are record text. Besides the escaping of every diagram label (`diagram.label`), a
gantt line needs two more guards: `:` ends a task's name, and the lexer reads a line that
*starts* with a keyword (`section`, `click`, `title`, `excludes`...) or a date as that keyword.
So colons become entity codes too, and so does a name's first character when it is a letter or
digit; Mermaid turns entity codes back into text when it draws. Bar IDs are generated.
"""

from __future__ import annotations

from datetime import date

from opsbook.projects import Schedule
from opsbook.site.render.diagram import label
from opsbook.site.structure.project import MilestoneState


def gantt_label(text: str) -> str:
    safe = label(text).replace(":", "#58;")
    if safe[:1].isalnum():
        safe = f"#{ord(safe[0])};{safe[1:]}"
    return safe or "#8230;"  # an empty name would join the line to the metadata


def gantt_chart(planned: Schedule, milestones: list[MilestoneState]) -> str:
    """A fenced `mermaid` block, or "" when nothing has a date."""
    lines = ["gantt", "  dateFormat YYYY-MM-DD", "  axisFormat %d %b", "  todayMarker off"]
    if planned.tasks:
        lines.append("  section Tasks")
    for number, scheduled in enumerate(planned.tasks.values()):
        task = scheduled.task
        tags = [tag for tag, on in (("crit", scheduled.critical),
                                    ("done", task.percent_complete == 100),
                                    ("active", 0 < (task.percent_complete or 0) < 100)) if on]
        if not task.duration_days:
            tags.append("milestone")
        end = _day(scheduled.early_end) if task.duration_days else "0d"
        name = gantt_label(f"{task.id} {task.name}".strip())
        lines.append(f"  {name} :{', '.join([*tags, f't{number}'])}, {_day(scheduled.early_start)}, {end}")
    dated = [m for m in milestones if m.milestone.achieved or m.milestone.expected]
    if dated:
        lines.append("  section Milestones")
    for number, state in enumerate(dated):
        milestone = state.milestone
        when = milestone.achieved or milestone.expected
        tags = ["milestone", *(["crit"] if state.state in ("missed", "at risk", "achieved late") else []),
                *(["done"] if state.state.startswith("achieved") else [])]
        name = gantt_label(f"{milestone.id} {milestone.name}".strip())
        lines.append(f"  {name} :{', '.join([*tags, f'm{number}'])}, {_day(when)}, 0d")  # type: ignore[arg-type]
    if not planned.tasks and not dated:
        return ""
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"


def _day(value: date) -> str:
    return value.isoformat()
