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

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag == "td":
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


def _gantt(page: str) -> list[str]:
    blocks = re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.DOTALL)
    charts = [html.unescape(block) for block in blocks if html.unescape(block).startswith("gantt\n")]
    assert len(charts) == 1, blocks
    return charts[0].splitlines()


def _decoded(label: str) -> str:
    return ENTITY.sub(lambda m: chr(int(m.group(1))), label)


def test_the_gantt_chart_is_a_mermaid_block_with_every_label_escaped(root: Path) -> None:
    lines = _gantt((root / "site/projects/PRJ-0001/index.html").read_text("utf-8"))
    assert lines[:5] == ["gantt", "  dateFormat YYYY-MM-DD", "  axisFormat %d %b", "  todayMarker off",
                         "  section Tasks"]
    bars: dict[str, list[str]] = {}
    for line in lines[5:]:
        if line in ("  section Tasks", "  section Milestones"):
            continue
        # A label begins with an entity code (never a keyword or a date) and holds only safe
        # characters and entity codes; the metadata after its one colon is generated.
        found = re.fullmatch(r"  ((?:#\d+;|[A-Za-z0-9 \-_.,/()])+) :((?:crit|done|active|milestone), )*"
                             r"[tm]\d+, \d{4}-\d\d-\d\d, (?:\d{4}-\d\d-\d\d|0d)", line)
        assert found and found.group(1).startswith("#"), line
        bars[_decoded(found.group(1)).split(" ")[0]] = line.split(" :")[1].split(", ")
    critical = [task for task, meta in bars.items() if "crit" in meta and task.startswith("T")]
    assert critical == ["T1", "T2", "T4", "T5"]
    assert bars["T2"][-3:] == ["t1", "2026-01-19", "2026-03-02"]  # early start; end exclusive
    assert bars["M1"] == ["milestone", "crit", "m0", "2026-03-09", "0d"]  # missed
    hostile = next(_decoded(line.split(" :")[0]) for line in lines if _decoded(line).startswith("  T2 "))
    assert hostile.startswith("  T2 section Build; click t0 call alert(1) %% <img")


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
