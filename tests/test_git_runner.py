"""Every git call goes through opsbook.git_runner: a failed `git log` is a warning people see,
never a silent "no history"; a folder outside git simply has none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from opsbook.git_runner import GitError, run_git
from opsbook.workflow.git import Git
from sitebuild import make_repository

GIT = ["-c", "user.name=Ann Author", "-c", "user.email=a@example.com"]


def committed(root: Path) -> Path:
    subprocess.run(["git", "-C", str(root), *GIT, "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(root), *GIT, "add", "."], check=True)
    subprocess.run(["git", "-C", str(root), *GIT, "commit", "-q", "-m", "records"], check=True)
    return root


def calendar_feed(root: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"PATH": path} if path is not None else {})}
    return subprocess.run([sys.executable, "-m", "opsbook", "calendar", "--root", str(root),
                           "--format", "ics", "--from", "2026-01-01", "--to", "2026-12-31"],
                          capture_output=True, text=True, env=env, check=False)


def test_a_broken_repository_is_a_warning(tmp_path: Path) -> None:
    root = committed(make_repository(tmp_path / "repo"))
    head = run_git(root, "rev-parse", "HEAD").decode().strip()
    (root / ".git/objects" / head[:2] / head[2:]).unlink()  # the commit `git log` starts from
    result = calendar_feed(root)
    assert result.returncode == 0, result.stderr
    assert "BEGIN:VCALENDAR" in result.stdout
    assert "warning: `git log` failed in" in result.stderr
    assert "history is left out" in result.stderr


def test_git_missing_is_a_warning(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    result = calendar_feed(root, path=str(tmp_path / "no-programs-here"))
    assert result.returncode == 0, result.stderr
    assert "git is not installed" in result.stderr


def test_a_folder_outside_git_has_no_history_quietly(tmp_path: Path) -> None:
    result = calendar_feed(make_repository(tmp_path / "repo"))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def test_a_repository_that_works_says_nothing(tmp_path: Path) -> None:
    result = calendar_feed(committed(make_repository(tmp_path / "repo")))
    assert result.returncode == 0 and result.stderr == ""
    assert "SEQUENCE:0" in result.stdout


def test_errors_carry_gits_own_words_and_time_limits_hold(tmp_path: Path) -> None:
    root = committed(make_repository(tmp_path / "repo"))
    with pytest.raises(GitError, match="unknown revision 'no-such-branch'"):
        Git(root).commit("no-such-branch")
    with pytest.raises(GitError, match="took longer than"):
        run_git(root, "log", "-p", timeout=0.000001)
