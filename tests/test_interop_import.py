"""`opsbook import csv`: ServiceNow and Jira Service Management exports (tests/interop/*.csv)
into a small repository, validated, and imported again without duplicates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from opsbook.strict_yaml import parse
from support import assemble, run

SAMPLES = Path(__file__).resolve().parent / "interop"
ZONE = ("--timezone", "Europe/Berlin")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return assemble(tmp_path / "repo", SAMPLES / "repo")


def import_csv(repo: Path, sample: str, *args: str) -> tuple[int, dict]:
    result = run("import", "csv", str(SAMPLES / sample), "--kind", "incident", "--root", str(repo),
                 "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def by_external_id(report: dict) -> dict[str, dict]:
    return {o["external_id"]: o for o in report["outcomes"]}


def incidents(repo: Path) -> dict[str, dict]:
    return {p.stem: parse(p.read_text("utf-8")) for p in sorted((repo / "records/incidents").glob("*.yaml"))}


def test_servicenow_export_imports_validates_and_reimports_without_duplicates(repo: Path) -> None:
    code, report = import_csv(repo, "servicenow_incident.csv", *ZONE)
    assert code == 1  # two rows skipped
    outcomes = by_external_id(report)
    assert [o["action"] for o in report["outcomes"]].count("created") == 6
    assert outcomes["INC0010235"]["action"] == "skipped"
    assert outcomes["INC0010235"]["reasons"] == ["service: no service named 'Payroll' (business_service)"]
    assert outcomes["INC0010236"]["reasons"] == ["resolution: missing required field 'code' [schema-required]"]
    assert run("validate", "--root", str(repo)).exit_code == 0

    files = sorted((repo / "records/incidents").iterdir())
    code, again = import_csv(repo, "servicenow_incident.csv", *ZONE)
    assert code == 1
    assert sorted((repo / "records/incidents").iterdir()) == files
    assert {o["action"] for o in again["outcomes"]} == {"unchanged", "skipped"}
    assert [o["record_id"] for o in again["outcomes"] if o["action"] == "unchanged"] == \
        [o["record_id"] for o in report["outcomes"] if o["action"] == "created"]


def test_rows_become_records_with_zone_offsets_across_dst(repo: Path) -> None:
    import_csv(repo, "servicenow_incident.csv", *ZONE)
    records = {r["external_ids"][0]["id"]: r for r in incidents(repo).values()}
    portal = records["INC0010231"]
    assert portal["service"] == "SVC-0001" and portal["assets"] == ["AST-0002"]
    assert (portal["impact"], portal["urgency"], portal["status"]) == ("high", "high", "closed")
    # Summer time on the night of 24/25 October 2026, winter time from 25 October 03:00.
    assert portal["opened_at"] == "2026-10-24T22:10:00+02:00"
    assert portal["resolved_at"] == "2026-10-25T01:40:00+02:00"
    assert portal["closed_at"] == "2026-10-27T09:00:00+01:00"
    assert portal["description"].startswith('Customers report "Something went wrong" when')
    assert "\n\nFirst report by phone" in portal["description"]
    assert portal["resolution"] == {"code": "fixed", "notes": "Rolled back release 4.18.2; connection pool "
                                    "settings restored, bookings confirmed again."}
    # Spring forward: 01:50 is still winter time, 03:10 already summer time.
    latency = records["INC0010237"]
    assert (latency["opened_at"], latency["acknowledged_at"]) == ("2026-03-29T01:50:00+01:00",
                                                                  "2026-03-29T03:10:00+02:00")
    # No work_start: acknowledged when opened, as the mapping says.
    assert records["INC0010233"]["acknowledged_at"] == records["INC0010233"]["opened_at"]
    assert "assets" not in records["INC0010234"]


def test_notes_report_ambiguous_times_and_names_left_out(repo: Path) -> None:
    _, report = import_csv(repo, "servicenow_incident.csv", *ZONE)
    outcomes = by_external_id(report)
    assert outcomes["INC0010232"]["reasons"] == [
        ("resolved_at: '2026-10-25 02:30:00' happened twice in Europe/Berlin; took the first "
         "(2026-10-25T02:30:00+02:00)")]
    assert outcomes["INC0010234"]["reasons"] == ["assets: no asset named 'vpn-gw-99' (cmdb_ci); left out"]


def test_written_records_look_like_hand_written_ones(repo: Path) -> None:
    _, report = import_csv(repo, "servicenow_incident.csv", *ZONE)
    path = by_external_id(report)["INC0010231"]["path"]
    text = (repo / path).read_text("utf-8")
    lines = text.split("\n")
    assert lines[0] == "# yaml-language-server: $schema=../../schemas/incident.schema.json"
    assert lines[1:4] == ["id: INC-0001", "title: Customer portal returns HTTP 500 on checkout", "status: closed"]
    assert "description: |\n  Customers report" in text
    assert 'opened_at: "2026-10-24T22:10:00+02:00"' in text
    assert "external_ids:\n  - system: servicenow\n    id: INC0010231\n" in text


def test_a_skipped_row_writes_nothing(repo: Path) -> None:
    import_csv(repo, "servicenow_incident.csv", *ZONE)
    written = "".join(p.read_text("utf-8") for p in (repo / "records").rglob("*.yaml"))
    assert "INC0010235" not in written and "INC0010236" not in written


def test_update_changes_mapped_fields_and_keeps_the_rest(repo: Path, tmp_path: Path) -> None:
    _, report = import_csv(repo, "servicenow_incident.csv", *ZONE)
    path = repo / by_external_id(report)["INC0010233"]["path"]
    path.write_text(path.read_text("utf-8") + "users_affected: 14\nmajor: false\n", "utf-8")
    sample = tmp_path / "later.csv"
    text = (SAMPLES / "servicenow_incident.csv").read_text("utf-8")
    sample.write_text(text.replace('"In Progress","2 - Medium","2 - Medium"', '"On Hold","2 - Medium","1 - High"'),
                      "utf-8")
    result = run("import", "csv", str(sample), "--kind", "incident", "--root", str(repo), *ZONE)
    assert f"updated    {path.relative_to(repo).as_posix()} <- line 7 (INC0010233)" in result.output
    record = parse(path.read_text("utf-8"))
    assert (record["status"], record["urgency"]) == ("on_hold", "high")
    assert (record["users_affected"], record["major"]) == (14, False)
    assert len(list((repo / "records/incidents").iterdir())) == 6


def test_dry_run_reports_and_writes_nothing(repo: Path) -> None:
    result = run("import", "csv", str(SAMPLES / "servicenow_incident.csv"), "--kind", "incident",
                 "--root", str(repo), "--dry-run", *ZONE)
    assert "8 rows: 6 created, 0 updated, 0 unchanged, 2 skipped (dry run: nothing written)" in result.output
    assert not (repo / "records/incidents").exists()


def test_jsm_export_with_repeated_columns(repo: Path) -> None:
    code, report = import_csv(repo, "jsm_incidents.csv", "--source", "jsm", *ZONE)
    assert code == 1
    outcomes = by_external_id(report)
    assert outcomes["ITSM-104"]["reasons"] == [
        "missing required field 'resolution' when status is resolved or closed [schema-required]"]
    assert outcomes["ITSM-105"]["reasons"][0].startswith("status: Status 'Triage' has no mapping (known: ")
    assert run("validate", "--root", str(repo)).exit_code == 0
    records = {r["external_ids"][0]["id"]: r for r in incidents(repo).values()}
    checkout = records["ITSM-101"]
    assert checkout["title"] == 'Checkout fails with "payment declined" for all cards'
    assert checkout["tags"] == ["portal", "checkout-errors"]
    assert (checkout["opened_at"], checkout["resolved_at"], checkout["closed_at"]) == (
        "2026-10-24T22:05:00+02:00", "2026-10-25T01:15:00+02:00", "2026-10-27T09:30:00+01:00")
    assert (checkout["impact"], checkout["urgency"]) == ("high", "high")
    assert (records["ITSM-102"]["impact"], records["ITSM-102"]["status"]) == ("high", "in_progress")
    assert records["ITSM-103"]["status"] == "on_hold"
    # The first component is no service; the second one is.
    assert records["ITSM-106"]["service"] == "SVC-0002"
    assert records["ITSM-106"]["tags"] == ["email", "orders", "delay"]
    code, again = import_csv(repo, "jsm_incidents.csv", *ZONE)  # the source is guessed
    assert sorted(o["action"] for o in again["outcomes"]) == ["skipped"] * 2 + ["unchanged"] * 5


def test_both_sources_share_the_id_sequence(repo: Path) -> None:
    import_csv(repo, "servicenow_incident.csv", *ZONE)
    import_csv(repo, "jsm_incidents.csv", *ZONE)
    assert list(incidents(repo)) == [f"INC-{n:04d}" for n in range(1, 12)]
    assert run("validate", "--root", str(repo)).exit_code == 0


def test_own_mapping_file(repo: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "helpdesk.toml"
    mapping.write_text('system = "helpdesk"\nkind = "incident"\nkey = "Ticket"\n'
                       'date_formats = ["%d.%m.%Y %H:%M"]\n'
                       '[fields.title]\ncolumn = "Betreff"\n'
                       '[fields.service]\ncolumn = "Dienst"\nlookup = "service"\n'
                       '[fields.impact]\ncolumn = "Prio"\nvalues = { "hoch" = "high", "niedrig" = "low" }\n'
                       '[fields.urgency]\ncolumn = "Prio"\nvalues = { "hoch" = "high", "niedrig" = "low" }\n'
                       '[fields.opened_at]\ncolumn = "Erstellt"\ntype = "timestamp"\n', "utf-8")
    sample = tmp_path / "tickets.csv"
    sample.write_text("Ticket;Betreff;Dienst;Prio;Erstellt\n".replace(";", ",")
                      + "HD-7,Drucker im 2. OG offline,Email and Collaboration,niedrig,02.11.2026 09:15\n", "utf-8")
    result = run("import", "csv", str(sample), "--kind", "incident", "--mapping", str(mapping),
                 "--root", str(repo), *ZONE)
    assert result.exit_code == 0, result.output
    record = parse((repo / "records/incidents/INC-0001.yaml").read_text("utf-8"))
    assert record["status"] == "new"  # the lifecycle's initial state
    assert record["opened_at"] == "2026-11-02T09:15:00+01:00"
    assert record["external_ids"] == [{"system": "helpdesk", "id": "HD-7"}]


@pytest.mark.parametrize(("args", "message"), [
    (("--kind", "sla"), "no servicenow mapping for kind 'sla'"),
    (("--kind", "incident", "--timezone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
    (("--kind", "change", "--source", "jsm"), "no column 'Issue key'"),
])
def test_usage_errors_exit_2(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run("import", "csv", str(SAMPLES / "servicenow_incident.csv"), "--root", str(repo), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (repo / "records/incidents").exists()


def test_not_utf8_is_refused(repo: Path, tmp_path: Path) -> None:
    sample = tmp_path / "latin1.csv"
    shutil.copy(SAMPLES / "servicenow_incident.csv", sample)
    sample.write_bytes(sample.read_bytes().replace(b"Hamburg", "Hambürg".encode("latin-1")))
    result = run("import", "csv", str(sample), "--kind", "incident", "--root", str(repo))
    assert result.exit_code == 2 and "not UTF-8" in result.output
