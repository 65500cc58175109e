"""Service status now (with propagation along depends_on), upcoming maintenance, and the
90-day daily availability series."""

from __future__ import annotations

from pathlib import Path

import pytest
from kpis_support import report, row, scenario

# Sunday 22 November 2026, 02:30 in Berlin (CET, +01:00).
NOW = "2026-11-22T01:30:00Z"


@pytest.fixture
def status_repo(tmp_path: Path) -> Path:
    return scenario(tmp_path, "status")


def states(root: Path, now: str) -> dict[str, tuple]:
    rows = report(root, "status", "--as-of", now)["status"]
    return {r["service"]: (r["status"], r["cause"]) for r in rows}


def test_status_is_propagated_along_depends_on(status_repo: Path) -> None:
    # SVC-0001: INC-0060's outage (major, no end) is under way.
    # SVC-0002 depends on SVC-0001: degraded. SVC-0003 depends on SVC-0002: degraded too, the
    # cause being the outage two steps down.
    # SVC-0004: MW-0001 (Sundays 02:00-04:00 Berlin) is under way.
    # SVC-0005: INC-0061 is open, records no outage, impact medium: degraded.
    # SVC-0006 depends on SVC-0004, which is in maintenance, not in an outage; INC-0062's outage
    # ended when it was resolved, INC-0063's outage is over: operational. SVC-0007 is retired.
    assert states(status_repo, NOW) == {
        "SVC-0001": ("major_outage", "INC-0060"),
        "SVC-0002": ("degraded", "SVC-0001 (major_outage)"),
        "SVC-0003": ("degraded", "SVC-0001 (major_outage)"),
        "SVC-0004": ("under_maintenance", "MW-0001"),
        "SVC-0005": ("degraded", "INC-0061"),
        "SVC-0006": ("operational", None),
    }


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-07-05T00:30:00Z", "under_maintenance"),  # 02:30 CEST: inside 02:00-04:00 local
    ("2026-07-05T02:30:00Z", "operational"),  # 04:30 CEST, though 02:30 UTC is inside 01:00-03:00 UTC
])
def test_weekly_window_keeps_its_local_time_in_summer(status_repo: Path, now: str, expected: str) -> None:
    assert states(status_repo, now)["SVC-0004"][0] == expected


def test_upcoming_maintenance(status_repo: Path) -> None:
    # Next 30 days from 22 November 01:30 UTC: 22 November (under way), 29 November, 6, 13 and
    # 20 December, each 02:00-04:00 CET = 01:00-03:00 UTC.
    rows = report(status_repo, "status", "--as-of", NOW)["maintenance-upcoming"]
    assert [(r["start"][:16], r["under_way"]) for r in rows] == [
        ("2026-11-22T01:00", True), ("2026-11-29T01:00", False), ("2026-12-06T01:00", False),
        ("2026-12-13T01:00", False), ("2026-12-20T01:00", False)]


def test_daily_series_covers_90_days_with_a_25_hour_day(tmp_path: Path) -> None:
    # SVC-0002 (Europe/Berlin, all day every day). 25 October 2026 has 25 hours = 1500 minutes;
    # INC-0010 is down 180 of them: 1 - 180/1500 = 0.88 -> 88 %. The series ends on the day of
    # --as-of (1 November 00:00 Berlin, nothing measured yet) and starts 89 days earlier.
    root = scenario(tmp_path, "dst-berlin")
    rows = report(root, "availability-daily", "--as-of", "2026-11-01T00:00:00+01:00")["availability-daily"]
    assert len(rows) == 90 and rows[0]["date"] == "2026-08-04" and rows[-1]["date"] == "2026-11-01"
    day = row(rows, date="2026-10-25")
    assert (day["service_minutes"], day["downtime_minutes"], day["availability"], day["worst"]) == (
        1500, 180, 88, "major_outage")
    assert row(rows, date="2026-10-26")["availability"] == 100
    assert rows[-1]["availability"] is None
