"""MTTA and MTTR per service, priority and month; the incident trend; CSAT.

In availability-utc (wall-clock minutes):
  incident  priority  month    MTTA = ack - detected   MTTR = resolved - started
  INC-0001  P1        2026-01  23:15 - 23:05 = 10      01:00 - 23:00 = 120 (across midnight)
  INC-0002  P2        2026-02  10:40 - 10:10 = 30      11:30 - 10:00 = 90
  INC-0003  P2        2026-04  02:20 - 02:00 = 20      04:00 - 02:00 = 120
  INC-0004  P4        2026-04  09:00 - 08:00 = 60      13:00 - 08:00 = 300
  INC-0005  P2        2026-04  22:15 - 22:00 = 15      still open: no MTTR
p90 is the nearest-rank percentile: the ceil(0.9 n)-th smallest value.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kpis_support import report, row, scenario

AS_OF = ("--as-of", "2026-05-01T00:00:00Z", "--to", "2026-04-30")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return scenario(tmp_path, "availability-utc")


def times(line: dict) -> tuple:
    return (line["mtta_mean"], line["mtta_median"], line["mtta_p90"],
            line["mttr_mean"], line["mttr_median"], line["mttr_p90"])


def test_overall_means_medians_and_p90(shop: Path) -> None:
    # MTTA [10, 15, 20, 30, 60]: mean 135/5 = 27, median 20, p90 = 5th of 5 = 60.
    # MTTR [90, 120, 120, 300]: mean 630/4 = 157.5, median (120+120)/2 = 120, p90 = 4th of 4 = 300.
    tables = report(shop, "incidents", *AS_OF)
    everything = row(tables["mttr-service"], service="all")
    assert (everything["incidents"], everything["open"], everything["resolved"]) == (5, 1, 4)
    assert times(everything) == (27, 20, 60, 157.5, 120, 300)


def test_per_priority(shop: Path) -> None:
    # P2: MTTA [15, 20, 30] mean 65/3 = 21.67 -> 21.7, median 20, p90 = 3rd of 3 = 30;
    #     MTTR [90, 120] (INC-0005 open) mean 105, median 105, p90 = 2nd of 2 = 120.
    rows = report(shop, "incidents", *AS_OF)["mttr-priority"]
    assert times(row(rows, priority="P2")) == (21.7, 20, 30, 105, 105, 120)
    assert times(row(rows, priority="P1")) == (10, 10, 10, 120, 120, 120)


def test_per_month_by_start_of_impact(shop: Path) -> None:
    # INC-0001 started 31 January, though resolved in February: it is a January incident.
    # April: MTTA [15, 20, 60] mean 95/3 = 31.67 -> 31.7, median 20, p90 60; MTTR [120, 300]
    # mean 210, median 210, p90 300. March has no incident, so no row.
    rows = report(shop, "incidents", *AS_OF)["mttr-month"]
    assert [r["month"] for r in rows] == ["2026-01", "2026-02", "2026-04", "all"]
    assert times(row(rows, month="2026-01")) == (10, 10, 10, 120, 120, 120)
    assert times(row(rows, month="2026-04")) == (31.7, 20, 60, 210, 210, 300)


def test_daylight_saving_change_in_mttr(tmp_path: Path) -> None:
    # INC-0010: started 01:30+02:00 (23:30Z), acknowledged 02:10+01:00 (01:10Z): MTTA 100;
    # resolved 03:30+01:00 (02:30Z): MTTR 180, although the wall clock moved only two hours.
    root = scenario(tmp_path, "dst-berlin")
    everything = row(report(root, "incidents", "--as-of", "2026-11-01T00:00:00Z")["mttr-service"],
                     service="all")
    assert times(everything) == (100, 100, 100, 180, 180, 180)


def test_trend_counts_zero_months(shop: Path) -> None:
    # One incident in January, one in February, none in March, three in April.
    rows = report(shop, "trend", *AS_OF)["incident-trend"]
    assert row(rows, service="SVC-0001") == {"service": "SVC-0001", "2026-01": 1, "2026-02": 1,
                                             "2026-03": 0, "2026-04": 3, "total": 5}


def test_service_filter(shop: Path) -> None:
    rows = report(shop, "trend", *AS_OF, "--service", "SVC-0009")["incident-trend"]
    assert row(rows, service="all")["total"] == 0


def test_csat(shop: Path) -> None:
    # Scores 5, 3 and 4: mean 12/3 = 4.0; satisfied (4 or 5) 2 of 3 = 66.7 %.
    everything = row(report(shop, "csat", *AS_OF)["csat"], service="all")
    assert (everything["responses"], everything["mean_score"], everything["satisfied"]) == (3, 4, 66.7)
