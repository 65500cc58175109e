"""Maintenance windows in the calendar: recurrences expanded in the window's own time zone,
wall-clock start times kept and exact durations kept across daylight-saving changes (RFC 5545),
and edges that touch but do not overlap."""

from __future__ import annotations

from pathlib import Path

from handmade import calendar_json, diagnostics, handmade, window
from support import run

WEEKLY_SUNDAY = {"frequency": "weekly", "days": ["sun"]}


def spans(events: list[dict]) -> list[tuple[str, str, str]]:
    return [(e["uid"], e["start"], e["end"]) for e in events]


def test_weekly_berlin_window_keeps_start_and_length_across_spring_forward(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"MW-0001": window("2026-03-22T02:00:00+01:00", "2026-03-22T04:00:00+01:00",
                                                 timezone="Europe/Berlin", recurrence=WEEKLY_SUNDAY)})
    events = calendar_json(root, "--from", "2026-03-20", "--to", "2026-04-10")
    assert spans(events) == [
        ("MW-0001-20260322@opsbook", "2026-03-22T01:00:00Z", "2026-03-22T03:00:00Z"),  # CET, +01:00
        # 02:00 does not exist on the day the clocks go forward: read as 03:00 CEST (RFC 5545),
        # and the window lasts its 2 hours: 03:00-05:00 CEST
        ("MW-0001-20260329@opsbook", "2026-03-29T01:00:00Z", "2026-03-29T03:00:00Z"),
        ("MW-0001-20260405@opsbook", "2026-04-05T00:00:00Z", "2026-04-05T02:00:00Z"),  # CEST, +02:00
    ]
    text = run("calendar", "--root", str(root), "--from", "2026-03-20", "--to", "2026-04-10",
               "--timezone", "Europe/Berlin").stdout
    assert [line.split()[0] for line in text.splitlines() if "MW-0001" in line] == [
        "02:00-04:00", "03:00-05:00", "02:00-04:00"]


def test_weekly_berlin_window_across_fall_back(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"MW-0001": window("2026-10-18T02:00:00+02:00", "2026-10-18T04:00:00+02:00",
                                                 timezone="Europe/Berlin", recurrence=WEEKLY_SUNDAY)})
    assert spans(calendar_json(root, "--from", "2026-10-18", "--to", "2026-11-01")) == [
        ("MW-0001-20261018@opsbook", "2026-10-18T00:00:00Z", "2026-10-18T02:00:00Z"),
        # 02:00 happens twice; the first one (summer time) starts it, and 2 hours later it ends:
        # at 03:00 winter time
        ("MW-0001-20261025@opsbook", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"),
        ("MW-0001-20261101@opsbook", "2026-11-01T01:00:00Z", "2026-11-01T03:00:00Z"),
    ]


def test_new_york_window_and_fixed_offset_without_zone(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "MW-0001": window("2026-03-01T23:00:00-05:00", "2026-03-02T01:00:00-05:00",
                          timezone="America/New_York", recurrence={"frequency": "weekly"}),
        # no zone: recurrences keep the written offset, so the UTC time never moves
        "MW-0002": window("2026-03-01T23:00:00-05:00", "2026-03-02T01:00:00-05:00",
                          recurrence={"frequency": "weekly"}),
    })
    events = calendar_json(root, "--from", "2026-03-09", "--to", "2026-03-09")
    assert spans(events) == [
        ("MW-0001-20260308@opsbook", "2026-03-09T03:00:00Z", "2026-03-09T05:00:00Z"),
        ("MW-0002-20260308@opsbook", "2026-03-09T04:00:00Z", "2026-03-09T06:00:00Z"),
    ]


def test_count_until_interval_days_and_monthly(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "MW-0001": window("2026-01-05T22:00:00Z", "2026-01-05T23:00:00Z", timezone="UTC",
                          recurrence={"frequency": "weekly", "interval": 2, "days": ["mon", "thu"], "count": 4}),
        "MW-0002": window("2026-01-31T22:00:00Z", "2026-01-31T23:00:00Z", timezone="UTC",
                          recurrence={"frequency": "monthly", "until": "2026-06-30"}),
        "MW-0003": window("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", timezone="UTC",
                          recurrence={"frequency": "daily", "interval": 10, "until": "2026-01-21"}),
    })
    by_window: dict[str, list[str]] = {}
    for event in calendar_json(root, "--from", "2026-01-01", "--to", "2026-12-31"):
        by_window.setdefault(event["id"], []).append(event["start"][:10])
    assert by_window == {
        "MW-0001": ["2026-01-05", "2026-01-08", "2026-01-19", "2026-01-22"],
        "MW-0002": ["2026-01-31", "2026-03-31", "2026-05-31"],  # months without a 31st are skipped
        "MW-0003": ["2026-01-01", "2026-01-11", "2026-01-21"],
    }


def test_period_edges_are_half_open(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "MW-0001": window("2026-05-01T22:00:00Z", "2026-05-02T00:00:00Z"),  # ends as the period starts
        "MW-0002": window("2026-05-02T23:00:00Z", "2026-05-03T00:00:00Z"),  # inside, ends at its end
        "MW-0003": window("2026-05-03T00:00:00Z", "2026-05-03T02:00:00Z"),  # starts as the period ends
    })
    events = calendar_json(root, "--from", "2026-05-02T00:00:00Z", "--to", "2026-05-03T00:00:00Z")
    assert [e["id"] for e in events] == ["MW-0002"]
    assert [e["id"] for e in calendar_json(root, "--from", "2026-05-02", "--to", "2026-05-02")] == ["MW-0002"]


def test_unknown_time_zone_is_reported_and_left_out(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"MW-0001": window("2026-05-01T22:00:00Z", "2026-05-01T23:00:00Z",
                                                 timezone="Europe/Atlantis")})
    assert diagnostics(root) == [
        ("records/maintenance/MW-0001.yaml:7:11: error: unknown time zone 'Europe/Atlantis'; "
        "use an IANA name such as Europe/Berlin or UTC [timezone-unknown]")]
    assert calendar_json(root, "--from", "2026-05-01", "--to", "2026-05-02") == []


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    root = handmade(tmp_path, {})
    for args in (["--from", "May 1"], ["--timezone", "Mars/Base"], ["--from", "2026-05-02", "--to", "2026-05-01"],
                 ["--uid-domain", "a b"], ["--service", "SVC-0404"]):
        result = run("calendar", "--root", str(root), *args)
        assert result.exit_code == 2, args
