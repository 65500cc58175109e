"""Changes against maintenance windows, blackouts and freezes; emergency changes are let
through and flagged; severities come from [tool.opsbook.conflicts]."""

from __future__ import annotations

from pathlib import Path

from handmade import asset, calendar_json, change, diagnostics, handmade, service, window
from support import run

SUNDAYS = {"frequency": "weekly", "days": ["sun"]}
BERLIN_SUNDAY = ("2026-03-22T02:00:00+01:00", "2026-03-22T04:00:00+01:00")


def guarded(tmp_path: Path, *changes: str, settings: str = "", **extra: str) -> Path:
    """SVC-0001 requires a window (Sundays 02:00-04:00 Berlin); AST-0001 supports it."""
    records = {
        "SVC-0001": service("Payments", requires_maintenance_window=True),
        "AST-0001": asset("payments db", services=["SVC-0001"]),
        "AST-0002": asset("payments app", runs_on="AST-0001"),
        "MW-0001": window(*BERLIN_SUNDAY, timezone="Europe/Berlin", recurrence=SUNDAYS, services=["SVC-0001"]),
    }
    records.update({f"CHG-{n:04d}": body for n, body in enumerate(changes, start=1)})
    records.update(extra)
    return handmade(tmp_path, records, settings)


def test_inside_a_window_across_daylight_saving_is_fine(tmp_path: Path) -> None:
    root = guarded(tmp_path,
                   change("2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00", assets=["AST-0001"]),
                   change("2026-04-05T02:00:00+02:00", "2026-04-05T04:00:00+02:00", services=["SVC-0001"]))
    assert diagnostics(root) == []


def test_outside_every_window_names_the_service_and_its_line(tmp_path: Path) -> None:
    # 02:00 winter time on the day summer time begins is an hour too early: the window is 03:00-04:00 CEST
    root = guarded(tmp_path, change("2026-03-29T01:00:00+01:00", "2026-03-29T03:30:00+02:00", assets=["AST-0001"]))
    assert diagnostics(root) == [
        ("records/changes/CHG-0001.yaml:5:16: error: CHG-0001 (2026-03-29 00:00-01:30 UTC) changes SVC-0001 "
        "(via AST-0001 -services-> SVC-0001) outside its maintenance windows (MW-0001); SVC-0001 requires one "
        "(records/services/SVC-0001.yaml:4) [change-outside-window]")]


def test_what_can_break_the_service_needs_its_window_and_nothing_else(tmp_path: Path) -> None:
    root = guarded(tmp_path,
                   change("2026-03-25T12:00:00Z", "2026-03-25T13:00:00Z", assets=["AST-0003"]),
                   change("2026-03-25T12:00:00Z", "2026-03-25T13:00:00Z", assets=["AST-0002"]),
                   **{"AST-0001": asset("payments db", hosted_on="AST-0003", services=["SVC-0001"]),
                      "AST-0003": asset("vm host")})
    # the host below the database can break payments; the application on top of it cannot
    assert diagnostics(root, "change-outside-window") == [
        ("records/changes/CHG-0001.yaml:5:16: error: CHG-0001 (2026-03-25 12:00-13:00 UTC) changes SVC-0001 "
        "(via AST-0003 <-hosted_on- AST-0001 -services-> SVC-0001) outside its maintenance windows (MW-0001); "
        "SVC-0001 requires one (records/services/SVC-0001.yaml:4) [change-outside-window]")]


def test_a_service_without_any_window(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "SVC-0001": service("Payments", requires_maintenance_window=True),
        "CHG-0001": change("2026-03-25T12:00:00Z", "2026-03-25T13:00:00Z", services=["SVC-0001"]),
    })
    assert diagnostics(root) == [
        ("records/changes/CHG-0001.yaml:5:16: error: CHG-0001 (2026-03-25 12:00-13:00 UTC) changes SVC-0001 "
        "outside its maintenance windows (none); SVC-0001 requires one (records/services/SVC-0001.yaml:4) "
        "[change-outside-window]")]


def test_back_to_back_windows_cover_a_change_spanning_both(tmp_path: Path) -> None:
    root = guarded(tmp_path, change("2026-03-25T22:30:00Z", "2026-03-26T00:30:00Z", services=["SVC-0001"]),
                   **{"MW-0002": window("2026-03-25T22:00:00Z", "2026-03-25T23:00:00Z", services=["SVC-0001"]),
                      "MW-0003": window("2026-03-25T23:00:00Z", "2026-03-26T01:00:00Z", services=["SVC-0001"])})
    assert diagnostics(root) == []


