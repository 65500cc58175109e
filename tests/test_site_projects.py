"""The portfolio and the project pages: the numbers `opsbook report projects` prints for the
same day, a Gantt chart that Mermaid cannot misread whatever a task is called, and the hand-over
on service pages. A real `mkdocs build` of tests/site/fixture (its PRJ-0001 has hostile task
names), and the example repository's pages rendered without MkDocs."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.site import build_pages
from opsbook.site.structure.model import build_model
from opsbook.tables import cell_text
from sitebuild import make_repository, mkdocs_build
from support import ROOT, run

NOW = "2026-03-10T09:00:00+01:00"  # the fixture's `now` (sitebuild.make_repository)
ENTITY = re.compile(r"#(\d+);")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = make_repository(tmp_path_factory.mktemp("projects") / "repo")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    return repo


class ReportCells(HTMLParser):
    """The rows of the page's `data-report` table, each as {column: cell text}."""

    def __init__(self, report: str) -> None:
        super().__init__()
        self.report = report
        self.rows: list[dict[str, str]] = []
        self._depth = 0
        self._column: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._depth += 1 if self._depth or found.get("data-report") == self.report else 0
        elif self._depth and tag == "tr" and "data-status" in found:
            self.rows.append({})
        elif self._depth and tag == "td":
            self._column = found.get("data-column")
            self.rows[-1][self._column or ""] = ""
            self._machine: str | None = None
        elif self._column is not None and self._machine is None:
            # The report's own value, kept in an attribute where the text is for people.
            self._machine = found.get("data-value", found.get("data-state"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag == "td":
            if self._column is not None and self._machine is not None:
                self.rows[-1][self._column] = self._machine
            self._column = None

    def handle_data(self, data: str) -> None:
        if self._column is not None:
            self.rows[-1][self._column] += data


def portfolio_on_page(text: str) -> list[dict[str, str]]:
    parser = ReportCells("projects")
    parser.feed(text)
    return [{column: value.strip() for column, value in row.items()} for row in parser.rows]


def portfolio_of_cli(repo: Path, *options: str) -> list[dict[str, str]]:
    result = run("report", "projects", "--root", str(repo), "--format", "json", *options)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["tables"][0]["rows"]
    return [{column: cell_text(value) for column, value in row.items()} for row in rows]


def test_the_portfolio_shows_the_numbers_of_opsbook_report_projects(root: Path) -> None:
    shown = portfolio_on_page((root / "site/projects/index.html").read_text("utf-8"))
    assert shown == portfolio_of_cli(root, "--as-of", NOW) == portfolio_of_cli(root, "--to", NOW[:10])
    assert {k: shown[0][k] for k in ("project", "RAG", "SPI", "CPI", "SV days")} == {
        "project": "PRJ-0001", "RAG": "amber", "SPI": "0.89", "CPI": "0.77", "SV days": "-7"}


def test_the_example_portfolio_and_project_pages_agree_with_the_report() -> None:
    now = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)
    repository = open_repository(ROOT)
    pages = {p.uri: p.markdown for p in build_pages(build_model(repository, [], now))}
    expected = portfolio_of_cli(ROOT, "--to", "2026-09-15")
    assert portfolio_on_page(pages["projects/index.md"]) == expected
    assert {row["status"] for row in expected} >= {"closed", "execution"}
    for row in expected:
        page = pages[f"projects/{row['project']}.md"]
        figures = dict(re.findall(r'<abbr title="[^"]*">([^<]+)</abbr></td><td>[^<]*</td><td>[^<]*</td>'
                                  r"<td>([^<]*)</td>", page))
        for column in ("BAC", "PV", "EV", "AC", "SPI", "CPI", "EAC", "VAC", "budget used %", "SV days"):
            assert figures[column[0].upper() + column[1:]] == row[column], (row["project"], column)
        if row["milestones due"] != "0":
            assert f"missed (not achieved by the baseline day): {row['milestones missed']}." in page
        if "Risk exposure of the project" in page:
            assert f" = {row['risk exposure']}.</p>" in page


def _gantt_rows(page: str) -> dict[str, tuple[str, str]]:
    """Each Gantt row's label (the task or milestone ID, from the escaped label text) -> its
    HTML and its bars' and diamonds' texts."""
    chart = re.findall(r'<figure class="opsbook-gantt".*?</figure>', page, re.DOTALL)
    assert len(chart) == 1, "no Gantt chart on the project page"
    rows = re.findall(r'<li class="opsbook-gantt-row"><span class="opsbook-gantt-label">(.*?)</span>'
                      r'<span class="opsbook-gantt-track">(.*?)</span></li>', chart[0], re.DOTALL)
    found = {}
    for label, track in rows:
        texts = " | ".join(html.unescape(t) for t in re.findall(r'title="([^"]*)"', track))
        found[html.unescape(re.sub(r"<[^>]+>", "", label)).split(" ")[0]] = (label, texts)
    return found


def test_the_gantt_chart_marks_the_critical_path_baseline_forecast_and_today(root: Path) -> None:
    page = (root / "site/projects/PRJ-0001/index.html").read_text("utf-8")
    rows = _gantt_rows(page)
    critical = [task for task, (label, _) in rows.items() if task.startswith("T") and "critical" in label]
    assert critical == ["T1", "T2", "T4", "T5"]
    assert "T2: Mon 19 Jan 2026 to Sun 1 Mar 2026" in rows["T2"][1]  # early start to the last day of work
    assert "M1 baseline" in rows["M1"][1]
    assert {"Project,"} <= set(rows) and 'class="opsbook-today"' in page
    assert "Baseline:" in page and "Forecast:" in page  # both shown, told apart
    # Record text stays text: the hostile task name is escaped, never markup.
    assert rows["T2"][0].startswith("T2 section Build; click t0 call alert(1) %% &lt;img")


def test_the_project_page_shows_schedule_earned_value_raid_and_deliverables(root: Path) -> None:
    page = (root / "site/projects/PRJ-0001/index.html").read_text("utf-8")
    for heading in ("Schedule", "Milestones", "Tasks", "Earned value", "Earned value trend",
                    "Status reports", "RAID log", "What it delivers", "Gates"):
        assert f">{heading}<" in page, heading
    assert "Critical path (no float; red bars): T1 → T2 → T4 → T5." in page
    assert "<td>120000 × 50 / 100</td><td>60000</td>" in page
    assert "4 × 4 + 2 × 5 = 26" in page
    assert 'href="../../services/SVC-0001/"' in page and 'href="../../releases/REL-0001/"' in page
    assert page.count('class="opsbook-chart"') == 2  # PV/EV/AC and SPI/CPI over the reports
    assert "<img src=x" not in page and "<script>alert" not in page


def test_service_pages_show_the_project_and_the_hand_over(root: Path) -> None:
    page = (root / "site/services/SVC-0001/index.html").read_text("utf-8")
    assert 'href="../../projects/PRJ-0001/"' in page and "Not handed over yet." in page
    now = datetime(2026, 9, 15, tzinfo=UTC)
    pages = {p.uri: p.markdown for p in build_pages(build_model(open_repository(ROOT), [], now))}
    delivered = pages["services/SVC-0005.md"].split("## Delivered by")[1]
    assert "PRJ-0001" in delivered and "Handed over to operations on 2026-07-01." in delivered
