"""The repository's GitHub, pre-commit and editor files, checked offline: workflows and issue
forms against SchemaStore's schemas as vendored by check-jsonschema."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from opsbook.load import open_repository
from workflow_support import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def vendored_schema(name: str) -> dict[str, Any]:
    folder = resources.files("check_jsonschema.builtin_schemas") / "vendor"
    return json.loads((folder / f"{name}.json").read_text("utf-8"))


def load_yaml(path: Path) -> Any:
    # PyYAML reads a workflow's `on:` key as True (YAML 1.1); GitHub reads it as the string "on".
    data = yaml.safe_load(path.read_text("utf-8"))
    if isinstance(data, dict) and True in data:
        data["on"] = data.pop(True)
    return data


def errors(schema: dict[str, Any], document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(document)]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path: Path) -> None:
    assert errors(vendored_schema("github-workflows"), load_yaml(path)) == []


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_matches_the_github_issue_forms_schema(path: Path) -> None:
    assert errors(vendored_schema("github-issue-forms"), load_yaml(path)) == []


def test_issue_template_config_matches_its_schema() -> None:
    config = load_yaml(ROOT / ".github/ISSUE_TEMPLATE/config.yml")
    assert errors(vendored_schema("github-issue-config"), config) == []


def test_gate_runs_on_pull_requests_and_the_merge_queue() -> None:
    gate = load_yaml(ROOT / ".github/workflows/gate.yml")
    assert {"pull_request", "merge_group"} <= set(gate["on"])
    steps = gate["jobs"]["gate"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    commands = " ".join(step.get("run", "") for step in steps)
    for command in ("opsbook validate --format github", 'opsbook check --base "$BASE"', "pytest",
                    "opsbook build"):  # strict, and refusing to run without the opsbook plugin
        assert command in commands
    assert "origin/{0}', github.base_ref" in gate["jobs"]["gate"]["env"]["BASE"]


def test_publish_deploys_main_to_pages() -> None:
    publish = load_yaml(ROOT / ".github/workflows/publish.yml")
    assert publish["on"]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in publish["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_pre_commit_hook_validates_the_whole_repository() -> None:
    published = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    local = load_yaml(ROOT / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    for hook in (published[0], local[0]):
        assert hook["id"] == "opsbook-validate"
        assert hook["pass_filenames"] is False
        assert hook["entry"] == "opsbook validate"


def test_vscode_maps_every_record_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text("utf-8"))
    kinds = open_repository(ROOT).kinds
    expected = {f"./schemas/{k.schema_file}": [f"records/{k.folder}/*.yaml"] for k in kinds if not k.is_document}
    assert settings["yaml.schemas"] == expected


def test_codeowners_route_schemas_workflows_and_changes() -> None:
    owners = dict(line.split(None, 1) for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines()
                  if line.strip() and not line.startswith("#"))
    assert "/schemas/" in owners and "/.github/workflows/" in owners
    assert "change-authority" in owners["/records/changes/"]


def test_pull_request_template_has_a_checklist_per_kind() -> None:
    template = (ROOT / ".github/pull_request_template.md").read_text("utf-8").lower()
    for kind in open_repository(ROOT).kinds:
        assert kind.label.lower().split()[0] in template, kind.name
