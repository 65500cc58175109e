"""`opsbook transition`, `set` and `note` through the CLI on a copy of the example records:
what they write, and that a refused edit leaves the file byte for byte as it was."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result
from opsbook.cli import cli
from opsbook.strict_yaml import parse

INCIDENT = "records/incidents/INC-0023.yaml"  # in_progress in the example organisation
AT = "2026-11-20T10:00:00+01:00"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_resolve_stamps_the_time_adds_the_timeline_entry_and_sets_fields(example: Path) -> None:
    result = invoke("transition", "INC-0023", "resolved", "--at", AT, "--note", "Hotfix shipped", "--public",
                    "--author", "Ahmed Haddad", "--set", "resolution.code=fixed", "--set", "resolution.notes=Hotfix")
    assert result.exit_code == 0, result.output
    data = parse((example / INCIDENT).read_text("utf-8"))
    assert data["status"] == "resolved" and data["resolved_at"] == AT
    assert data["timeline"][-1] == {"at": AT, "status": "resolved", "note": "Hotfix shipped",
                                    "author": "Ahmed Haddad", "public": True}
    assert data["resolution"] == {"code": "fixed", "notes": "Hotfix"}


def test_without_at_the_moment_is_now_with_an_offset(example: Path) -> None:
    result = invoke("transition", "INC-0023", "on_hold", "--note", "Waiting for DHL")
    assert result.exit_code == 0, result.output
    entry = parse((example / INCIDENT).read_text("utf-8"))["timeline"][-1]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)", entry["at"])


def test_dry_run_prints_the_diff_and_writes_nothing(example: Path) -> None:
    before = (example / INCIDENT).read_bytes()
    result = invoke("transition", "INC-0023", "on_hold", "--at", AT, "--dry-run")
    assert result.exit_code == 0
    assert f"--- a/{INCIDENT}" in result.output and "-status: in_progress" in result.output
    assert "+status: on_hold" in result.output
    assert (example / INCIDENT).read_bytes() == before


def test_a_missing_required_field_is_named_and_nothing_is_written(example: Path) -> None:
    before = (example / INCIDENT).read_bytes()
    result = invoke("transition", "INC-0023", "resolved", "--at", AT)
    assert result.exit_code == 1
    assert "missing required field 'resolution' when status is resolved or closed [schema-required]" in result.output
    assert (example / INCIDENT).read_bytes() == before
    assert sorted(p.name for p in (example / "records/incidents").iterdir() if p.name.startswith(".")) == []


def test_unknown_states_ids_and_times_are_clear_errors(example: Path) -> None:
    before = (example / INCIDENT).read_bytes()
    unknown = invoke("transition", "INC-0023", "fixed")
    assert unknown.exit_code == 1 and "'fixed' is not a state of incidents; one of: new, in_progress" in unknown.output
    assert invoke("transition", "INC-9999", "resolved").exit_code == 2
    no_offset = invoke("transition", "INC-0023", "on_hold", "--at", "2026-11-20 10:00")
    assert no_offset.exit_code == 2 and "UTC offset" in no_offset.output
    assert (example / INCIDENT).read_bytes() == before


def test_set_reaches_nested_fields_and_appends_to_lists(example: Path) -> None:
    result = invoke("set", "INC-0023", "assets+=AST-0001", "severity=sev2", "csat.score=4")
    assert result.exit_code == 0, result.output
    text = (example / INCIDENT).read_text("utf-8")
    data = parse(text)
    assert data["assets"] == ["AST-0016", "AST-0001"] and data["severity"] == "sev2"
    assert data["csat"] == {"score": 4}
    assert "  - AST-0016\n  - AST-0001\n" in text


def test_set_refuses_invalid_values_and_the_lifecycle_field(example: Path) -> None:
    before = (example / INCIDENT).read_bytes()
    invalid = invoke("set", "INC-0023", "impact=enormous")
    assert invalid.exit_code == 1 and "[schema-enum]" in invalid.output
    status = invoke("set", "INC-0023", "status=closed")
    assert status.exit_code == 1 and "use `opsbook transition INC-0023 STATE`" in status.output
    not_a_list = invoke("set", "INC-0023", "title+=x")
    assert not_a_list.exit_code == 1 and "title is not a list" in not_a_list.output
    assert (example / INCIDENT).read_bytes() == before


def test_note_appends_a_work_note_or_a_public_update(example: Path) -> None:
    assert invoke("note", "INC-0023", "Vendor ticket 4711", "--at", AT).exit_code == 0
    assert invoke("note", "INC-0023", "Labels print again", "--public", "--at", AT).exit_code == 0
    timeline = parse((example / INCIDENT).read_text("utf-8"))["timeline"]
    assert timeline[-2:] == [{"at": AT, "note": "Vendor ticket 4711", "public": False},
                             {"at": AT, "note": "Labels print again", "public": True}]
    problem = invoke("note", "PRB-0001", "x")
    assert problem.exit_code == 1 and "problems have no timeline" in problem.output


def test_an_illegal_move_names_the_allowed_ones(example: Path) -> None:
    closed = example / "records/incidents/INC-0001.yaml"
    before = closed.read_bytes()
    result = invoke("transition", "INC-0001", "in_progress")
    assert result.exit_code == 1
    assert "an incident cannot move from closed to in_progress; from closed it may move to: nothing" in result.output
    assert closed.read_bytes() == before
