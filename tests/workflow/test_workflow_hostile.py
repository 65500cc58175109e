"""Hostile pull requests against the example organisation, each a real branch against `main`:
the gate judges by the base's rules and refuses rewritten history, at file:line:col with a
non-zero exit, while legitimate edits pass."""

from __future__ import annotations

import json
from pathlib import Path

from workflow_support import Opsbook, at, commit_all, edit, git

CLOSED_INCIDENT = "records/incidents/INC-0001.yaml"
CLOSED_CHANGE = "records/changes/CHG-0002.yaml"  # normal, closed, approved by Olu Adeyemi and Dana Okafor
INCIDENT_SCHEMA = "schemas/incident.schema.json"


def check(opsbook: Opsbook, *extra: str) -> tuple[int, str]:
    result = opsbook("check", "--base", "main", *extra)
    return result.exit_code, result.output


def findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def test_a_relaxed_lifecycle_does_not_let_its_own_pull_request_reopen_a_record(example: Path, opsbook: Opsbook) -> None:
    schema = json.loads((example / INCIDENT_SCHEMA).read_text())
    lifecycle = schema["x-opsbook"]["lifecycle"]
    lifecycle["transitions"]["closed"] = ["in_progress"]
    lifecycle.pop("frozen")
    lifecycle["terminal"]["states"] = ["canceled"]
    (example / INCIDENT_SCHEMA).write_text(json.dumps(schema, indent=2))
    edit(example / CLOSED_INCIDENT, "status: closed", "status: in_progress")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{CLOSED_INCIDENT}:{at(example / CLOSED_INCIDENT, 'in_progress')}: error: an incident cannot move from "
            "closed (on main) to in_progress; from closed it may move to: nothing (final state) "
            "[lifecycle-transition]") in output
    assert f"{INCIDENT_SCHEMA}:1:1: error: governance change: {INCIDENT_SCHEMA} modified;" in output
    assert output.index("Governance changes against main") < output.index("Change set against main")


def test_moving_the_records_folder_does_not_hide_a_deletion(example: Path, opsbook: Opsbook) -> None:
    edit(example / "pyproject.toml", 'records = "records"', 'records = "data"')
    git(example, "mv", "records", "data")
    (example / "data/changes/CHG-0016.yaml").unlink()
    code, output = check(opsbook)
    assert code == 1
    assert ('records/changes/CHG-0016.yaml:1:1: error: CHG-0016 ("Upgrade WMS to 7.4.2 with session IP binding '
            'disabled", assess on main) was deleted') in output
    assert output.count("[record-deleted]") == len(list((example / "data").rglob("*.yaml"))) + 1
    assert (f"pyproject.toml:{at(example / 'pyproject.toml', '[tool.opsbook]')}: error: governance change: "
            "pyproject.toml [tool.opsbook] modified;") in output


def test_renaming_a_kinds_folder_in_its_schema_does_not_move_the_records(example: Path, opsbook: Opsbook) -> None:
    edit(example / "schemas/change.schema.json", '"folder": "changes"', '"folder": "chg"')
    git(example, "mv", "records/changes", "records/chg")
    code, output = check(opsbook)
    assert code == 1
    assert "records/chg:1:1: error: records live in records/<folder>/<ID>.yaml" in output
    assert "records/changes/CHG-0001.yaml:1:1: error: CHG-0001" in output and "[record-deleted]" in output
    assert "schemas/change.schema.json:1:1: error: governance change" in output


def test_swapping_the_approver_of_a_closed_change_is_refused(example: Path, opsbook: Opsbook) -> None:
    path = example / CLOSED_CHANGE
    base_position = at(path, "Olu Adeyemi")
    edit(path, "  - by: Olu Adeyemi", "  - by: Priya Raman")
    code, output = check(opsbook)
    assert code == 1
    line, column = at(path, "by: Priya").split(":")
    assert (f"{CLOSED_CHANGE}:{line}:{int(column)}: error: approval by Olu Adeyemi: approver changed from "
            f"Olu Adeyemi to Priya Raman (on main at {CLOSED_CHANGE}:{base_position.split(':')[0]}:5); "
            "approvals are append-only") in output
    assert "CHG-0002" in output and "approval by Olu Adeyemi: approver changed from Olu Adeyemi to Priya Raman" \
        in output.split("Change set against main")[1]


def test_a_closed_normal_change_cannot_become_standard_and_lose_its_approvals(example: Path, opsbook: Opsbook) -> None:
    path = example / CLOSED_CHANGE
    text = path.read_text()
    path.write_text(text[: text.index("approvals:\n")] + text[text.index("outcome:"):])
    edit(path, "type: normal", "type: standard")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{CLOSED_CHANGE}:{at(path, 'standard')}: error: type changed from normal to standard "
            f"(on main at {CLOSED_CHANGE}:5:7); CHG-0002 is closed on main, a final state") in output
    assert output.count("[history-rewritten]") == 2
    assert "error: approval by Olu Adeyemi removed (on main at" in output
    assert "error: approval by Dana Okafor removed (on main at" in output
    summary = output.split("Change set against main")[1]
    assert ("type changed from normal to standard; approval by Olu Adeyemi removed; "
            "approval by Dana Okafor removed") in summary


def test_the_service_of_a_closed_incident_is_frozen(example: Path, opsbook: Opsbook) -> None:
    path = example / CLOSED_INCIDENT
    edit(path, "service: SVC-0007", "service: SVC-0001")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{CLOSED_INCIDENT}:{at(path, 'SVC-0001')}: error: service changed from SVC-0007 to SVC-0001 (on main at "
            f"{CLOSED_INCIDENT}:{at(path, 'SVC-0001')}); INC-0001 is closed on main, a final state: only links, "
            "tags, kb, problem, csat may change") in output


