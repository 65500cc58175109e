"""`--as-of` means "as known at that moment", worked out by hand on tests/kpis/as-of.

SVC-0001 is a 24x7 service in Europe/Berlin (summer time, +02:00, all of July and August).
INC-0001: impact 10:00, detected and opened 10:05, acknowledged 10:20, on hold 11:00-12:00,
resolved 14:00 on Friday 31 July, closed 3 August; major outage 10:00-14:00.
INC-0002: impact 00:20, opened 00:30, acknowledged 00:40, resolved 02:20 on 1 August (Berlin;
still 31 July in UTC: 22:30Z); outage 00:20-01:20; caused by CHG-0001.
CHG-0001: approved 28 July, implemented 31 July 22:00-22:40, outcome successful.
CHG-0002: approved 5 August (nothing is known of it before), implemented 10 August.

As of 31 July 12:30 (Berlin):
  INC-0001 is open (in progress since 12:00): MTTA 15, no MTTR.
  July so far: 30 days + 12 h 30 = 43,950 service minutes; down 10:00-12:30 = 150 minutes;
  availability = 100 x (1 - 150 / 43,950) = 99.6587 -> 99.659 %, below the 99.9 % target.
  SLA clocks from opened_at 10:05: acknowledge 15 (met, target 30); resolve 145 - 60 on hold
  = 85, still running. Status: major outage since 10:00 (08:00Z). No change implemented yet.
As of the day 2026-07-31 (its end in Berlin, 21:59:59Z):
  INC-0001 resolved: MTTR 240 wall-clock, 240 - 60 on hold = 180 excluding on-hold time.
  July: 31 x 1,440 = 44,640 minutes, 240 down: 100 x (1 - 240 / 44,640) = 99.4624 -> 99.462 %.
  INC-0002 (1 August in Berlin) has not happened: 1 incident, no August row.
  CHG-0001 implemented and (as known then) successful: 1 implemented, 1 successful, 0 %.
  Had the day ended in UTC instead (2026-07-31T23:59:59Z), INC-0002 would count, in August.
As of 2026-08-31:
  MTTA (15 + 10) / 2 = 12.5; MTTR (240 + 120) / 2 = 180; excluding on-hold (180 + 120) / 2 = 150.
  August: 44,640 minutes, 60 down: 100 x (1 - 60 / 44,640) = 99.8656 -> 99.866 %.
  CHG-0001 caused INC-0002, so it failed: 2 implemented, 1 successful, failure rate 50 %.
PRJ-0001: baseline 1-30 September (N = 30), BAC 30,000; T1 20 days from 1 September, then T2
5 days: 25 task-days. Reports on 15 September (40 %, 12,000) and 15 October (90 %, 29,000).
  As of 2026-08-25 (before its start): planning (gate of 20 August), PV = EV = AC = 0.
  As of 2026-09-15: AT = 15: PV = 30,000 x 15 / 30 = 15,000; EV = 40 % = 12,000; AC 12,000;
  SPI 0.8, CPI 1; PV phased = 30,000 x 15 / 25 = 18,000 (T1's first 15 days), SPI phased 0.67.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kpis_support import report, row, scenario
from support import run

NOON = "2026-07-31T12:30:00+02:00"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario(tmp_path_factory.mktemp("as-of"), "as-of")


def test_a_resolution_after_the_as_of_time_has_not_happened(repo: Path) -> None:
    tables = report(repo, "incidents", "--as-of", NOON)
    everything = row(tables["mttr-service"], service="all")
    assert (everything["incidents"], everything["open"], everything["mtta_mean"]) == (1, 1, 15)
    assert (everything["resolved"], everything["mttr_mean"], everything["mttr_active_mean"]) == (0, None, None)
    month = row(report(repo, "availability", "--as-of", NOON)["availability"], month="2026-07")
    assert (month["service_minutes"], month["downtime_minutes"], month["availability"], month["met"]) == (
        43950, 150, 99.659, "no")
    clock = row(report(repo, "sla", "--as-of", NOON)["sla-incidents"], incident="INC-0001")
    assert (clock["acknowledge_minutes"], clock["acknowledge"]) == (15, "met")
    assert (clock["resolve_minutes"], clock["resolve"], clock["paused_minutes"]) == (85, "running", 60)
    state = row(report(repo, "status", "--as-of", NOON)["status"], service="SVC-0001")
    assert (state["status"], state["cause"], state["since"]) == ("major_outage", "INC-0001",
                                                                  "2026-07-31T08:00:00+00:00")
    assert row(report(repo, "changes", "--as-of", NOON)["changes"], type="all")["implemented"] == 0


def test_a_day_ends_in_the_services_zone(repo: Path) -> None:
    everything = row(report(repo, "incidents", "--as-of", "2026-07-31")["mttr-service"], service="all")
    assert (everything["incidents"], everything["open"], everything["resolved"]) == (1, 0, 1)
    assert (everything["mttr_mean"], everything["mttr_active_mean"]) == (240, 180)
    months = report(repo, "availability", "--as-of", "2026-07-31")["availability"]
    assert [(m["month"], m["service_minutes"], m["downtime_minutes"], m["availability"]) for m in months] == [
        ("2026-07", 44640, 240, 99.462)]
    assert report(repo, "trend", "--as-of", "2026-07-31", "--format", "json")["incident-trend"][0] == {
        "service": "SVC-0001", "2026-07": 1, "total": 1}
    # The same day ending in UTC reaches 1 August in Berlin: INC-0002 and an August row appear.
    utc = report(repo, "availability", "--as-of", "2026-07-31T23:59:59Z")["availability"]
    assert [m["month"] for m in utc] == ["2026-07", "2026-08"]


def test_a_change_opened_after_the_as_of_day_does_not_count(repo: Path) -> None:
    known = row(report(repo, "changes", "--as-of", "2026-07-31")["changes"], type="all")
    assert (known["implemented"], known["successful"], known["failure_rate"]) == (1, 1, 0)
    later = report(repo, "changes", "--as-of", "2026-08-31")
    everything = row(later["changes"], type="all")
    assert (everything["implemented"], everything["successful"], everything["caused_incident"]) == (2, 1, 1)
    assert (everything["failure_rate"], everything["success_rate"]) == (50, 50)
    assert [c["change"] for c in later["changes-failed"]] == ["CHG-0001"]


def test_a_month_later_everything_counts(repo: Path) -> None:
    everything = row(report(repo, "incidents", "--as-of", "2026-08-31")["mttr-service"], service="all")
    assert (everything["incidents"], everything["mtta_mean"], everything["mttr_mean"],
            everything["mttr_active_mean"]) == (2, 12.5, 180, 150)
    august = row(report(repo, "availability", "--as-of", "2026-08-31")["availability"], month="2026-08")
    assert (august["service_minutes"], august["downtime_minutes"], august["availability"]) == (44640, 60, 99.866)


def test_a_project_before_its_start_has_earned_and_spent_nothing(repo: Path) -> None:
    before = row(report(repo, "projects", "--as-of", "2026-08-25")["projects"], project="PRJ-0001")
    assert (before["status"], before["PV"], before["EV"], before["AC"], before["RAG"]) == (
        "planning", 0, 0, 0, None)
    during = row(report(repo, "projects", "--as-of", "2026-09-15")["projects"], project="PRJ-0001")
    assert (during["status"], during["RAG"], during["complete %"]) == ("execution", "amber", 40)
    assert (during["PV"], during["EV"], during["AC"], during["SPI"], during["CPI"]) == (15000, 12000, 12000, 0.8, 1)
    assert (during["PV phased"], during["SPI phased"]) == (18000, 0.67)


def test_the_environment_sets_now_for_every_command(repo: Path) -> None:
    env = {"OPSBOOK_NOW": "2026-07-31"}
    result = run("report", "incidents", "--root", str(repo), "--format", "csv", env=env)
    assert "all,1,0,1,15,15,15,1,240,240,240,180,180,180" in result.stdout
    # --as-of wins over the environment.
    result = run("report", "incidents", "--root", str(repo), "--format", "csv", "--as-of", NOON, env=env)
    assert "all,1,1,1,15,15,15,0" in result.stdout
    bad = run("report", "--root", str(repo), env={"OPSBOOK_NOW": "tomorrow"})
    assert bad.exit_code == 2 and "OPSBOOK_NOW" in bad.output


def test_validation_uses_the_same_moment(repo: Path) -> None:
    # As of noon on 31 July, INC-0001's resolution (14:00) and closure (3 August) lie ahead.
    result = run("validate", "--root", str(repo), "--as-of", NOON)
    assert result.exit_code == 1
    future = [line for line in result.stdout.splitlines()
              if line.endswith("[time-future]") and "INC-0001" in line]
    assert future == [
        "records/incidents/INC-0001.yaml:12:14: error: resolved_at (2026-07-31T14:00:00+02:00) lies in the future [time-future]",
        "records/incidents/INC-0001.yaml:13:12: error: closed_at (2026-08-03T09:00:00+02:00) lies in the future [time-future]",
    ]
    assert run("validate", "--root", str(repo), "--as-of", "2026-12-01").exit_code == 0
    assert run("validate", "--root", str(repo), env={"OPSBOOK_NOW": NOON}).exit_code == 1
    assert run("validate", "--root", str(repo), "--as-of", "soon").exit_code == 2
