"""Gantt charts drawn as HTML: labels are page text (readable at any width, never shrunk into
a picture), bars are positioned by day. A project's chart shows the project's baseline and
forecast as two distinguished bars, each task's computed schedule with the critical path
marked (red and the word "critical"), each milestone's baseline and forecast (or achieved)
day, and a line for today. The portfolio roadmap puts every active project on one chart.
Everything is from the same plan, schedule and report as the tables beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from opsbook.site.render.human import day_text
from opsbook.site.render.text import h


@dataclass(frozen=True)
class Bar:
    start: date
    end: date  # inclusive
    css: str  # opsbook-bar-baseline, -forecast, -task, -critical, -done
    text: str  # what the bar says to a screen reader and on hover


@dataclass(frozen=True)
class Row:
    label: str  # HTML, already escaped
    bars: tuple[Bar, ...]
    marks: tuple[tuple[date, str, str], ...] = ()  # (day, css, text): milestone diamonds
    note: str = ""  # HTML after the label: "critical", a badge


def timeline_html(rows: list[Row], today: date, caption: str, legend: tuple[tuple[str, str], ...]) -> str:
    days = [d for row in rows for d in (*(b.start for b in row.bars), *(b.end for b in row.bars),
                                        *(m[0] for m in row.marks))]
    if not days:
        return ""
    first, last = min([*days, today]), max([*days, today])
    first, last = first - timedelta(days=2), last + timedelta(days=2)
    span = (last - first).days + 1

    def left(day: date) -> float:
        return 100 * (day - first).days / span

    def width(bar: Bar) -> float:
        return max(100 * ((bar.end - bar.start).days + 1) / span, 0.4)

    body = []
    for row in rows:
        bars = "".join(f'<span class="opsbook-bar {bar.css}" style="left:{left(bar.start):.2f}%;width:{width(bar):.2f}%" '
                       f'title="{h(bar.text)}"><span class="opsbook-sr">{h(bar.text)}</span></span>' for bar in row.bars)
        marks = "".join(f'<span class="opsbook-diamond {css}" style="left:{left(day):.2f}%" title="{h(text)}">'
                        f'<span class="opsbook-sr">{h(text)}</span></span>' for day, css, text in row.marks)
        body.append(f'<li class="opsbook-gantt-row"><span class="opsbook-gantt-label">{row.label}{row.note}</span>'
                    f'<span class="opsbook-gantt-track">{bars}{marks}</span></li>')
    ticks = _ticks(first, last, left)
    today_line = (f'<span class="opsbook-today" style="left:{left(today):.2f}%" title="Today, {h(day_text(today))}">'
                  f'<span class="opsbook-today-label">Today</span></span>')
    keys = "".join(f'<li><span class="opsbook-key {css}"></span>{h(text)}</li>' for css, text in legend)
    return (f'<figure class="opsbook-gantt" aria-label="{h(caption)}">'
            f'<ul class="opsbook-legend opsbook-gantt-legend">{keys}</ul>'
            f'<div class="opsbook-scroll" tabindex="0" role="region" aria-label="{h(caption)}">'
            f'<div class="opsbook-gantt-body"><div class="opsbook-gantt-axis"><span class="opsbook-gantt-label"></span>'
            f'<span class="opsbook-gantt-track">{ticks}{today_line}</span></div>'
            f'<ol class="opsbook-gantt-rows">{"".join(body)}</ol></div></div>'
            f"<figcaption>{h(caption)}</figcaption></figure>")


def _ticks(first: date, last: date, left: object) -> str:
    """A tick at the first of each month (or each Monday, for plans shorter than ten weeks)."""
    weekly = (last - first).days < 70
    out, day = [], first
    while day <= last:
        if (weekly and day.weekday() == 0) or (not weekly and day.day == 1):
            text = f"{day.day} {day:%b}" if weekly else f"{day:%b %Y}" if day.month == 1 else f"{day:%b}"
            out.append(f'<span class="opsbook-tick" style="left:{left(day):.2f}%">{h(text)}</span>')  # type: ignore[operator]
        day += timedelta(days=1)
    return "".join(out)
