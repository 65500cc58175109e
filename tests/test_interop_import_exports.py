"""`opsbook import csv` with the exports real instances write: one realistic sample per shipped
mapping, date formats other than ISO, activity exports with several rows per record, exports
concatenated, and lifecycle conflicts on re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from opsbook.strict_yaml import parse
from support import assemble, run

SAMPLES = Path(__file__).resolve().parent / "interop"
ZONE = ("--timezone", "Europe/Berlin")
DAY_FIRST = ("--date-format", "dd-MM-yyyy HH:mm:ss")
ACTIVITY = "servicenow_incident_activity.csv"

# sample file -> (kind, records it creates, the date format the report says it read)
EXPORTS = {
    "servicenow_incident.csv": ("incident", 6, "yyyy-MM-dd HH:mm:ss"),
    "servicenow_problem.csv": ("problem", 3, "MM/dd/yyyy hh:mm:ss a"),
    "servicenow_change.csv": ("change", 3, "dd-MM-yyyy HH:mm"),
    "servicenow_ci.csv": ("asset", 3, "yyyy-MM-dd HH:mm:ss"),
    "servicenow_request.csv": ("request", 2, "dd/MM/yyyy HH:mm:ss"),
    "servicenow_service.csv": ("service", 2, "yyyy-MM-dd HH:mm:ss"),
    "jsm_incidents.csv": ("incident", 5, "dd/MMM/yy h:mm a"),
    "jsm_requests.csv": ("request", 3, "dd/MMM/yy h:mm a"),
    "jsm_changes.csv": ("change", 2, "dd/MMM/yy h:mm a"),
    "jsm_problems.csv": ("problem", 2, "dd/MMM/yy h:mm a"),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return assemble(tmp_path / "repo", SAMPLES / "repo")


def import_csv(repo: Path, sample: str | Path, kind: str, *args: str) -> tuple[int, dict]:
    result = run("import", "csv", str(SAMPLES / sample), "--kind", kind, "--root", str(repo),
                 "--format", "json", *ZONE, *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


def actions(report: dict) -> list[str]:
    return [o["action"] for o in report["outcomes"]]


def records(repo: Path, folder: str) -> dict[str, dict]:
    return {r["external_ids"][0]["id"]: r for r in
            (parse(p.read_text("utf-8")) for p in sorted((repo / "records" / folder).glob("*.yaml")))
            if r.get("external_ids")}


def snapshot(repo: Path) -> dict[str, str]:
    return {p.relative_to(repo).as_posix(): p.read_text("utf-8") for p in (repo / "records").rglob("*.yaml")}


@pytest.mark.parametrize("sample", sorted(EXPORTS))
def test_every_mapping_imports_its_sample_validates_and_reimports_unchanged(repo: Path, sample: str) -> None:
    kind, created, formats = EXPORTS[sample]
    _, report = import_csv(repo, sample, kind)
    assert actions(report).count("created") == created
    assert report["date_formats"] == formats
    assert run("validate", "--root", str(repo)).exit_code == 0
    before = snapshot(repo)
    _, again = import_csv(repo, sample, kind)
    assert "created" not in actions(again) and "updated" not in actions(again)
    assert actions(again).count("unchanged") == created
    assert snapshot(repo) == before


def test_ambiguous_dates_are_refused_until_the_format_is_given(repo: Path) -> None:
    result = run("import", "csv", str(SAMPLES / ACTIVITY), "--kind", "incident", "--root", str(repo), *ZONE)
    assert result.exit_code == 2
    assert "the dates are ambiguous: '03-11-2026 08:12:00' reads as 'dd-MM-yyyy HH:mm:ss' and as " \
           "'MM-dd-yyyy HH:mm:ss'" in result.output
    assert "--date-format" in result.output
    assert not (repo / "records/incidents").exists()
    _, report = import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    assert records(repo, "incidents")["INC0020101"]["opened_at"] == "2026-11-03T08:12:00+01:00"  # 3 November
    assert report["date_formats"] == "dd-MM-yyyy HH:mm:ss"


def test_activity_rows_become_one_record_in_its_latest_state_with_its_timeline(repo: Path) -> None:
    code, report = import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    assert code == 0 and actions(report) == ["created"] * 3
    by_key = {o["external_id"]: o for o in report["outcomes"]}
    # The file is not in time order, and holds a second export (header repeated at line 7).
    assert (by_key["INC0020101"]["line"], by_key["INC0020101"]["earlier"]) == (8, [2, 4, 5])
    assert (by_key["INC0020103"]["line"], by_key["INC0020103"]["earlier"]) == (6, [9])
    found = records(repo, "incidents")
    invoice = found["INC0020101"]
    assert invoice["status"] == "resolved" and invoice["resolution"]["code"] == "fixed"
    assert [(e["at"], e["status"], e["author"]) for e in invoice["timeline"]] == [
        ("2026-11-03T08:12:00+01:00", "new", "hsd.agent"),
        ("2026-11-03T08:31:00+01:00", "in_progress", "ahmed.haddad"),
        ("2026-11-03T10:05:00+01:00", "on_hold", "ahmed.haddad"),
        ("2026-11-04T16:45:00+01:00", "resolved", "ahmed.haddad")]
    assert invoice["timeline"][2]["note"] == "in_progress -> on_hold (imported from servicenow)"
    assert found["INC0020103"]["status"] == "in_progress"  # its "New" row is older, though later in the file
    assert run("validate", "--root", str(repo)).exit_code == 0
    before = snapshot(repo)
    _, again = import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    assert actions(again) == ["unchanged"] * 3 and snapshot(repo) == before


def test_a_later_export_moves_forward_and_adds_the_change_to_the_timeline(repo: Path, tmp_path: Path) -> None:
    import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    later = tmp_path / "later.csv"
    header = (SAMPLES / ACTIVITY).read_text("utf-8").split("\n", 1)[0]
    later.write_text(header + '\n"INC0020103","Warehouse label printer offline","Printer L3 shows offline in the '
                     'spooler.","Warehouse Hamburg","Hardware","Phone","Resolved","3 - Low","3 - Low",'
                     '"05-11-2026 06:02:00","05-11-2026 06:20:00","05-11-2026 09:40:00","","service-desk",'
                     '"Lena Vogt","","Order Management","Solved (Permanently)","Replaced the network cable.",'
                     '"05-11-2026 09:40:00","lena.vogt"\n', "utf-8")
    code, report = import_csv(repo, later, "incident", *DAY_FIRST)
    assert code == 0 and actions(report) == ["updated"]
    printer = records(repo, "incidents")["INC0020103"]
    assert printer["status"] == "resolved"
    assert printer["timeline"][-1] == {"at": "2026-11-05T09:40:00+01:00", "status": "resolved",
                                       "note": "in_progress -> resolved (imported from servicenow)",
                                       "author": "lena.vogt"}
    assert len(printer["timeline"]) == 3


def test_an_import_never_moves_a_record_backwards(repo: Path) -> None:
    import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    before = snapshot(repo)
    # The first export of the file again: the portal incident was still new then.
    old = SAMPLES / ACTIVITY
    first_export = "\n".join(old.read_text("utf-8").split("\n")[:6]) + "\n"
    path = repo.parent / "first.csv"
    path.write_text(first_export, "utf-8")
    code, report = import_csv(repo, path, "incident", *DAY_FIRST)
    assert code == 1
    conflict = {o["external_id"]: o for o in report["outcomes"]}["INC0020101"]
    assert conflict["action"] == "conflict"
    assert conflict["reasons"] == [(
        "status: line 5 says 'on_hold' as of 2026-11-03T10:05:00+01:00, but INC-0001 is 'resolved' since "
        "2026-11-04T16:45:00+01:00 (an older state); left as it is")]
    assert {o["external_id"]: o["action"] for o in report["outcomes"]}["INC0020103"] == "unchanged"
    assert snapshot(repo) == before
    text = run("import", "csv", str(path), "--kind", "incident", "--root", str(repo), *ZONE, *DAY_FIRST).output
    assert "conflict   line 5 (INC0020101), earlier states from lines 2, 4: status: line 5 says" in text


def test_a_state_the_lifecycle_cannot_reach_is_a_conflict(repo: Path, tmp_path: Path) -> None:
    import_csv(repo, "servicenow_incident.csv", "incident")
    before = snapshot(repo)
    sample = tmp_path / "older.csv"
    text = (SAMPLES / "servicenow_incident.csv").read_text("utf-8")
    sample.write_text(text.replace('"In Progress","2 - Medium","2 - Medium"', '"New","2 - Medium","1 - High"'), "utf-8")
    code, report = import_csv(repo, sample, "incident")
    assert code == 1
    mailbox = {o["external_id"]: o for o in report["outcomes"]}["INC0010233"]
    assert (mailbox["action"], mailbox["line"]) == ("conflict", 7)
    assert mailbox["reasons"] == [(
        "status: INC-0003 is 'in_progress'; line 7 says 'new', which its lifecycle cannot reach from "
        "'in_progress' (a move backwards); left as it is")]
    assert snapshot(repo) == before  # not even the urgency: the row is refused as a whole


def test_a_date_in_another_format_skips_the_row_naming_column_and_value(repo: Path, tmp_path: Path) -> None:
    text = (SAMPLES / "servicenow_problem.csv").read_text("utf-8")
    bad = tmp_path / "problems.csv"
    bad.write_text(text.replace('"11/10/2026 12:30:00 PM","","","11/10/2026', '"2026-11-10T12:30","","","11/10/2026'),
                   "utf-8")
    code, report = import_csv(repo, bad, "problem")
    assert code == 1
    skipped = [o for o in report["outcomes"] if o["action"] == "skipped"]
    assert [(o["line"], o["reasons"]) for o in skipped] == [(4, [
        "opened_at: opened_at '2026-11-10T12:30' is not a date in the export's format (MM/dd/yyyy hh:mm:ss a)"])]


@pytest.mark.parametrize(("character", "name"), [("\u202e", "U+202E"), ("\x07", "U+0007")])
def test_a_control_or_bidi_character_skips_the_row_and_writes_nothing(repo: Path, tmp_path: Path,
                                                                       character: str, name: str) -> None:
    text = (SAMPLES / "servicenow_change.csv").read_text("utf-8")
    bad = tmp_path / "changes.csv"
    bad.write_text(text.replace("Rotate the VPN gateway", f"Rotate the {character}VPN gateway"), "utf-8")
    code, report = import_csv(repo, bad, "change")
    assert code == 1
    skipped = {o["external_id"]: o for o in report["outcomes"]}["CHG0030203"]
    assert (skipped["action"], skipped["line"]) == ("skipped", 5)
    assert skipped["reasons"] == [(f"title: short_description holds the control or bidirectional character "
                                   f"{name} at character 12, which no record may hold")]
    assert "CHG0030203" not in "".join(snapshot(repo).values())
    assert run("validate", "--root", str(repo)).exit_code == 0


@pytest.mark.parametrize(("fmt", "message"), [
    ("dd-MM-yyyy HH:mm:ss Q", "unknown letters 'Q'"),
])
def test_a_bad_date_format_is_a_usage_error(repo: Path, fmt: str, message: str) -> None:
    result = run("import", "csv", str(SAMPLES / ACTIVITY), "--kind", "incident", "--root", str(repo),
                 "--date-format", fmt)
    assert result.exit_code == 2 and message in result.output


def test_a_declared_format_that_does_not_fit_skips_rows_with_the_reason(repo: Path) -> None:
    code, report = import_csv(repo, "jsm_problems.csv", "problem", "--date-format", "yyyy-MM-dd HH:mm")
    assert code == 1 and set(actions(report)) == {"skipped"}
    assert "opened_at: Created '25/Oct/26 9:00 AM' is not a date in the export's format (yyyy-MM-dd HH:mm)" \
        in report["outcomes"][0]["reasons"][0]


def test_an_update_keeps_the_files_comments_and_layout(repo: Path, tmp_path: Path) -> None:
    pytest.importorskip("opsbook.writer", reason="comments are kept by the shared round-trip writer (issue 21)")
    import_csv(repo, ACTIVITY, "incident", *DAY_FIRST)
    path = repo / "records/incidents/INC-0003.yaml"
    edited = path.read_text("utf-8").replace("title: Warehouse label printer offline",
                                             "# Seen twice this month, see the printer's log.\n"
                                             "title: Warehouse label printer offline  # L3 in hall 2")
    path.write_text(edited, "utf-8")
    later = tmp_path / "later.csv"
    header = (SAMPLES / ACTIVITY).read_text("utf-8").split("\n", 1)[0]
    later.write_text(header + '\n"INC0020103","Warehouse label printer offline","Printer L3 shows offline in the '
                     'spooler.","Warehouse Hamburg","Hardware","Phone","On Hold","3 - Low","3 - Low",'
                     '"05-11-2026 06:02:00","05-11-2026 06:20:00","","","service-desk",'
                     '"Lena Vogt","","Order Management","","","05-11-2026 07:00:00","lena.vogt"\n', "utf-8")
    code, report = import_csv(repo, later, "incident", *DAY_FIRST)
    assert code == 0 and actions(report) == ["updated"]
    text = path.read_text("utf-8")
    assert "# Seen twice this month, see the printer's log.\ntitle: Warehouse label printer offline  # L3 in hall 2" \
        in text
    assert parse(text)["status"] == "on_hold"


def test_the_same_export_concatenated_twice_is_one_import(repo: Path, tmp_path: Path) -> None:
    text = (SAMPLES / "servicenow_incident.csv").read_text("utf-8")
    twice = tmp_path / "twice.csv"
    twice.write_text(text + text, "utf-8")  # the header again in the middle
    _, report = import_csv(repo, twice, "incident")
    assert actions(report).count("created") == 6 and not (set(actions(report)) - {"created", "skipped"})
    assert all(len(o["earlier"]) == 1 for o in report["outcomes"] if o["action"] == "created")
    assert not any("timeline" in r for r in records(repo, "incidents").values())  # no state changed
    assert run("validate", "--root", str(repo)).exit_code == 0


def test_an_external_id_claimed_by_two_records_skips_its_rows(repo: Path) -> None:
    import_csv(repo, "servicenow_problem.csv", "problem")
    first = repo / "records/problems/PRB-0001.yaml"
    (repo / "records/problems/PRB-0009.yaml").write_text(
        first.read_text("utf-8").replace("id: PRB-0001", "id: PRB-0009"), "utf-8")
    code, report = import_csv(repo, "servicenow_problem.csv", "problem")
    assert code == 1
    claimed = {o["external_id"]: o for o in report["outcomes"]}["PRB0040011"]
    assert (claimed["action"], claimed["reasons"]) == (
        "skipped", ["PRB0040011 is claimed by several records (PRB-0001, PRB-0009)"])