def test_timeline_entries_are_append_only_in_every_state(example: Path, opsbook: Opsbook) -> None:
    path = example / "records/incidents/INC-0023.yaml"  # in progress
    text = path.read_text()
    first = text.index("  - at:", text.index("timeline:"))
    second = text.index("  - at:", first + 1)
    path.write_text(text[:first] + text[second:])
    code, output = check(opsbook)
    assert code == 1
    assert "records/incidents/INC-0023.yaml:" in output and "timeline entry of" in output
    assert "removed (on main at records/incidents/INC-0023.yaml:31:5); timeline are append-only" in output


def test_line_endings_from_gitattributes_do_not_make_records_look_changed(example: Path, opsbook: Opsbook) -> None:
    (example / ".gitattributes").write_text("*.yaml text eol=crlf\n*.md text eol=crlf\n")
    for path in [*example.glob("records/*/*.yaml"), *example.glob("kb/*.md")]:
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    code, output = check(opsbook)
    assert code == 1
    assert findings(output) == [".gitattributes:1:1: error: governance change: .gitattributes added; the gate "
                                "judged this pull request by the base's rules, the new ones apply from the next "
                                "pull request after this one merges; it needs the review of the rules' owners "
                                "(CODEOWNERS) [governance-change]"]
    assert "Change set against main: no record changes" in output


def test_governance_changes_can_be_warnings_when_the_base_says_so(example: Path, opsbook: Opsbook) -> None:
    git(example, "checkout", "-q", "main")
    with (example / "pyproject.toml").open("a") as pyproject:
        pyproject.write('\n[tool.opsbook.gate]\ngovernance-change = "warning"\n')
    commit_all(example, "governance changes are warnings here")
    git(example, "checkout", "-q", "work")
    git(example, "merge", "-q", "main")
    (example / ".github").mkdir()
    (example / ".github/CODEOWNERS").write_text("* @someone\n")
    code, output = check(opsbook)
    assert code == 0, output
    assert ".github/CODEOWNERS:1:1: warning: governance change: .github/CODEOWNERS added" in output


def test_legitimate_edits_of_the_example_organisation_pass(example: Path, opsbook: Opsbook) -> None:
    edit(example / "records/changes/CHG-0016.yaml", "status: assess", "status: authorize")
    edit(example / CLOSED_INCIDENT, "tags:\n", "tags:\n  - reviewed\n")  # on the final-state allowlist
    incident = example / "records/incidents/INC-0023.yaml"  # in progress: its timeline grows
    incident.write_text(incident.read_text() + '  - at: "2026-11-23T09:00:00+01:00"\n'
                        "    note: Hotfix approved by CAB.\n    author: Ahmed Haddad\n    public: false\n")
    assert opsbook("new", "incident", "--title", "Scanner batteries drain fast", "service=SVC-0001",
                   "impact=low", "urgency=low").exit_code == 0
    code, output = check(opsbook)
    assert code == 0, output
    assert "CHG-0016  Upgrade WMS to 7.4.2 with session IP binding disabled  [change]: assess -> authorize" in output
    assert "INC-0001  Dispatch shared mailbox not syncing in Outlook desktop  [incident]: tags: reviewed added" in output
    assert "[incident]: timeline entry of 2026-11-23T09:00:00+01:00 added" in output
    assert "Scanner batteries drain fast  [incident]: created" in output


def test_the_pull_request_after_a_rule_change_lands_is_judged_by_the_new_rules(example: Path, opsbook: Opsbook) -> None:
    git(example, "checkout", "-q", "main")
    schema = json.loads((example / INCIDENT_SCHEMA).read_text())
    schema["x-opsbook"]["lifecycle"]["transitions"]["closed"] = ["in_progress"]
    schema["x-opsbook"]["lifecycle"]["terminal"]["states"] = ["canceled"]
    (example / INCIDENT_SCHEMA).write_text(json.dumps(schema, indent=2))
    commit_all(example, "closed incidents may be reopened")
    git(example, "checkout", "-q", "-B", "work", "main")
    edit(example / CLOSED_INCIDENT, "status: closed", "status: in_progress")
    code, output = check(opsbook)
    assert code == 0, output
    assert "INC-0001  Dispatch shared mailbox not syncing in Outlook desktop  [incident]: closed -> in_progress" in output


def test_every_governed_path_is_named_and_nothing_else(example: Path, opsbook: Opsbook) -> None:
    git(example, "checkout", "-q", "main")
    for name in ("tooling/opsbook/gate.py", ".ci/run", "docs/notes.md"):
        (example / name).parent.mkdir(parents=True, exist_ok=True)
        (example / name).write_text("# one\n")
    commit_all(example, "tooling, CI and notes")
    git(example, "checkout", "-q", "-B", "work", "main")
    (example / ".ci/run").write_text("# two\n")
    (example / "tooling/opsbook/gate.py").unlink()
    (example / "tooling/opsbook/bypass.py").write_text("# untracked\n")
    (example / "docs/notes.md").write_text("# two\n")
    edit(example / "mkdocs.yml", "site_dir: site", "site_dir: public")
    governed = [line for line in findings(check(opsbook)[1]) if "[governance-change]" in line]
    assert [line.split(": error: ")[1].split(";")[0] for line in governed] == [
        "governance change: .ci/run modified", "governance change: mkdocs.yml modified",
        "governance change: tooling/opsbook/bypass.py added", "governance change: tooling/opsbook/gate.py deleted"]
