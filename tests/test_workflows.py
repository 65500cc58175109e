"""The CI workflows and CODEOWNERS: third-party actions pinned to full commit SHAs, checkouts
without persisted credentials, least-privilege permissions per job, publishing only from the
default branch, an owner for every governed path, and zizmor (GitHub Actions security linter)
finding nothing above low."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml
from opsbook.workflow.governance import FILES, FOLDERS

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")
# Every path `opsbook check` names as a governance change, as a file in it.
GOVERNED = ["schemas/change.schema.json", "pyproject.toml", *(f"{f}/x" for f in FOLDERS), *FILES,
            ".github/workflows/gate.yml", ".github/CODEOWNERS", "CODEOWNERS", ".gitattributes", "kb/.gitattributes"]


def _workflow(path: Path) -> dict[Any, Any]:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_and_checkouts_keep_no_credentials(path: Path) -> None:
    uses = [line.split("uses:", 1)[1].strip() for line in path.read_text().splitlines() if "uses:" in line]
    assert uses and all(PINNED.match(use) for use in uses), uses
    workflow = _workflow(path)
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_granted_per_job_only(path: Path) -> None:
    workflow = _workflow(path)
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert isinstance(job["permissions"], dict) and "write-all" not in str(job["permissions"])


def test_only_the_default_branch_is_published() -> None:
    jobs = _workflow(ROOT / ".github/workflows/publish.yml")["jobs"]
    for job in jobs.values():
        assert job["if"] == "${{ github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}"
    assert set(jobs["deploy"]["permissions"]) == {"pages", "id-token"}


def test_the_gate_builds_with_opsbook_and_documents_governance_reviewers() -> None:
    text = (ROOT / ".github/workflows/gate.yml").read_text()
    assert "run: opsbook build" in text and "mkdocs build" not in text
    assert "governance change" in text and "@opsbook/schema-owners" in text and "@opsbook/workflow-owners" in text


def _owners(path: str) -> list[str]:
    """The owners GitHub would pick for `path`: the last matching CODEOWNERS pattern."""
    owners: list[str] = []
    for line in (ROOT / ".github/CODEOWNERS").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        anchored = pattern.startswith("/")
        pattern = pattern.strip("/")
        candidates = [path] if anchored else [path, *(path.split("/", i)[-1] for i in range(1, path.count("/") + 1))]
        if any(c == pattern or c.startswith(pattern + "/") or fnmatch(c, pattern) for c in candidates):
            owners = names
    return owners


@pytest.mark.parametrize("path", GOVERNED)
def test_every_governed_path_has_its_own_owners(path: str) -> None:
    assert _owners(path) and _owners(path) != ["@opsbook/maintainers"], path


def test_zizmor_finds_nothing_above_low() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    done = subprocess.run([str(zizmor), "--offline", "--format", "json", "--min-severity", "low", ".github"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 10, 11, 12, 13, 14), done.stderr
    findings = json.loads(done.stdout)
    assert [f for f in findings if f["determinations"]["severity"] not in ("Informational", "Low")] == []
