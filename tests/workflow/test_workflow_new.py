"""`opsbook new`: the next free ID over the working tree and every ref, the modeline, defaults,
and required fields marked so that validation fails until they are filled."""

from __future__ import annotations

from pathlib import Path

from workflow_support import Opsbook, at, commit_all, edit, git


def test_new_incident_takes_the_next_free_id_and_fails_validation_until_filled(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("new", "incident", "--title", "Checkout returns 500")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created records/incidents/INC-0002.yaml")
    assert "fill in: service, impact, urgency" in result.output
    path = repo / "records/incidents/INC-0002.yaml"
    lines = path.read_text().splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../schemas/incident.schema.json"
    assert lines[1:4] == ["id: INC-0002", "title: Checkout returns 500", "status: new"]
    assert any(line.startswith('opened_at: "20') and line[-7] in "+-" for line in lines)  # quoted, as the schema asks
    validated = opsbook("validate")
    assert validated.exit_code == 1
    reported = {line.split(": error: ")[0]: line for line in validated.output.splitlines()}
    assert "TODO" in reported[f"records/incidents/INC-0002.yaml:{at(path, 'TODO')}"]
    assert reported[f"records/incidents/INC-0002.yaml:{at(path, 'impact: TODO').split(':')[0]}:9"].endswith(
        "[schema-enum]")
    for field, value in (("service", "SVC-0001"), ("impact", "high"), ("urgency", "low")):
        edit(path, f"{field}: TODO", f"{field}: {value}")
    assert opsbook("validate").exit_code == 0


def test_ids_on_other_branches_are_not_handed_out_again(repo: Path, opsbook: Opsbook) -> None:
    git(repo, "checkout", "-q", "-b", "elsewhere")
    (repo / "records/incidents/INC-0007.yaml").write_text("id: INC-0007\n")
    commit_all(repo, "INC-0007 elsewhere")
    git(repo, "checkout", "-q", "work")
    result = opsbook("new", "incident", "--dry-run", "--title", "x")
    assert "id: INC-0008" in result.output


def test_field_values_follow_the_strict_loader(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("new", "change", "--dry-run", "--title", "Upgrade: PostgreSQL 16", "type=standard",
                     "services=[SVC-0001, SVC-0002]", "planned_start=2026-12-01T22:00:00+01:00")
    assert result.exit_code == 0
    assert 'title: "Upgrade: PostgreSQL 16"' in result.output
    assert "services:\n  - SVC-0001\n  - SVC-0002\n" in result.output
    assert 'planned_start: "2026-12-01T22:00:00+01:00"\n' in result.output


def test_a_person_field_stays_commented_so_validation_reports_it_missing(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("new", "request", "--title", "Laptop", "service=SVC-0001")
    assert result.exit_code == 0
    text = (repo / "records/requests/REQ-0001.yaml").read_text()
    assert "# requested_by: TODO  # required: Who submitted the request" in text
    validated = opsbook("validate")
    assert validated.exit_code == 1
    assert "records/requests/REQ-0001.yaml:2:1: error: " in validated.output
    assert "requested_by" in validated.output and "[schema-required]" in validated.output


def test_unknown_fields_and_kinds_are_usage_errors(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("new", "incident", "servce=SVC-0001")
    assert result.exit_code == 2
    assert "incident records have no field 'servce'; did you mean 'service'?" in result.output
    assert opsbook("new", "ticket").exit_code == 2
    assert not (repo / "records/incidents/INC-0002.yaml").exists()


def test_new_kb_article_is_markdown_with_front_matter(repo: Path, opsbook: Opsbook) -> None:
    result = opsbook("new", "kb", "--title", "Reset a VPN token")
    assert result.exit_code == 0
    text = (repo / "kb/KB-0002-reset-a-vpn-token.md").read_text()
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/kb.schema.json\nid: KB-0002\n")
    assert "\n---\n# Reset a VPN token\n" in text
    assert opsbook("validate").exit_code == 0
