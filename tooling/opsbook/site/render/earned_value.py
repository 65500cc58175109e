"""A project's earned value, each figure beside its formula and the same formula with the
project's numbers filled in, so that a reader can reproduce every figure by hand; and its
trend over the status reports. Figures are rounded as `opsbook report projects` rounds them
(money and ratios to 2 places, percentages and days to 1), so page and report agree."""

from __future__ import annotations

from datetime import date

from opsbook.projects.report import NOTES
from opsbook.site.render.charts import Chart, Series, chart_figure
from opsbook.site.render.html import badge, table
from opsbook.site.render.text import h
from opsbook.site.structure.project import ProjectView
from opsbook.tables import cell_text

# Figure: (what it means, formula).
MEANINGS = {
    "N": ("Baseline days: the baseline finish minus the baseline start, first and last day included.",
          "finish − start + 1"),
    "AT": ("Actual time: days from the baseline start to the measured day, both included (0 before the "
           "start; it keeps counting after the baseline finish).", "measured day − start + 1"),
    "BAC": ("Budget at completion: the baseline budget.", "baseline.budget"),
    "Complete %": ("Physical percent complete.", ""),
    "AC": ("Actual cost to date.", ""),
    "PV": ("Planned value: the budget spread evenly over the baseline days, as far as the measured day.",
           "BAC × min(AT, N) / N"),
    "EV": ("Earned value: the budgeted cost of the work done.", "BAC × complete % / 100"),
    "SV": ("Schedule variance in money; negative means behind plan.", "EV − PV"),
    "CV": ("Cost variance; negative means over budget.", "EV − AC"),
    "SPI": ("Schedule performance index; below 1 means behind plan.", "EV / PV"),
    "CPI": ("Cost performance index; below 1 means over budget.", "EV / AC"),
    "EAC": ("Estimate at completion, if the cost performance so far continues.", "BAC / CPI = BAC × AC / EV"),
    "VAC": ("Variance at completion; negative means a forecast overrun.", "BAC − EAC"),
    "Budget used %": ("Share of the budget spent.", "AC / BAC × 100"),
    "Budget deviation %": ("Forecast overrun (for a finished project, its actual overrun).",
                           "(EAC − BAC) / BAC × 100"),
    "ES": ("Earned schedule: the baseline day by which the work done was planned to be done.",
           "N × complete % / 100"),
    "SV days": ("Schedule variance in days (earned schedule); negative means behind. Unlike SV it does not "
                "return to zero after the baseline finish.", "ES − AT"),
}


def money(value: float | None) -> str:
    return cell_text(None if value is None else round(value, 2))


def one(value: float | None) -> str:
    return cell_text(None if value is None else round(value, 1))


def earned_value_table(view: ProjectView) -> str:
    value, plan = view.value, view.plan
    start, finish = plan.baseline_start, plan.baseline_finish
    rows = [
        ("N", f"{_d(finish)} − {_d(start)} + 1", cell_text(value.baseline_days)),
        ("AT", f"{value.as_of.isoformat()} − {_d(start)} + 1", cell_text(value.elapsed_days)),
        ("BAC", "", money(value.bac)),
        ("Complete %", f"from {view.figures_from}", cell_text(value.percent_complete)),
        ("AC", f"from {view.figures_from}", cell_text(value.ac)),
        ("PV", f"{money(value.bac)} × min({cell_text(value.elapsed_days)}, {cell_text(value.baseline_days)}) / "
               f"{cell_text(value.baseline_days)}", money(value.pv)),
        ("EV", f"{money(value.bac)} × {cell_text(value.percent_complete)} / 100", money(value.ev)),
        ("SV", f"{money(value.ev)} − {money(value.pv)}", money(value.sv)),
        ("CV", f"{money(value.ev)} − {cell_text(value.ac)}", money(value.cv)),
        ("SPI", f"{money(value.ev)} / {money(value.pv)}", money(value.spi)),
        ("CPI", f"{money(value.ev)} / {cell_text(value.ac)}", money(value.cpi)),
        ("EAC", f"{money(value.bac)} × {cell_text(value.ac)} / {money(value.ev)}", money(value.eac)),
        ("VAC", f"{money(value.bac)} − {money(value.eac)}", money(value.vac)),
        ("Budget used %", f"{cell_text(value.ac)} / {money(value.bac)} × 100", one(value.budget_used_percent)),
        ("Budget deviation %", f"({money(value.eac)} − {money(value.bac)}) / {money(value.bac)} × 100",
         one(value.budget_deviation_percent)),
        ("ES", f"{cell_text(value.baseline_days)} × {cell_text(value.percent_complete)} / 100",
         one(value.earned_schedule_days)),
        ("SV days", f"{one(value.earned_schedule_days)} − {cell_text(value.elapsed_days)}",
         one(value.schedule_variance_days)),
    ]
    cells = [(_figure(name), h(MEANINGS[name][1]), h(worked), h(result)) for name, worked, result in rows]
    return table(["Figure", "Formula", "With this project's numbers", "Value"], cells,
                 css="opsbook-table opsbook-earned-value")


