"""`opsbook check --base main`: each refusal at its file:line:col with the base value shown,
and the change set in record terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from workflow_support import Opsbook, at, commit_all, edit, git

INCIDENT = "records/incidents/INC-0001.yaml"
SCHEDULED = "records/changes/CHG-0001.yaml"  # a normal change, scheduled: plans frozen
NEW_NORMAL = "records/changes/CHG-0002.yaml"
NEW_STANDARD = "records/changes/CHG-0003.yaml"


def check(opsbook: Opsbook, *extra: str) -> tuple[int, str]:
    result = opsbook("check", "--base", "main", *extra)
    return result.exit_code, result.output


def test_an_untouched_branch_passes(repo: Path, opsbook: Opsbook) -> None:
    assert check(opsbook) == (0, "Change set against main: no record changes\n9 files checked: no problems\n")


def test_reopening_a_closed_incident_is_refused(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / INCIDENT, "status: closed", "status: in_progress")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{INCIDENT}:{at(repo / INCIDENT, 'in_progress')}: error: an incident cannot move from closed (on main) "
            "to in_progress; from closed it may move to: nothing (final state) [lifecycle-transition]") in output


def test_a_normal_change_cannot_jump_from_new_to_implement(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / NEW_NORMAL, "status: new", "status: implement")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{NEW_NORMAL}:{at(repo / NEW_NORMAL, 'implement')}: error: a normal change cannot move from new "
            "(on main) to implement; from new it may move to: assess, canceled [lifecycle-transition]") in output


def test_a_standard_change_skips_assessment_but_not_more(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / NEW_STANDARD, "status: new", "status: scheduled")
    assert "[lifecycle-transition]" not in check(opsbook)[1]
    edit(repo / NEW_STANDARD, "status: scheduled", "status: review")
    code, output = check(opsbook)
    assert code == 1
    assert f"{NEW_STANDARD}:{at(repo / NEW_STANDARD, 'review')}: error: a standard change cannot move" in output


def test_reclassifying_a_change_does_not_skip_its_authorization(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / NEW_NORMAL, "status: new\ntype: normal", "status: scheduled\ntype: standard")
    code, output = check(opsbook)
    assert code == 1
    assert f"{NEW_NORMAL}:{at(repo / NEW_NORMAL, 'scheduled')}: error: a normal change cannot move" in output


def test_plans_of_an_authorized_change_are_frozen(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / SCHEDULED, "planned_end: 2026-12-06T03:00:00+01:00", "planned_end: 2026-12-06T05:00:00+01:00")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{SCHEDULED}:{at(repo / SCHEDULED, '2026-12-06T05')}: error: planned_end is frozen while the change "
            "is scheduled unless it goes back to new; on main it is '2026-12-06T03:00:00+01:00' "
            "[lifecycle-frozen]") in output


def test_a_change_moved_back_to_new_may_be_replanned(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / SCHEDULED, "status: scheduled", "status: new")
    edit(repo / SCHEDULED, "Edit the pool size and reload.", "Edit the pool size, then restart.")
    code, output = check(opsbook)
    assert code == 0, output
    assert "CHG-0001  Raise the connection pool limit on pg-core-01  [change]: scheduled -> new; " \
           "implementation_plan changed from 'Edit the pool size and reload.' to " \
           "'Edit the pool size, then restart.'" in output


def test_a_closed_incident_keeps_its_timestamps(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / INCIDENT, "resolved_at: 2026-05-10T09:30:00+02:00", "resolved_at: 2026-05-10T09:10:00+02:00")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{INCIDENT}:{at(repo / INCIDENT, '2026-05-10T09:10')}: error: resolved_at is frozen while the incident "
            "is closed; on main it is '2026-05-10T09:30:00+02:00' [lifecycle-frozen]") in output


def test_a_deleted_record_is_refused(repo: Path, opsbook: Opsbook) -> None:
    (repo / NEW_NORMAL).unlink()
    code, output = check(opsbook)
    assert code == 1
    assert (f'{NEW_NORMAL}:1:1: error: CHG-0002 ("Rotate the portal TLS certificate", new on main) was deleted; '
            "records stay: cancel, close or retire it instead [record-deleted]") in output


def test_a_renamed_record_is_refused(repo: Path, opsbook: Opsbook) -> None:
    old, new = repo / "kb/KB-0001-restart-the-pool.md", repo / "kb/KB-0001-restart-it.md"
    old.rename(new)
    code, output = check(opsbook)
    assert code == 1
    assert (f"kb/KB-0001-restart-it.md:{at(new, 'KB-0001')}: error: KB-0001 was renamed from "
            "kb/KB-0001-restart-the-pool.md (its file on main); a record keeps its file [record-renamed]") in output


def test_a_changed_id_is_refused(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / NEW_NORMAL, "id: CHG-0002", "id: CHG-0009")
    code, output = check(opsbook)
    assert code == 1
    assert (f"{NEW_NORMAL}:{at(repo / NEW_NORMAL, 'CHG-0009')}: error: id changed from CHG-0002 (on main) "
            "to CHG-0009; IDs are permanent [id-changed]") in output


def test_an_id_the_base_took_meanwhile_under_another_file_collides(repo: Path, opsbook: Opsbook) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "kb/KB-0002-rotate-certificates.md").write_text(
        "---\nid: KB-0002\ntitle: Rotate certificates\nstatus: draft\nupdated: 2026-05-12\n---\nText.\n")
    commit_all(repo, "KB-0002 on main")
    git(repo, "checkout", "-q", "work")
    mine = repo / "kb/KB-0002-portal-faq.md"
    mine.write_text("---\nid: KB-0002\ntitle: Portal FAQ\nstatus: draft\nupdated: 2026-05-12\n---\nText.\n")
    git(repo, "merge", "-q", "--no-edit", "main")  # the merged tree holds both files
    code, output = check(opsbook)
    assert code == 1
    assert (f'kb/KB-0002-portal-faq.md:{at(mine, "KB-0002")}: error: KB-0002 is added on this branch in '
            'kb/KB-0002-portal-faq.md ("Portal FAQ") but main already has KB-0002 in '
            'kb/KB-0002-rotate-certificates.md ("Rotate certificates")') in output


def test_a_branch_behind_its_base_is_not_blamed_for_the_base(repo: Path, opsbook: Opsbook) -> None:
    git(repo, "checkout", "-q", "main")
    edit(repo / NEW_NORMAL, "status: new", "status: assess")
    (repo / NEW_STANDARD).unlink()
    commit_all(repo, "main moves on")
    git(repo, "checkout", "-q", "work")
    assert check(opsbook)[0] == 0


def test_change_set_lists_transitions_approvals_and_created_records(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / NEW_NORMAL, "status: new", "status: assess\napprovals:\n  - by: Olu Adeyemi\n"
                                            "    role: CAB chair\n    decision: pending")
    assert opsbook("new", "incident", "--title", "Portal slow", "service=SVC-0001", "impact=low",
                   "urgency=low").exit_code == 0
    code, output = check(opsbook, "--summary-md", "summary.md")
    assert code == 0, output
    assert "Change set against main: 1 created, 1 changed" in output
    assert "CHG-0002  Rotate the portal TLS certificate  [change]: new -> assess; " \
           "approval by Olu Adeyemi added (pending, CAB chair)" in output
    assert "INC-0002  Portal slow  [incident]: created" in output
    markdown = (repo / "summary.md").read_text()
    assert "## opsbook check" in markdown and "## opsbook change set" in markdown
    assert "| CHG-0002 Rotate the portal TLS certificate | Change | new → assess; approval by Olu Adeyemi added " \
           "\\(pending, CAB chair\\)" in markdown


def test_json_and_github_formats_and_the_step_summary(repo: Path, opsbook: Opsbook,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo / INCIDENT, "status: closed", "status: resolved")
    code, output = check(opsbook, "--format", "json")
    document = json.loads(output)
    assert code == 1
    assert document["diagnostics"][0]["code"] == "lifecycle-transition"
    assert document["changes"][0]["transition"] == ["closed", "resolved"]
    summary = repo / "step-summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, output = check(opsbook)
    line, column = at(repo / INCIDENT, "resolved").split(":")
    assert output.startswith(f"::error file={INCIDENT},line={line},col={column},title=lifecycle-transition::")
    assert "INC-0001 Portal login fails for all customers | Incident | closed → resolved" in summary.read_text()


def test_an_unknown_base_is_a_usage_error(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("check", "--base", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.output
