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
from opsbook.projects.schedule import ScheduledTask
from opsbook.site.render.diagram import label
from opsbook.site.render.human import day_text, parse_day
from opsbook.site.render.text import h
from opsbook.site.render.timeline import Bar, Row, timeline_html
from opsbook.site.structure.project import MilestoneState, ProjectView


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


GANTT_LEGEND = (("opsbook-bar-baseline", "Baseline"), ("opsbook-bar-forecast", "Forecast"),
                ("opsbook-bar-task", "Task (early dates)"), ("opsbook-bar-critical", "Critical path"),
                ("opsbook-diamond-baseline", "Milestone, baseline day"),
                ("opsbook-diamond-forecast", "Milestone, forecast or achieved day"))


def project_gantt(view: ProjectView, today: date) -> str:
    """The project's chart: baseline against forecast, tasks with the critical path, milestones."""
    rows = project_rows(view)
    rows += [_task_row(s) for s in view.schedule.tasks.values()]
    rows += [row for state in view.milestones if (row := _milestone_row(state)) is not None]
    return timeline_html(rows, today, f"Schedule of {view.record.id}: baseline, forecast, tasks and milestones",
                         GANTT_LEGEND)


def project_rows(view: ProjectView) -> list[Row]:
    data = view.record.data
    baseline = data.get("baseline") if isinstance(data.get("baseline"), dict) else {}
    actual = data.get("actual") if isinstance(data.get("actual"), dict) else {}
    start, finish = parse_day(baseline.get("start")), parse_day(baseline.get("finish"))
    begun = parse_day(actual.get("start")) or start or view.schedule.start
    forecast = parse_day(actual.get("finish")) or parse_day(data.get("forecast_finish")) or view.schedule.finish
    rows = []
    if start and finish:
        rows.append(Row("Project, baseline", (Bar(start, finish, "opsbook-bar-baseline",
                                                  f"Baseline: {day_text(start)} to {day_text(finish)}"),)))
    if begun and forecast:
        rows.append(Row("Project, forecast", (Bar(begun, forecast, "opsbook-bar-forecast",
                                                  f"Forecast: {day_text(begun)} to {day_text(forecast)}"),)))
    return rows


def _task_row(scheduled: ScheduledTask) -> Row:
    task = scheduled.task
    css = "opsbook-bar-critical" if scheduled.critical else "opsbook-bar-task"
    done = f", {task.percent_complete:g} % done" if task.percent_complete is not None else ""
    text = (f"{task.id}: {day_text(scheduled.early_start)} to {day_text(scheduled.early_finish)}"
            f"{', critical' if scheduled.critical else ''}{done}")
    note = ' <span class="opsbook-critical-tag">critical</span>' if scheduled.critical else ""
    return Row(h(f"{task.id} {task.name}"), (Bar(scheduled.early_start, scheduled.early_finish, css, text),), note=note)


def _milestone_row(state: MilestoneState) -> Row | None:
    milestone = state.milestone
    now = milestone.achieved or milestone.forecast
    marks = []
    bars: list[Bar] = []
    if milestone.baseline:
        marks.append((milestone.baseline, "opsbook-diamond-baseline", f"{milestone.id} baseline: {day_text(milestone.baseline)}"))
    if now:
        word = "achieved" if milestone.achieved else "forecast"
        marks.append((now, "opsbook-diamond-forecast", f"{milestone.id} {word}: {day_text(now)}"))
        if milestone.baseline and now != milestone.baseline:
            low, high = sorted((milestone.baseline, now))
            bars.append(Bar(low, high, "opsbook-bar-slip", f"{milestone.id} slip: {state.slip_days} days"))
    if not marks:
        return None
    return Row(h(f"{milestone.id} {milestone.name}"), tuple(bars), tuple(marks),
               note=f' <span class="opsbook-help">{h(state.state)}</span>')
