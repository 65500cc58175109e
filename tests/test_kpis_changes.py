"""Change success and failure rate and the emergency share.

Implemented: CHG-0001 normal successful; CHG-0002 normal successful but caused INC-0050;
CHG-0003 emergency rolled back; CHG-0004 standard successful. CHG-0005 is only scheduled and
CHG-0006 canceled: neither counts.
"""

from __future__ import annotations

from pathlib import Path

from kpis_support import report, row, scenario


def test_change_rates(tmp_path: Path) -> None:
    # Failed: CHG-0002 (caused an incident) and CHG-0003 (rolled back) = 2 of 4 implemented:
    # failure rate 50 %, success rate 50 %. Emergency share: 1 of 4 = 25 %.
    root = scenario(tmp_path, "changes")
    tables = report(root, "changes", "--as-of", "2026-03-31T00:00:00Z")
    everything = row(tables["changes"], type="all")
    assert (everything["implemented"], everything["failure_rate"], everything["success_rate"]) == (4, 50, 50)
    assert row(tables["changes"], type="emergency")["share"] == 25
    normal = row(tables["changes"], type="normal")  # 1 of 2 failed
    assert (normal["implemented"], normal["caused_incident"], normal["failure_rate"]) == (2, 1, 50)
    assert [(r["change"], r["caused"]) for r in tables["changes-failed"]] == [
        ("CHG-0002", "INC-0050"), ("CHG-0003", None)]


def test_period_is_the_day_implementation_ended(tmp_path: Path) -> None:
    # Only CHG-0003 (4 March) and CHG-0004 (5 March) ended from 4 March on; CHG-0003 rolled back.
    root = scenario(tmp_path, "changes")
    everything = row(report(root, "changes", "--as-of", "2026-03-31T00:00:00Z",
                            "--from", "2026-03-04")["changes"], type="all")
    assert (everything["implemented"], everything["failure_rate"]) == (2, 50)
