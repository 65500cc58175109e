"""The KPI pages and the status page, built for real: every number the site shows is the
number `opsbook report --format json` prints for the same moment, and the status page shows
the states the fixture's records imply."""

from __future__ import annotations

import json
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from opsbook.tables import cell_text
from sitebuild import make_repository, mkdocs_build
from support import run

NOW = "2026-03-10T09:00:00+01:00"  # the `now` sitebuild gives the plugin
KPI_PAGES = ["kpis", "kpis/incidents", "kpis/availability", "kpis/sla", "kpis/changes", "kpis/problems",
             "kpis/csat", "kpis/assets", "status"]
SERVICE_PAGES = ["services/SVC-0001", "services/SVC-0002"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("kpisite") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


@cache
def _report(root: Path, name: str) -> dict[str, dict[str, object]]:
    result = run("report", name, "--root", str(root), "--format", "json", "--as-of", NOW)
    assert result.exit_code == 0, result.output
    return {table["name"]: table for table in json.loads(result.stdout)["tables"]}


class SourcedNumbers(HTMLParser):
    """Tables and chart figures that name their report (`data-report`, `data-table`): the text
    of every cell by column, and the numbers of every chart's own table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, str, list[dict[str, str]]]] = []
        self.charts: list[tuple[str, str, list[str]]] = []
        self.cards: dict[str, str] = {}
        self._source: tuple[str, str] | None = None
        self._kind = ""
        self._column: str | None = None
        self._text: list[str] = []
        self._row: dict[str, str] | None = None
        self._card: str | None = None
        self._chart_cell = False
        self._value: str | None = None  # a cell's machine value, where its text is for people

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("data-report") and tag in ("table", "div"):
            self._source = (found["data-report"] or "", found.get("data-table") or "")
            self._kind = "chart" if "opsbook-chart-box" in (found.get("class") or "") else tag
            if self._kind == "table":
                self.tables.append((*self._source, []))
            elif self._kind == "chart":
                self.charts.append((*self._source, []))
        if tag == "div" and found.get("data-kpi"):
            self._card = found["data-kpi"]
        if tag == "tr" and self._kind == "table":
            self._row = {}
        if tag == "td" and (found.get("data-column") or self._kind == "chart"):
            self._column, self._text, self._chart_cell = found.get("data-column"), [], self._kind == "chart"
            self._value = None
        if tag == "span" and found.get("data-value") is not None and self._column and self._value is None:
            self._value = found["data-value"]
        if tag == "div" and found.get("data-column") == "value" and self._card:
            self._column, self._text = "card", []

    def handle_data(self, data: str) -> None:
        if self._column is not None or self._chart_cell:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._text).strip()
        if tag == "td" and self._chart_cell:
            self.charts[-1][2].append(text)
            self._chart_cell, self._column = False, None
        elif tag == "td" and self._column and self._row is not None:
            self._row[self._column] = text if self._value is None else self._value
            self._column = None
        elif tag == "div" and self._column == "card" and self._card:
            self.cards[self._card], self._column, self._card = text, None, None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.tables[-1][2].append(self._row)
            self._row = None
        elif (tag, self._kind) in (("table", "table"), ("details", "chart")):
            self._kind, self._source = "", None


def _parse(site: Path, page: str) -> SourcedNumbers:
    parser = SourcedNumbers()
    parser.feed((site / page / "index.html").read_text("utf-8"))
    return parser


def _expected_rows(table: dict[str, object], columns: list[str]) -> list[dict[str, str]]:
    return [{c: cell_text(row[c]) for c in columns} for row in table["rows"]]  # type: ignore[index, union-attr]


def test_kpi_pages_show_exactly_the_tables_of_opsbook_report(built: Path) -> None:
    compared = 0
    for page in KPI_PAGES:
        for report, name, rows in _parse(built / "site", page).tables:
            expected = _report(built, report)[name]
            columns = list(rows[0]) if rows else []
            assert rows == _expected_rows(expected, columns), f"{page}: {report}/{name}"
            compared += sum(len(row) for row in rows)
    assert compared > 150


def test_service_pages_show_rows_of_the_same_tables(built: Path) -> None:
    compared = 0
    for page in SERVICE_PAGES:
        for report, name, rows in _parse(built / "site", page).tables:
            expected = _report(built, report)[name]
            for row in rows:
                assert row in _expected_rows(expected, list(row)), f"{page}: {report}/{name}: {row}"
                compared += 1
    assert compared >= 3


def test_headline_figures_are_the_summary_report(built: Path) -> None:
    cards = _parse(built / "site", "kpis").cards
    summary = _report(built, "summary")["summary"]["rows"]
    assert cards == {row["kpi"]: cell_text(row["value"]) for row in summary}  # type: ignore[index, union-attr]


def test_every_number_in_a_chart_is_in_its_report_table(built: Path) -> None:
    charts = 0
    for page in [*KPI_PAGES, *SERVICE_PAGES]:
        for report, name, numbers in _parse(built / "site", page).charts:
            table = _report(built, report)[name]
            known = {cell_text(v) for row in table["rows"] for v in row.values()}  # type: ignore[union-attr]
            assert numbers and set(numbers) <= known, f"{page}: {report}/{name}"
            charts += 1
    assert charts >= 6


class StatusRows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.states: dict[str, str] = {}
        self.bars: dict[str, int] = {}
        self._bar: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li" and found.get("data-service"):
            self.states[found["data-service"] or ""] = found.get("data-state") or ""
        if tag == "div" and "opsbook-uptime-row" in (found.get("class") or ""):
            self._bar = found.get("data-service")
            self.bars[self._bar or ""] = 0
        if tag == "rect" and self._bar and found.get("data-date"):
            self.bars[self._bar] += 1


def test_status_page_shows_the_states_the_records_imply(built: Path) -> None:
    html = (built / "site/status/index.html").read_text("utf-8")
    parser = StatusRows()
    parser.feed(html)
    # INC-0002 is an open partial outage of SVC-0002; SVC-0001 depends on SVC-0002. Only the
    # customer-facing SVC-0001 is on the status page.
    assert parser.states == {"SVC-0001": "degraded"}
    status = _report(built, "status")["status"]["rows"]
    assert parser.states == {row["service"]: row["status"] for row in status  # type: ignore[index]
                             if row["customer_facing"]}  # type: ignore[index]
    assert parser.bars == {"SVC-0001": 90}
    # Today's bar agrees with the state above it.
    bar = html.split('<div class="opsbook-uptime-row" data-service="SVC-0001"', 1)[1].split("</svg>", 1)[0]
    assert 'data-level="high"' in bar.rsplit("<rect", 1)[-1]


def test_home_dashboard_uses_the_same_states(built: Path) -> None:
    html = (built / "site/index.html").read_text("utf-8")
    services = html.split('id="services"', 1)[1].split("</table>", 1)[0]
    assert "opsbook-status-degraded" in services and "opsbook-status-partial_outage" in services


def test_status_history_tells_only_public_updates(built: Path) -> None:
    html = (built / "site/status/index.html").read_text("utf-8")
    assert "Parcel tracking is available again" in html
    assert "Some address lookups are slow or fail" in html
    assert "Internal only" not in html and "cache node is suspected" not in html
    assert "<script>alert('pub')" not in html


class ActiveContent(HTMLParser):
    """Any markup record text could have smuggled in: event handlers, script links, images."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")


@pytest.mark.parametrize("page", [*KPI_PAGES, *SERVICE_PAGES, ""])
def test_hostile_record_text_stays_inert(built: Path, page: str) -> None:
    parser = ActiveContent()
    parser.feed((built / "site" / page / "index.html").read_text("utf-8"))
    assert parser.found == []