def measured_note(view: ProjectView) -> str:
    value = view.value
    finished = value.as_of != view.as_of
    why = (f" (the project finished on {value.as_of.isoformat()}, so its figures stop there)"
           if finished else "")
    return (f'<p class="opsbook-when">As of {h(view.as_of.isoformat())}: measured on '
            f"{h(value.as_of.isoformat())}{h(why)}. A figure whose divisor is zero or missing is "
            "shown as “-”.</p>")


def notes_html() -> str:
    """The notes `opsbook report projects` prints under its table."""
    return '<ol class="opsbook-notes">' + "".join(f"<li>{h(note)}</li>" for note in NOTES) + "</ol>"


def trend_table(view: ProjectView) -> str:
    if not view.trend:
        return '<p class="opsbook-none">No dated status reports.</p>'
    headers = ["Report", "RAG", "Complete %", "AC", "AT", "PV", "EV", "SV", "CV", "SPI", "CPI", "SV days"]
    rows = [(h(report.day.isoformat() if report.day else ""), badge(report.rag), h(cell_text(value.percent_complete)),
             h(cell_text(value.ac)), h(cell_text(value.elapsed_days)), h(money(value.pv)), h(money(value.ev)),
             h(money(value.sv)), h(money(value.cv)), h(money(value.spi)), h(money(value.cpi)),
             h(one(value.schedule_variance_days))) for report, value in view.trend]
    headers_html = [_figure(name) if name in MEANINGS else h(name) for name in headers]
    return table(headers_html, rows, css="opsbook-table opsbook-ev-trend")


def trend_charts(view: ProjectView) -> str:
    """PV, EV and AC at each report (the classic S-curves), and SPI and CPI against 1."""
    if len(view.trend) < 2:
        return ""
    labels = tuple(report.day.isoformat() for report, _ in view.trend if report.day)
    values = [value for _, value in view.trend]

    def series(name: str, pick: str) -> Series:
        numbers = [getattr(v, pick) for v in values]
        return Series(name, tuple(None if n is None else round(n, 2) for n in numbers))

    money_chart = Chart("Earned value at each status report", "PV, EV and AC at each status report.",
                        labels, (series("PV", "pv"), series("EV", "ev"), series("AC", "ac")),
                        target_is_minimum=None)
    index_chart = Chart("Performance indexes at each status report",
                        "SPI and CPI at each status report; below 1 is behind plan or over budget.",
                        labels, (series("SPI", "spi"), series("CPI", "cpi")), target=1.0,
                        target_label="1 (on plan)")
    return chart_figure(money_chart, "line") + "\n" + chart_figure(index_chart, "line")


def _figure(name: str) -> str:
    meaning, formula = MEANINGS[name]
    tip = f"{meaning} {formula}".strip() if formula else meaning
    return f'<abbr title="{h(tip)}">{h(name)}</abbr>'


def _d(day: date | None) -> str:
    return day.isoformat() if day else "?"

