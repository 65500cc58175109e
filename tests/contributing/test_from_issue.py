"""`opsbook from-issue` on bodies built the way GitHub writes a submitted form, from the
repository's own issue forms: the record validates and carries the answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from opsbook.cli import cli
from opsbook.strict_yaml import parse

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted(p for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
# Answers the example organisation's records need (a change on SVC-0001 needs no maintenance
# window); every other field gets its placeholder, or the first choice.
ANSWERS = {"services": "SVC-0001"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def submitted(form: Path, answers: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """The Markdown body GitHub writes for the form, and the answer given per field id."""
    document: dict[str, Any] = yaml.safe_load(form.read_text("utf-8"))
    parts, given = [], {}
    for item in document["body"]:
        if item["type"] == "markdown":
            continue
        attributes = item["attributes"]
        if answers is not None and item["id"] in answers:
            value = answers[item["id"]]
        elif item["type"] == "dropdown":
            value = attributes["options"][0]
        elif item["id"] in ANSWERS:
            value = ANSWERS[item["id"]]
        else:
            value = attributes.get("placeholder") or f"{attributes['label']}: as the reporter wrote it."
        given[item["id"]] = value
        parts.append(f"### {attributes['label']}\n\n{value or '_No response_'}")
    return "\n\n".join(parts) + "\n", given


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_each_issue_form_becomes_a_valid_record(form: Path, example: Path) -> None:
    body, given = submitted(form)
    (example / "issue.md").write_text(body, "utf-8")
    prefix = yaml.safe_load(form.read_text("utf-8"))["title"]
    result = invoke("from-issue", "issue.md", "--title", f"{prefix}Checkout fails at the payment step",
                    "--author", "lena", "--url", "https://github.com/kestrel/opsbook/issues/7",
                    "--at", "2026-11-30T14:30:00Z")
    assert result.exit_code == 0, result.output
    path = example / result.output.split("created ", 1)[1].strip()
    data = parse(path.read_text("utf-8"))
    assert data["title"] == "Checkout fails at the payment step"
    assert data["links"] == [{"title": "Issue", "url": "https://github.com/kestrel/opsbook/issues/7"}]
    assert (data.get("reported_by") or data.get("requested_by")) == "lena"
    texts = [v for k, v in given.items() if k in ("description", "justification")]
    assert all(text in str(data.values()) for text in texts)
    assert invoke("validate", str(path)).exit_code == 0


def test_an_incident_from_the_form_reads_every_answer(example: Path) -> None:
    form = ROOT / ".github/ISSUE_TEMPLATE/incident.yml"
    body, _ = submitted(form, {"service": "Order Management", "started": "2026-11-30 14:20 +01:00",
                               "impact": "low (one user)", "urgency": "medium", "description": "It fails.\nAgain."})
    (example / "issue.md").write_text(body, "utf-8")
    result = invoke("from-issue", "issue.md", "--title", "[Incident] Labels", "--at", "2026-11-30T14:30:00Z")
    assert result.exit_code == 0, result.output
    data = parse((example / result.output.split("created ", 1)[1].strip()).read_text("utf-8"))
    assert data["service"] == "SVC-0002" and data["impact"] == "low" and data["urgency"] == "medium"
    assert data["started_at"] == "2026-11-30T14:20:00+01:00" and data["opened_at"] == "2026-11-30T14:30:00Z"
    assert data["status"] == "new" and data["description"] == "It fails.\nAgain."


@pytest.mark.parametrize(("answer", "message"), [
    ({"service": "Teleportation"}, "'Teleportation' is not a service ID or title"),
    ({"service": ""}, "the form did not give what incident records need: service"),
    ({"started": "yesterday afternoon"}, "write a date, time and UTC offset"),
])
def test_a_form_that_cannot_become_a_record_writes_nothing(example: Path, answer: dict[str, str],
                                                            message: str) -> None:
    body, _ = submitted(ROOT / ".github/ISSUE_TEMPLATE/incident.yml", answer)
    (example / "issue.md").write_text(body, "utf-8")
    before = sorted(p.name for p in (example / "records/incidents").iterdir())
    result = invoke("from-issue", "issue.md", "--title", "[Incident] Broken")
    assert result.exit_code == 1
    assert message in result.output
    assert sorted(p.name for p in (example / "records/incidents").iterdir()) == before


def test_a_body_no_form_matches_is_a_clear_error(example: Path) -> None:
    (example / "issue.md").write_text("### Favourite colour\n\nblue\n", "utf-8")
    result = invoke("from-issue", "issue.md", "--title", "Hello")
    assert result.exit_code == 1
    assert "cannot tell which issue form this is" in result.output


def test_the_workflow_opens_a_pull_request_without_trusting_the_issue() -> None:
    workflow = (ROOT / ".github/workflows/issue-to-record.yml").read_text("utf-8")
    document = yaml.safe_load(workflow)
    assert document["permissions"] == {}
    job = document["jobs"]["propose"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = job["steps"]
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        # Issue text reaches the shell through the environment only, never as expression syntax.
        assert "${{" not in step.get("run", "")
    assert steps[0]["with"]["persist-credentials"] is False
    assert any("opsbook from-issue" in step.get("run", "") for step in steps)
    assert any("gh pr create" in step.get("run", "") for step in steps)
