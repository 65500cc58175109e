"""Charts as inline SVG, drawn in Python: no script, nothing fetched, readable without JavaScript.

A `Chart` is categories along the x axis (months, days, any labels) and one or more `Series`
of numbers, with an optional target line. `chart_figure()` returns the SVG together with the
same numbers as a table, so a screen reader, a printout and a test all see what the picture
shows. Every label is escaped here: series names and categories may be record text.

    chart = Chart("MTTR per month", "Mean minutes to resolve, by month.", ("2025-01", "2025-02"),
                  (Series("SVC-0001", (30.0, None)),), unit="min", target=60.0)
    html = chart_figure(chart, "line")
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from opsbook.site.render.text import h
from opsbook.tables import cell_text

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 24, 46
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """`target_is_minimum`: values below the target are breaches (availability); set it False
    when values above the target are (a resolution time), None to mark no breaches.
    `y_range`: the value axis, to zoom in (availability near 100 %); default from zero (or the
    lowest negative value) to the highest value or target."""

    title: str
    description: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    target: float | None = None
    target_label: str = "target"
    target_is_minimum: bool | None = True
    counts: bool = False  # whole numbers (incidents): the axis ticks are integers too
    y_range: tuple[float, float] | None = None

    @property
    def ident(self) -> str:
        digest = hashlib.sha1(repr((self.title, self.labels, [s.name for s in self.series])).encode())
        return "opsbook-chart-" + digest.hexdigest()[:10]

    def is_breach(self, value: float) -> bool:
        if self.target is None or self.target_is_minimum is None:
            return False
        return value < self.target if self.target_is_minimum else value > self.target


def chart_figure(chart: Chart, style: str = "line") -> str:
    """The chart and, folded beneath it (after the figure: a figure holds no `<details>`), its
    numbers as a table; one HTML block."""
    svg = line_chart(chart) if style == "line" else bar_chart(chart)
    return (f'<figure class="opsbook-chart" id="{chart.ident}">{svg}'
            f"<figcaption>{h(chart.title)}</figcaption></figure>"
            f'<details class="opsbook-chart-numbers"><summary>Numbers: {h(chart.title)}</summary>'
            f"{chart_table(chart)}</details>")


def chart_table(chart: Chart) -> str:
    head = "".join(f'<th scope="col">{h(s.name)}</th>' for s in chart.series)
    rows = []
    for index, label in enumerate(chart.labels):
        cells = "".join(f"<td>{h(_number(s.values[index]))}</td>" for s in chart.series)
        rows.append(f'<tr><th scope="row">{h(label)}</th>{cells}</tr>')
    target = f"<caption>{h(chart.target_label)}: {h(_number(chart.target))} {h(chart.unit)}</caption>" \
        if chart.target is not None else ""
    return (f'<table class="opsbook-table opsbook-chart-data">{target}<thead><tr><th scope="col">Period</th>{head}</tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table>")


def line_chart(chart: Chart) -> str:
    frame = _Frame(chart)
    parts = [frame.open(), *frame.axes()]
    for number, series in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        for run in _runs(series.values):
            points = " ".join(f"{frame.x_mid(i):.1f},{frame.y(v):.1f}" for i, v in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for index, value in enumerate(series.values):
            if value is not None:
                parts.append(frame.marker(frame.x_mid(index), frame.y(value), colour, series.name,
                                          chart.labels[index], value))
    parts += [*frame.target_line(), *frame.legend(), "</svg>"]
    return "".join(parts)


def bar_chart(chart: Chart) -> str:
    frame = _Frame(chart)
    parts = [frame.open(), *frame.axes()]
    count = max(len(chart.series), 1)
    for number, series in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        for index, value in enumerate(series.values):
            if value is None:
                continue
            width = min(frame.step * 0.8 / count, 36.0)
            x = frame.x_mid(index) - width * count / 2 + number * width
            top, base = frame.y(max(value, 0.0)), frame.y(min(value, 0.0))
            breach = ' class="opsbook-chart-breach" stroke="#c62828" stroke-width="2"' \
                if chart.is_breach(value) else ""
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{max(base - top, 0.5):.1f}" '
                         f'fill="{colour}"{breach}><title>{_tip(series.name, chart.labels[index], value, chart.unit)}'
                         "</title></rect>")
    parts += [*frame.target_line(), *frame.legend(), "</svg>"]
    return "".join(parts)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The stretches of a series without gaps; a missing month breaks the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


class _Frame:
    """The plotting area of one chart: scales, axes, gridlines, target line and legend."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        values = [v for s in chart.series for v in s.values if v is not None]
        if chart.target is not None:
            values.append(chart.target)
        low, high = chart.y_range or (min([*values, 0.0]), max(values or [1.0]))
        self.ticks = nice_ticks(low, high, whole=chart.counts)
        self.low, self.high = self.ticks[0], self.ticks[-1]
        self.plot_width = WIDTH - LEFT - RIGHT
        self.plot_height = HEIGHT - TOP - BOTTOM - (14 if len(chart.series) > 1 or chart.target is not None else 0)
        self.step = self.plot_width / max(len(chart.labels), 1)

    def x_start(self, index: int) -> float:
        return LEFT + index * self.step

    def x_mid(self, index: int) -> float:
        return self.x_start(index) + self.step / 2

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        clamped = min(max(value, self.low), self.high)
        return TOP + self.plot_height * (1 - (clamped - self.low) / span)

    def open(self) -> str:
        ident, chart = self.chart.ident, self.chart
        return (f'<svg class="opsbook-chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
                f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg" '
                f'font-size="11" font-family="sans-serif">'
                f'<title id="{ident}-t">{h(chart.title)}</title><desc id="{ident}-d">{h(chart.description)}</desc>')

    def axes(self) -> list[str]:
        bottom = TOP + self.plot_height
        parts = ['<g class="opsbook-chart-axes" fill="currentColor" stroke="none">']
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="currentColor" '
                         'stroke-opacity="0.15"/>'
                         f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{h(_number(tick))}</text>')
        every = max(1, math.ceil(len(self.chart.labels) / MAX_X_LABELS))
        for index, label in enumerate(self.chart.labels):
            if index % every == 0:
                parts.append(f'<text x="{self.x_mid(index):.1f}" y="{bottom + 16:.1f}" '
                             f'text-anchor="middle">{h(_short(label))}</text>')
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom:.1f}" y2="{bottom:.1f}" '
                     'stroke="currentColor" stroke-opacity="0.6"/>')
        if self.chart.unit:
            parts.append(f'<text x="4" y="12" font-size="10">{h(self.chart.unit)}</text>')
        return [*parts, "</g>"]

    def target_line(self) -> list[str]:
        target = self.chart.target
        if target is None:
            return []
        y = self.y(target)
        tip = f"{self.chart.target_label}: {_number(target)} {self.chart.unit}".strip()
        return [(f'<line class="opsbook-chart-target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#c62828" stroke-width="1.5" stroke-dasharray="6 4"><title>{h(tip)}</title></line>')]

    def marker(self, x: float, y: float, colour: str, name: str, label: str, value: float) -> str:
        breach = self.chart.is_breach(value)
        ring = ' class="opsbook-chart-breach" stroke="#c62828" stroke-width="2.5" r="5.5"' if breach else ' r="3.5"'
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" fill="{colour}"{ring}>'
                f"<title>{_tip(name, label, value, self.chart.unit)}{' (breach)' if breach else ''}</title></circle>")

    def legend(self) -> list[str]:
        entries = [(s.name, PALETTE[n % len(PALETTE)], "") for n, s in enumerate(self.chart.series)]
        if len(entries) < 2 and self.chart.target is None:
            return []
        if self.chart.target is not None:
            entries.append((self.chart.target_label, "#c62828", ' stroke-dasharray="6 4"'))
        parts, x, y = ['<g class="opsbook-chart-legend" fill="currentColor">'], float(LEFT), HEIGHT - 8
        for name, colour, dash in entries:
            text = _short(name, 28)
            parts.append(f'<line x1="{x:.1f}" x2="{x + 16:.1f}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
                         f'stroke-width="3"{dash}/><text x="{x + 20:.1f}" y="{y}">{h(text)}</text>')
            x += 34 + 6.2 * len(text)
        return [*parts, "</g>"]


