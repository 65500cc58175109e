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
    tasks, reached = _task_lines(planned), _milestone_lines(milestones)
    if not tasks and not reached:
        return ""
    lines = ["gantt", "  dateFormat YYYY-MM-DD", "  axisFormat %d %b", "  todayMarker off"]
    lines += ["  section Tasks", *tasks] if tasks else []
    lines += ["  section Milestones", *reached] if reached else []
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"


def _task_lines(planned: Schedule) -> list[str]:
    """One bar per scheduled task, from its early start to its early end (Mermaid's end day is
    exclusive, as `early_end` is); a task of no days is drawn as a milestone."""
    lines = []
    for number, scheduled in enumerate(planned.tasks.values()):
        task, progress = scheduled.task, scheduled.task.percent_complete or 0
        tags = [tag for tag, on in (("crit", scheduled.critical), ("done", progress == 100),
                                    ("active", 0 < progress < 100),
                                    ("milestone", not task.duration_days)) if on]
        end = _day(scheduled.early_end) if task.duration_days else "0d"
        name = gantt_label(f"{task.id} {task.name}".strip())
        start = _day(scheduled.early_start)
        lines.append(f"  {name} :{', '.join([*tags, f't{number}'])}, {start}, {end}")
    return lines


def _milestone_lines(milestones: list[MilestoneState]) -> list[str]:
    """Each dated milestone on its achieved day, else its expected day; late ones in red."""
    lines = []
    for state in milestones:
        milestone = state.milestone
        when = milestone.achieved or milestone.expected
        if when is None:
            continue
        late = state.state in ("missed", "at risk", "achieved late")
        tags = ["milestone", *(["crit"] if late else []),
                *(["done"] if state.state.startswith("achieved") else [])]
        name = gantt_label(f"{milestone.id} {milestone.name}".strip())
        lines.append(f"  {name} :{', '.join([*tags, f'm{len(lines)}'])}, {_day(when)}, 0d")
    return lines


def _day(value: date) -> str:
    return value.isoformat()
