"""Earned value of tests/projects/earned-value against figures worked out by hand.

PRJ-0001: baseline 2026-01-01 .. 2026-04-10, BAC 100,000.
  N  = 31 (Jan) + 28 (Feb) + 31 (Mar) + 10 (Apr) = 100 baseline days.
As of 2026-02-19 (after the last status report, so the record's own values count):
  AT = 31 (Jan) + 19 (Feb) = 50 days          PV = 100,000 x 50 / 100 = 50,000
  EV = 100,000 x 40 % = 40,000                 AC = 50,000
  SV = 40,000 - 50,000 = -10,000               CV = 40,000 - 50,000 = -10,000
  SPI = 40,000 / 50,000 = 0.8                  CPI = 40,000 / 50,000 = 0.8
  EAC = 100,000 / 0.8 = 125,000                VAC = 100,000 - 125,000 = -25,000
  budget used = 50,000 / 100,000 = 50 %        budget deviation = (125,000 - 100,000) / 100,000 = 25 %
  ES = 100 x 40 % = 40 days                    SV days = 40 - 50 = -10
  milestones due by 2026-02-19: M1 (01-31, achieved 01-31: met), M2 (02-10, not achieved:
  missed), M3 (02-15, achieved 02-18: late, missed) -> 2 of 3 missed; M4 is due 04-10.
  next milestone: M2, the first not achieved, by its expected day 2026-02-10.
  risk exposure: R1 open 3 x 4 = 12, R2 mitigating 2 x 5 = 10, R3 closed, I1 an issue -> 22.
  RAG: the latest report up to the day, 2026-02-15: amber.
  PV phased along the task plan: T1 (31 days, 01-01..01-31), T2 (45 days from 02-01), T3 (20),
  T4 (4): 100 task-days; by 02-19: 31 + 19 = 50 -> PV phased 50,000, SPI phased 0.8 (this plan
  spreads its work evenly, so both definitions agree).

PRJ-0002 (closed): baseline 2025-01-01 .. 2025-03-31 = 31 + 28 + 31 = 90 days, BAC 90,000,
finished 2025-04-09 at 99,000 and 100 %. Measured on its actual finish, whatever the as-of day:
  AT = 90 + 9 = 99; PV = 90,000 (AT > N); EV = 90,000; SPI = 1; CPI = 90,000 / 99,000 = 0.909..
  EAC = 90,000 / 0.90909 = 99,000; VAC = -9,000; budget used 110 %; SV days = 90 - 99 = -9.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from opsbook.load import open_repository
from opsbook.projects import read_plan, trend
from support import assemble, run

PROJECTS = Path(__file__).resolve().parent / "projects"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / "earned-value")


def portfolio(repo: Path, *options: str) -> dict[str, dict[str, Any]]:
    result = run("report", "projects", "--root", str(repo), "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return {row["project"]: row for row in json.loads(result.stdout)["tables"][0]["rows"]}


def test_earned_value_matches_the_hand_worked_example(repo: Path) -> None:
    row = portfolio(repo, "--to", "2026-02-19")["PRJ-0001"]
    assert row == {
        "project": "PRJ-0001", "title": "Payroll migration", "status": "execution", "RAG": "amber",
        "complete %": 40, "BAC": 100000, "PV": 50000, "EV": 40000, "AC": 50000,
        "SPI": 0.8, "CPI": 0.8, "EAC": 125000, "VAC": -25000, "budget used %": 50,
        "SV days": -10, "next milestone": "M2 Build environment ready (2026-02-10)",
        "milestones due": 3, "milestones missed": 2, "risk exposure": 22,
        "PV phased": 50000, "SPI phased": 0.8,
    }


def test_as_of_takes_the_day_of_the_timestamp(repo: Path) -> None:
    assert portfolio(repo, "--as-of", "2026-02-19T23:30:00+01:00")["PRJ-0001"]["PV"] == 50000


def test_a_past_day_is_measured_with_the_status_report_of_that_time(repo: Path) -> None:
    # As of 2026-02-10 a later report exists, so the report of 2026-01-31 speaks: 25 %, 30,000.
    # AT = 31 + 10 = 41; PV = 41,000; EV = 25,000; SPI = 25/41 = 0.61; CPI = 25/30 = 0.83;
    # EAC = 100,000 / (25/30) = 120,000; SV days = 25 - 41 = -16. M1 (met) and M2 (due that
    # very day, not achieved) are due: 1 of 2 missed.
    row = portfolio(repo, "--to", "2026-02-10")["PRJ-0001"]
    assert (row["RAG"], row["PV"], row["EV"], row["AC"], row["SPI"], row["CPI"], row["EAC"]) == \
        ("green", 41000, 25000, 30000, 0.61, 0.83, 120000)
    assert (row["SV days"], row["milestones due"], row["milestones missed"]) == (-16, 2, 1)


def test_closed_project_is_measured_on_its_actual_finish(repo: Path) -> None:
    row = portfolio(repo, "--to", "2026-02-19")["PRJ-0002"]
    assert (row["PV"], row["EV"], row["AC"], row["SPI"], row["CPI"], row["EAC"], row["VAC"]) == \
        (90000, 90000, 99000, 1, 0.91, 99000, -9000)
    assert (row["budget used %"], row["SV days"], row["next milestone"]) == (110, -9, None)
    assert (row["milestones due"], row["milestones missed"]) == (1, 1)


def test_trend_over_the_status_reports(repo: Path) -> None:
    # 2026-01-31: AT 31, PV 31,000, EV 25,000, AC 30,000 -> SPI 0.806, CPI 0.833, EAC 120,000.
    # 2026-02-15: AT 46, PV 46,000, EV 35,000, AC 45,000 -> SPI 0.761, CPI 0.778, EAC 128,571.43.
    plan = read_plan(open_repository(repo).by_id["PRJ-0001"].data)
    points = [(r.day, v.pv, v.ev, v.ac, round(v.spi, 3), round(v.cpi, 3), round(v.eac, 2))
              for r, v in trend(plan)]
    assert points == [
        (date(2026, 1, 31), 31000, 25000, 30000, 0.806, 0.833, 120000),
        (date(2026, 2, 15), 46000, 35000, 45000, 0.761, 0.778, 128571.43),
    ]


def test_undefined_ratios_are_empty_not_infinite(repo: Path) -> None:
    # Before its start a project has earned and spent nothing: PV = EV = AC = 0, so SPI, CPI
    # and EAC (0 / 0) are undefined rather than zero or infinite.
    row = portfolio(repo, "--to", "2025-12-01")["PRJ-0001"]
    assert (row["PV"], row["EV"], row["AC"], row["SPI"], row["CPI"], row["EAC"]) == (0, 0, 0, None, None, None)
