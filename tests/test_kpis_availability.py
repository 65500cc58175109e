"""Availability per service and month: service hours, time zones, overlaps, maintenance.

availability = 100 x (1 - downtime / service minutes), rounded to 3 decimals.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kpis_support import report, row, scenario


@pytest.fixture
def utc_shop(tmp_path: Path) -> dict:
    # SVC-0001, SLA-0001 24x7 in UTC, target 99.8; as of 1 May, April the last day reported.
    root = scenario(tmp_path, "availability-utc")
    return report(root, "availability", "--as-of", "2026-05-01T00:00:00Z", "--to", "2026-04-30")


def test_outage_across_midnight_and_month_end_is_split_between_months(utc_shop: dict) -> None:
    # INC-0001: 2026-01-31 23:00 to 02-01 01:00 UTC = 60 minutes in January, 60 in February.
    # January: 31 x 1440 = 44640 service minutes; 1 - 60/44640 = 0.998656 -> 99.866 >= 99.8.
    january = row(utc_shop["availability"], month="2026-01")
    assert (january["service_minutes"], january["downtime_minutes"]) == (44640, 60)
    assert (january["availability"], january["met"]) == (99.866, "yes")


def test_overlapping_outages_on_one_service_count_once(utc_shop: dict) -> None:
    # February: 60 (INC-0001 after midnight) + INC-0002's 10:00-11:00 and 10:30-11:30, whose
    # union 10:00-11:30 is 90 minutes (not 120) = 150. 28 x 1440 = 40320;
    # 1 - 150/40320 = 0.996280 -> 99.628 < 99.8: a breach.
    february = row(utc_shop["availability"], month="2026-02")
    assert (february["service_minutes"], february["downtime_minutes"]) == (40320, 150)
    assert (february["availability"], february["met"]) == (99.628, "no")


def test_month_without_incidents_is_fully_available(utc_shop: dict) -> None:
    # March: no outage; 31 x 1440 = 44640 minutes, 100 %.
    march = row(utc_shop["availability"], month="2026-03")
    assert (march["service_minutes"], march["downtime_minutes"], march["availability"]) == (44640, 0, 100)


def test_maintenance_overlapping_an_outage_and_a_still_open_outage(utc_shop: dict) -> None:
    # April: INC-0003 is down 02:00-04:00 on 5 April; MW-0001 (01:00-03:00) excuses 02:00-03:00,
    # so 60 count and 60 are excused. INC-0004 is only degraded: 0. INC-0005 is still open and
    # down since 30 April 22:00, so 120 minutes to the end of the period (1 May 00:00).
    # 60 + 120 = 180 of 30 x 1440 = 43200; 1 - 180/43200 = 0.995833 -> 99.583, a breach.
    april = row(utc_shop["availability"], month="2026-04")
    assert (april["downtime_minutes"], april["excused_minutes"]) == (180, 60)
    assert (april["availability"], april["met"]) == (99.583, "no")


def test_breaches_are_listed(utc_shop: dict) -> None:
    assert [r["month"] for r in utc_shop["availability-breaches"]] == ["2026-02", "2026-04"]


def test_from_and_to_select_months(tmp_path: Path) -> None:
    root = scenario(tmp_path, "availability-utc")
    tables = report(root, "availability", "--as-of", "2026-05-01T00:00:00Z",
                    "--from", "2026-03-01", "--to", "2026-03-31")
    assert [r["month"] for r in tables["availability"]] == ["2026-03"]


def test_daylight_saving_day_has_25_hours(tmp_path: Path) -> None:
    # SVC-0002 runs 00:00-24:00 every day in Europe/Berlin. October 2026 there runs from
    # 1 Oct 00:00+02:00 to 1 Nov 00:00+01:00: 31 days and one hour = 44640 + 60 = 44700 minutes.
    # INC-0010's outage 01:30+02:00 (23:30Z) to 03:30+01:00 (02:30Z) is 180 minutes, not 120.
    # 1 - 180/44700 = 0.995973 -> 99.597 (target 99.0 met).
    root = scenario(tmp_path, "dst-berlin")
    october = row(report(root, "availability", "--as-of", "2026-11-01T00:00:00+01:00")["availability"],
                  month="2026-10")
    assert (october["service_minutes"], october["downtime_minutes"], october["availability"]) == (44700, 180, 99.597)
    assert october["met"] == "yes"


def test_outage_outside_business_hours_does_not_count(tmp_path: Path) -> None:
    # SLA-0003: Monday to Friday 08:00-18:00 Europe/Berlin. June 2026 has 22 weekdays
    # (1 June is a Monday): 22 x 600 = 13200 service minutes. INC-0020 is down on a Saturday: 0.
    # INC-0021 is down Tuesday 17:00 to Wednesday 09:00 (across midnight): only 17:00-18:00 and
    # 08:00-09:00 count, 120 minutes. 1 - 120/13200 = 0.990909 -> 99.091 < 99.5: a breach.
    root = scenario(tmp_path, "business-hours")
    june = row(report(root, "availability", "--as-of", "2026-07-01T00:00:00+02:00")["availability"],
               month="2026-06")
    assert (june["service_minutes"], june["downtime_minutes"], june["availability"]) == (13200, 120, 99.091)
    assert june["met"] == "no"


def test_recurring_maintenance_is_expanded(tmp_path: Path) -> None:
    # SVC-0001 is down from 1 January to 1 June. MW-0001 repeats monthly on the 31st for a day:
    # 1440 minutes are excused in January, March and May; February and April have no 31st.
    # SVC-0002 is down all March. MW-0002 (daily, 3 times, 30 minutes) excuses 90; MW-0003
    # (every other week, Monday and Thursday, 1 hour, until 19 March) falls on 2, 5, 16 and
    # 19 March: 240. The blackout MW-0004 and the cancelled MW-0005 excuse nothing: 330 in all,
    # so 44640 - 330 = 44310 minutes of downtime.
    root = scenario(tmp_path, "recurrence")
    rows = report(root, "availability", "--as-of", "2026-06-01T00:00:00Z", "--to", "2026-05-31")["availability"]
    excused = [r["excused_minutes"] for r in rows if r["service"] == "SVC-0001"]
    assert excused == [1440, 0, 1440, 0, 1440]
    march = row(rows, service="SVC-0002", month="2026-03")
    assert (march["excused_minutes"], march["downtime_minutes"]) == (330, 44310)
    assert march["sla"] is None and march["target"] is None and march["met"] is None
