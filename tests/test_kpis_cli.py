"""`opsbook report`: the registry, the summary, the output formats and option errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from kpis_support import scenario
from opsbook.kpis import REPORTS
from support import run

AS_OF = ["--as-of", "2026-05-01T00:00:00Z", "--to", "2026-04-30"]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return scenario(tmp_path, "availability-utc")


def test_help_lists_every_report_with_an_example() -> None:
    result = run("report", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert all(name in result.output for name in REPORTS)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_runs_in_every_format(shop: Path, name: str) -> None:
    for output_format in ("text", "json", "csv", "markdown"):
        result = run("report", name, "--root", str(shop), "--format", output_format, *AS_OF)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()


def test_summary_is_the_default_and_agrees_with_the_detail(shop: Path) -> None:
    result = run("report", "--root", str(shop), "--format", "json", *AS_OF)
    summary = {r["kpi"]: r["value"] for r in json.loads(result.stdout)["tables"][0]["rows"]}
    # The numbers of test_kpis_incidents and test_kpis_availability.
    assert summary["incidents"] == 5 and summary["MTTR mean (minutes)"] == 157.5
    assert summary["availability breaches"] == 2 and summary["CSAT mean score"] == 4


def test_csv_is_plain_for_a_single_table(shop: Path) -> None:
    result = run("report", "trend", "--root", str(shop), "--format", "csv", *AS_OF)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["service", "2026-01", "2026-02", "2026-03", "2026-04", "total"]
    assert rows[1] == ["SVC-0001", "1", "1", "0", "3", "5"]


def test_markdown_escapes_record_text(tmp_path: Path) -> None:
    root = scenario(tmp_path, "registers")
    record = root / "records" / "problems" / "PRB-0002.yaml"
    text = record.read_text("utf-8").replace("title: Sporadic ERP login failures", "title: <b>|login|</b>")
    record.write_text(text, "utf-8")
    result = run("report", "problems", "--root", str(root), "--format", "markdown",
                 "--as-of", "2026-03-11T12:00:00Z")
    assert "&lt;b&gt;\\|login\\|&lt;/b&gt;" in result.stdout and "<b>" not in result.stdout


@pytest.mark.parametrize("arguments", [
    ["--as-of", "2026-05-01T00:00:00"],  # no UTC offset
    ["--as-of", "yesterday"],
    ["--from", "2026-05-01", "--to", "2026-04-01"],
    ["no-such-report"],
])
def test_bad_options_exit_2(shop: Path, arguments: list[str]) -> None:
    assert run("report", "--root", str(shop), *arguments).exit_code == 2
