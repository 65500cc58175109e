"""CI output under GitHub Actions: every annotation is one well-formed workflow command whose
properties and message round-trip through GitHub's escaping, and beyond the ten annotations
GitHub shows per step, every finding is still in the log and the step summary, for
`opsbook validate` and `opsbook check` alike."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from support import run

ANNOTATION = re.compile(r"::(error|warning) file=([^,:\r\n]*),line=(\d+),col=(\d+),title=([^,:\r\n]*)::([^\r\n]*)")
HOSTILE_VALUES = ["a%b,c:d", "50%25 done", "line\\nbreak", "carriage\\rreturn", "::error::forged", "%0A%0D"]


def _unescape(text: str) -> str:
    for escaped, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def _annotations(stdout: str) -> list[tuple[str, ...]]:
    lines = [line for line in stdout.splitlines() if line.startswith("::")]
    parsed = [ANNOTATION.fullmatch(line) for line in lines]
    assert all(parsed), [line for line, match in zip(lines, parsed) if not match]
    return [tuple(_unescape(g) for g in match.groups()) for match in parsed if match]


def test_validate_annotations_round_trip_hostile_messages_and_keys(base_repo: Path, tmp_path: Path) -> None:
    for number, value in enumerate(HOSTILE_VALUES, start=3):
        (base_repo / f"records/services/SVC-{number:04d}.yaml").write_text(
            f'id: SVC-{number:04d}\ntitle: x\nstatus: "{value}"\n"{value}": 1\n', "utf-8")
    (base_repo / "records/services/a:b,c%d.yaml").write_text("id: x\n", "utf-8")
    expected = json.loads(run("validate", "--root", str(base_repo), "--format", "json").stdout)["diagnostics"]
    summary = tmp_path / "summary.md"
    result = run("validate", "--root", str(base_repo), "--format", "github",
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    found = _annotations(result.stdout)
    assert found == [(d["severity"], d["path"], str(d["line"]), str(d["column"]), d["code"], d["message"])
                     for d in expected]
    assert len(found) > 10 and result.stdout.count(": error: ") == len(found)
    assert summary.read_text("utf-8").count("| error |") == len(found)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
                   check=True, capture_output=True)


def test_check_reports_every_refusal_beyond_the_annotation_cap(base_repo: Path, tmp_path: Path) -> None:
    for number in range(3, 16):
        (base_repo / f"records/services/SVC-{number:04d}.yaml").write_text(
            f"id: SVC-{number:04d}\ntitle: Payments, 100% \nstatus: live\n", "utf-8")
    _git(base_repo, "init", "-q", "-b", "main")
    _git(base_repo, "add", "-A")
    _git(base_repo, "commit", "-q", "-m", "base")
    for number in range(3, 16):
        (base_repo / f"records/services/SVC-{number:04d}.yaml").unlink()
    summary = tmp_path / "summary.md"
    result = run("check", "--root", str(base_repo), "--base", "main", "--format", "github",
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    found = _annotations(result.stdout)
    assert len(found) == 13 and {f[1] for f in found} == {f"records/services/SVC-{n:04d}.yaml" for n in range(3, 16)}
    assert result.stdout.count(": error: ") == 13
    assert summary.read_text("utf-8").count("| error |") == 13