def test_blackout_and_freeze(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "SVC-0001": service("Shop"),
        "AST-0001": asset("shop app", services=["SVC-0001"]),
        "AST-0002": asset("office printer"),
        "MW-0001": window("2026-11-27T00:00:00Z", "2026-11-30T00:00:00Z", type="blackout", services=["SVC-0001"]),
        "MW-0002": window("2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z", type="freeze"),  # applies to all
        "CHG-0001": change("2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z", assets=["AST-0001"]),
        "CHG-0002": change("2026-11-28T10:00:00Z", "2026-11-28T11:00:00Z", assets=["AST-0002"]),
        "CHG-0003": change("2026-12-22T10:00:00Z", "2026-12-22T11:00:00Z", assets=["AST-0002"]),
        "CHG-0004": change("2026-12-22T10:00:00Z", "2026-12-22T11:00:00Z", type="emergency", services=["SVC-0001"]),
        "CHG-0005": change("2026-11-30T00:00:00Z", "2026-11-30T01:00:00Z", assets=["AST-0001"]),  # edge
    })
    assert diagnostics(root) == [
        ("records/changes/CHG-0001.yaml:5:16: error: CHG-0001 (2026-11-28 10:00-11:00 UTC) falls in blackout "
        "MW-0001 (records/maintenance/MW-0001.yaml:5, 2026-11-27 00:00 to 2026-11-30 00:00 UTC) on SVC-0001 "
        "(via AST-0001 -services-> SVC-0001) [change-in-blackout]"),
        ("records/changes/CHG-0003.yaml:5:16: error: CHG-0003 (2026-12-22 10:00-11:00 UTC) falls in freeze "
        "MW-0002 (records/maintenance/MW-0002.yaml:5, 2026-12-20 00:00 to 2027-01-04 00:00 UTC) on all services "
        "[change-in-freeze]"),
        ("records/changes/CHG-0004.yaml:5:16: warning: emergency change let through: CHG-0004 (2026-12-22 "
        "10:00-11:00 UTC) falls in freeze MW-0002 (records/maintenance/MW-0002.yaml:5, 2026-12-20 00:00 to "
        "2027-01-04 00:00 UTC) on all services [change-emergency-exception]"),
    ]


def test_recurring_blackout_in_its_own_time_zone(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "SVC-0001": service("Payroll"),
        # payroll runs: the first of every month, 06:00-18:00 New York time
        "MW-0001": window("2026-01-01T06:00:00-05:00", "2026-01-01T18:00:00-05:00", type="blackout",
                          timezone="America/New_York", recurrence={"frequency": "monthly"}, services=["SVC-0001"]),
        "CHG-0001": change("2026-07-01T10:30:00Z", "2026-07-01T11:00:00Z", services=["SVC-0001"]),  # 06:30 EDT
        "CHG-0002": change("2026-07-01T09:30:00Z", "2026-07-01T10:00:00Z", services=["SVC-0001"]),  # 05:30 EDT
    })
    assert [line.split(": ")[0] for line in diagnostics(root)] == ["records/changes/CHG-0001.yaml:5:16"]


def test_severities_are_configurable(tmp_path: Path) -> None:
    overlapping = (change("2026-03-25T12:00:00Z", "2026-03-25T13:00:00Z", services=["SVC-0001"]),
                   change("2026-03-25T12:30:00Z", "2026-03-25T13:30:00Z", services=["SVC-0001"]))
    settings = '[tool.opsbook.conflicts]\nchange-outside-window = "off"\nchange-overlap = "warning"\n'
    root = guarded(tmp_path, *overlapping, settings=settings)
    found = diagnostics(root)
    assert [line.split(": ")[1] + " " + line.split(" [")[-1] for line in found] == [
        "warning change-overlap]", "warning change-overlap]"]
    assert run("validate", "--root", str(root)).exit_code == 0


def test_bad_severity_settings_are_configuration_errors(tmp_path: Path) -> None:
    for settings, message in (('[tool.opsbook.conflicts]\nchange-overlap = "fatal"\n', "must be one of"),
                              ('[tool.opsbook.conflicts]\nschema-enum = "off"\n', "unknown conflict code")):
        root = handmade(tmp_path / str(len(message)), {}, settings)
        result = run("validate", "--root", str(root))
        assert result.exit_code == 2 and message in result.stderr


def test_calendar_shows_conflicts_next_to_the_change(tmp_path: Path) -> None:
    root = guarded(tmp_path, change("2026-03-25T12:00:00Z", "2026-03-25T13:00:00Z", services=["SVC-0001"]))
    text = run("calendar", "--root", str(root), "--from", "2026-03-25", "--to", "2026-03-25").stdout
    assert "      ! error [change-outside-window]: CHG-0001 (2026-03-25 12:00-13:00 UTC) changes SVC-0001" in text
    events = calendar_json(root, "--from", "2026-03-25", "--to", "2026-03-25")
    assert [(e["id"], c["code"], c["severity"], c["other"]) for e in events for c in e["conflicts"]] == [
        ("CHG-0001", "change-outside-window", "error", "SVC-0001")]
