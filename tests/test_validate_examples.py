"""Each folder under tests/validate/negative and positive is laid over the valid base
repository and validated through the CLI; negative folders list the expected findings as
`path:line:col code` in expected.txt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import VALIDATE_EXAMPLES, assemble, run

NEGATIVE = sorted(p for p in (VALIDATE_EXAMPLES / "negative").iterdir() if p.is_dir())
POSITIVE = sorted(p for p in (VALIDATE_EXAMPLES / "positive").iterdir() if p.is_dir())


def findings(repo: Path) -> tuple[int, list[str]]:
    result = run("validate", "--root", str(repo), "--format", "json")
    document = json.loads(result.stdout)
    return result.exit_code, [f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in document["diagnostics"]]


def test_base_repository_is_valid(base_repo: Path) -> None:
    assert findings(base_repo) == (0, [])


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_case_reports_expected_positions(case: Path, tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", VALIDATE_EXAMPLES / "base", case)
    expected = (case / "expected.txt").read_text("utf-8").split()
    exit_code, found = findings(repo)
    assert exit_code == 1
    assert " ".join(found).split() == expected


@pytest.mark.parametrize("case", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_case_is_valid(case: Path, tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", VALIDATE_EXAMPLES / "base", case)
    assert findings(repo) == (0, [])
