"""Project plan rules through `opsbook validate`: each folder under tests/projects/negative
holds one project and, in expected.txt, the findings as `path:line:col code`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import assemble, run

PROJECTS = Path(__file__).resolve().parent / "projects"
NEGATIVE = sorted(p for p in (PROJECTS / "negative").iterdir() if p.is_dir())


def diagnostics(repo: Path) -> tuple[int, list[dict[str, object]]]:
    result = run("validate", "--root", str(repo), "--format", "json")
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_plan_reports_expected_positions(case: Path, tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", PROJECTS / "base", case)
    exit_code, found = diagnostics(repo)
    assert [f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in found] == \
        (case / "expected.txt").read_text("utf-8").split("\n")[:-1]
    assert {d["code"] for d in found} == {case.name}
    assert exit_code == (0 if all(d["severity"] == "warning" for d in found) else 1)


@pytest.mark.parametrize("example", ["earned-value", "network"])
def test_example_plans_are_valid(example: str, tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / example)
    assert diagnostics(repo) == (0, [])


def test_cycle_is_named_at_the_dependency_that_closes_it(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / "negative" / "project-task-cycle")
    result = run("validate", "--root", str(repo))
    # T2 depends on T4 (line 15, the second item of `depends_on: [T1, T4]`), T4 on T3, T3 on T2;
    # T5 depends on itself. T1 is outside the cycle and is not mentioned.
    assert result.stdout.splitlines()[:2] == [
        "records/projects/PRJ-0001.yaml:15:22: error: dependency cycle: T2 depends on T4, T4 on T3, "
        "T3 on T2 [project-task-cycle]",
        "records/projects/PRJ-0001.yaml:27:18: error: task T5 depends on itself [project-task-cycle]",
    ]
    assert result.exit_code == 1


def test_plan_with_a_cycle_still_reports(tmp_path: Path) -> None:
    """The tasks in and behind a cycle have no schedule; the portfolio report still runs."""
    repo = assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / "negative" / "project-task-cycle")
    result = run("report", "projects", "--root", str(repo), "--to", "2026-02-01", "--format", "json")
    row = json.loads(result.stdout)["tables"][0]["rows"][0]
    assert (result.exit_code, row["project"], row["BAC"]) == (0, "PRJ-0001", 50000)


def test_absurd_durations_and_dates_are_reported_not_crashed_on(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / "network")
    plan = next((repo / "records/projects").glob("*.yaml"))
    text = plan.read_text("utf-8")
    text = text.replace("duration_days:", "duration_days: 10000000 #", 1)
    plan.write_text(text.replace("start: 20", "start: 9999-12-30 #", 1), "utf-8")
    result = run("validate", "--root", str(repo), "--format", "json")
    assert result.exit_code == 1
    assert "schema-range" in {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert run("report", "projects", "--root", str(repo), "--as-of", "2026-06-01").exit_code == 0
