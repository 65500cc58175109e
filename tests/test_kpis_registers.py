"""Problems, improvements, asset TCO and capacity: snapshots at --as-of 2026-03-11 12:00 UTC."""

from __future__ import annotations

from pathlib import Path

import pytest
from kpis_support import report, scenario

AS_OF = ("--as-of", "2026-03-11T12:00:00Z")


@pytest.fixture
def erp(tmp_path: Path) -> Path:
    return scenario(tmp_path, "registers")


def test_open_problems_and_known_errors_with_age(erp: Path) -> None:
    # PRB-0001 opened 1 March 00:00: 10.5 days; known error; INC-0001 and INC-0002 link to it.
    # PRB-0002 opened 10 March 00:00: 1.5 days. PRB-0003 is closed. Mean age (10.5 + 1.5)/2 = 6.
    # Incidents per problem over all three problems: 2/3 = 0.67.
    tables = report(erp, "problems", *AS_OF)
    assert [(r["problem"], r["age_days"], r["known_error"], r["incidents"]) for r in tables["problems"]] == [
        ("PRB-0001", 10.5, True, 2), ("PRB-0002", 1.5, False, 0)]
    summary = {r["measure"]: r["value"] for r in tables["problems-summary"]}
    assert summary == {"open problems": 2, "open known errors": 1, "mean age of open problems (days)": 6,
                       "mean age of open known errors (days)": 10.5, "incidents per problem (all problems)": 0.67}


def test_improvements_planned_against_implemented(erp: Path) -> None:
    # Planned: IMP-0001..0004 (IMP-0005 rejected). Implemented: IMP-0001 (on time: 20 Feb <= 28 Feb)
    # and IMP-0002 (late: 10 Feb > 1 Feb): 2 of 4 = 50 %. Overdue: IMP-0003 (due 1 March).
    summary = {r["measure"]: r["value"] for r in report(erp, "improvements", *AS_OF)["improvements-summary"]}
    assert summary == {"planned": 4, "implemented": 2, "implementation rate (%)": 50,
                       "implemented on time": 1, "overdue": 1}


def test_tco(erp: Path) -> None:
    # AST-0001: in service 15 Jan 2025; to 11 Mar 2026 = 13 whole months (the 14th completes on
    # 15 March): 12000 + 250 x 13 = 15250. AST-0002: 1 Jan 2026 -> 2 months: 0 + 99.5 x 2 = 199.
    rows = report(erp, "tco", *AS_OF)["tco"]
    assert [(r["asset"], r["months"], r["tco"]) for r in rows] == [("AST-0001", 13, 15250), ("AST-0002", 2, 199)]


def test_capacity_at_and_near_threshold(erp: Path) -> None:
    # AST-0001: 850 GB >= 800: at, headroom -50, 85 % of 1000. AST-0002: 72 >= 0.9 x 80 = 72:
    # near, headroom 8. AST-0003: 100 of 400: ok, headroom 300, 20 % of 500.
    rows = report(erp, "capacity", *AS_OF)["capacity"]
    assert [(r["asset"], r["state"], r["headroom"], r["used_of_max"]) for r in rows] == [
        ("AST-0001", "at", -50, 85), ("AST-0002", "near", 8, None), ("AST-0003", "ok", 300, 20)]