def nice_ticks(low: float, high: float, count: int = 5, whole: bool = False) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten (at least
    1 when the values are counts)."""
    if high <= low:
        high = low + 1.0
    raw = max((high - low) / count, 1.0) if whole else (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [round(first + i * step, 10) for i in range(math.ceil((high - first) / step - 1e-9) + 1)]
    return ticks if len(ticks) > 1 else [ticks[0], ticks[0] + step]


def _number(value: float | None) -> str:
    if isinstance(value, float):
        value = round(value, 4)
    return cell_text(value)


def _tip(name: str, label: str, value: float, unit: str) -> str:
    return h(f"{name}, {label}: {_number(value)} {unit}".strip())


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# The status page's 90-day bar: one thin bar per day, coloured by how good the day was.
UPTIME_LEVELS = ((100.0, "full", "#2e7d32"), (99.9, "high", "#7cb342"), (99.0, "low", "#f9a825"),
                 (95.0, "poor", "#ef6c00"), (0.0, "down", "#c62828"))
NO_DATA = ("none", "#9e9e9e")


@dataclass(frozen=True)
class Day:
    date: str
    availability: float | None  # percent; None: no service hours that day
    worst: str | None = None  # the worst outage level that touched the day, if any


def uptime_level(day: Day) -> tuple[str, str]:
    """A day's level and colour; a degraded day with no downtime still shows as not full."""
    if day.availability is None:
        return NO_DATA
    for floor, level, colour in UPTIME_LEVELS:
        if day.availability >= floor:
            if level == "full" and day.worst is not None:
                return UPTIME_LEVELS[1][1:]
            return level, colour
    return UPTIME_LEVELS[-1][1:]


def uptime_bar(label: str, days: Sequence[Day]) -> str:
    """One small SVG of `days` bars; each bar's tooltip gives the date and the availability."""
    width, gap, height = 6, 2, 28
    bars = []
    for index, day in enumerate(days):
        level, colour = uptime_level(day)
        value = "no service hours" if day.availability is None else f"{_number(day.availability)}%"
        worst = f", {day.worst.replace('_', ' ')}" if day.worst else ""
        bars.append(f'<rect x="{index * (width + gap)}" y="0" width="{width}" height="{height}" rx="1" '
                    f'fill="{colour}" data-date="{h(day.date)}" data-level="{level}">'
                    f"<title>{h(day.date)}: {h(value)}{h(worst)}</title></rect>")
    total = max(len(days) * (width + gap) - gap, 1)
    return (f'<svg class="opsbook-uptime" viewBox="0 0 {total} {height}" role="img" '
            f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{h(label)}</title>{''.join(bars)}</svg>")
