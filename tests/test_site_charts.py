"""Server-side SVG charts: well-formed, accessible, numbers also as a table, labels inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from opsbook.site.render.charts import (
    Chart,
    Day,
    Series,
    bar_chart,
    chart_figure,
    line_chart,
    nice_ticks,
    uptime_bar,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<img src=x onerror=alert(1)>"


def _chart(**changes: object) -> Chart:
    values = {"title": f"Availability {HOSTILE}", "description": f"desc {HOSTILE}",
              "labels": ("2026-01", "2026-02", f"m {HOSTILE}"),
              "series": (Series(f"SVC {HOSTILE}", (99.95, None, 99.5)),), "unit": "%",
              "target": 99.9, "target_label": "SLA-0001 target", "y_range": (99.0, 100.0)}
    return Chart(**{**values, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize("draw", [line_chart, bar_chart])
def test_chart_is_well_formed_and_accessible(draw: object) -> None:
    svg = ET.fromstring(draw(_chart()))  # type: ignore[operator]
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == f"Availability {HOSTILE}"
    assert desc is not None and desc.text == f"desc {HOSTILE}"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not any(e.tag.endswith(("img", "script", "foreignObject")) for e in svg.iter())


def test_breaches_of_a_minimum_target_are_marked_and_gaps_break_the_line() -> None:
    svg = ET.fromstring(line_chart(_chart()))
    breaches = [e for e in svg.iter() if e.get("class") == "opsbook-chart-breach"]
    assert len(breaches) == 1 and "99.5 %" in "".join(breaches[0].itertext())
    assert not [e for e in svg.iter(f"{SVG}polyline") if " " in (e.get("points") or "")]  # no line across the gap
    assert len([e for e in svg.iter() if e.get("class") == "opsbook-chart-target"]) == 1


def test_a_maximum_target_marks_values_above_it() -> None:
    chart = _chart(series=(Series("MTTR", (30.0, 90.0, None)),), target=60.0, target_is_minimum=False,
                   y_range=None)
    svg = ET.fromstring(bar_chart(chart))
    assert len([e for e in svg.iter() if e.get("class") == "opsbook-chart-breach"]) == 1


def test_figure_gives_the_numbers_as_a_table_with_escaped_labels() -> None:
    html = chart_figure(_chart())
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The numbers follow the figure (a figure holds no <details>), folded under their own summary.
    assert "<details" not in html.split("</figure>", 1)[0]
    table = ET.fromstring("<table" + html.split("</summary>", 1)[1].split("<table", 1)[1].split("</details>", 1)[0])
    cells = [td.text for td in table.iter("td")]
    assert cells == ["99.95", "-", "99.5"]


def test_uptime_bar_has_one_titled_bar_per_day() -> None:
    days = [Day("2026-03-01", 100.0), Day("2026-03-02", 99.95, "degraded"), Day("2026-03-03", 93.75),
            Day(HOSTILE, None)]
    svg = ET.fromstring(uptime_bar(HOSTILE, days))
    rects = list(svg.iter(f"{SVG}rect"))
    assert [r.get("data-level") for r in rects] == ["full", "high", "down", "none"]
    assert [r.findtext(f"{SVG}title") for r in rects][:3] == [
        "2026-03-01: 100%", "2026-03-02: 99.95%, degraded", "2026-03-03: 93.75%"]


@pytest.mark.parametrize(("low", "high", "ticks"), [
    (0, 7, [0, 2, 4, 6, 8]), (99.33, 100, [99.2, 99.4, 99.6, 99.8, 100]), (5, 5, [5, 5.2, 5.4, 5.6, 5.8, 6])])
def test_nice_ticks_cover_the_range_in_round_steps(low: float, high: float, ticks: list[float]) -> None:
    assert nice_ticks(low, high) == pytest.approx(ticks)
