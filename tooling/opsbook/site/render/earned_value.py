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
    "AT": (("Actual time: days from the baseline start to the measured day, both included (0 before the "
           "start; it keeps counting after the baseline finish)."), "measured day − start + 1"),
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
    "SV days": (("Schedule variance in days (earned schedule); negative means behind. Unlike SV it does not "
                "return to zero after the baseline finish."), "ES − AT"),
    "PV phased": (("Planned value time-phased along the task plan instead of spread evenly: the share of the "
                   "plan's task-days scheduled by the measured day (CPM early starts)."),
                  "BAC × task-days scheduled / all task-days"),
    "SPI phased": ("Schedule performance index against the time-phased planned value.", "EV / PV phased"),
}

_TREND_HEADERS = ["Report", "RAG", "Complete %", "AC", "AT", "PV", "EV", "SV", "CV", "SPI", "CPI", "SV days"]


def money(value: float | None) -> str:
    return cell_text(None if value is None else round(value, 2))


def one(value: float | None) -> str:
    return cell_text(None if value is None else round(value, 1))


def earned_value_table(view: ProjectView) -> str:
    cells = [(_figure(name), h(MEANINGS[name][1]), h(worked), h(result))
             for name, worked, result in worked_figures(view)]
    return table(["Figure", "Formula", "With this project's numbers", "Value"], cells,
                 css="opsbook-table opsbook-earned-value")


def worked_figures(view: ProjectView) -> list[tuple[str, str, str]]:
    """(figure, its formula with the project's numbers filled in, its value), in the order in
    which a reader works them out: each uses only figures above it."""
    v, plan = view.value, view.plan
    n, at, pct, ac = (cell_text(x) for x in (v.baseline_days, v.elapsed_days, v.percent_complete, v.ac))
    bac, pv, ev, eac = money(v.bac), money(v.pv), money(v.ev), money(v.eac)
    return [
        ("N", f"{_d(plan.baseline_finish)} − {_d(plan.baseline_start)} + 1", n),
        ("AT", f"{v.as_of.isoformat()} − {_d(plan.baseline_start)} + 1", at),
        ("BAC", "", bac),
        ("Complete %", f"from {view.source_of('percent_complete')}", pct),
        ("AC", f"from {view.source_of('cost_to_date')}", ac),
        ("PV", f"{bac} × min({at}, {n}) / {n}", pv),
        ("EV", f"{bac} × {pct} / 100", ev),
        ("SV", f"{ev} − {pv}", money(v.sv)),
        ("CV", f"{ev} − {ac}", money(v.cv)),
        ("SPI", f"{ev} / {pv}", money(v.spi)),
        ("CPI", f"{ev} / {ac}", money(v.cpi)),
        ("EAC", f"{bac} × {ac} / {ev}", eac),
        ("VAC", f"{bac} − {eac}", money(v.vac)),
        ("Budget used %", f"{ac} / {bac} × 100", one(v.budget_used_percent)),
        ("Budget deviation %", f"({eac} − {bac}) / {bac} × 100", one(v.budget_deviation_percent)),
        ("ES", f"{n} × {pct} / 100", one(v.earned_schedule_days)),
        ("SV days", f"{one(v.earned_schedule_days)} − {at}", one(v.schedule_variance_days)),
        ("PV phased", f"{bac} × {v.task_days[0]} / {v.task_days[1]}" if v.task_days else "",
         money(v.pv_phased)),
        ("SPI phased", f"{ev} / {money(v.pv_phased)}", money(v.spi_phased)),
    ]


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
    headers = [_figure(name) if name in MEANINGS else h(name) for name in _TREND_HEADERS]
    rows = [[h(report.day), badge(report.rag),
             *(h(cell_text(x)) for x in (v.percent_complete, v.ac, v.elapsed_days)),
             *(h(money(x)) for x in (v.pv, v.ev, v.sv, v.cv, v.spi, v.cpi)),
             h(one(v.schedule_variance_days))] for report, v in view.trend]
    return table(headers, rows, css="opsbook-table opsbook-ev-trend")


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

