"""Fixtures for the workflow tests: git identity from the environment (so they run on a bare CI
machine), a repository on a feature branch, and opsbook through its CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from example_org import make_example_repo
from opsbook.cli import cli
from workflow_support import Opsbook, git, make_repo


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits work without a configured user, and no user or system git config leaks in."""
    for name in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{name}_NAME", "Test Author")
        monkeypatch.setenv(f"GIT_{name}_EMAIL", "test@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on a branch `work` forked from `main`, as the current folder."""
    path = make_repo(tmp_path / "repo")
    git(path, "checkout", "-q", "-b", "work")
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def opsbook() -> Opsbook:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example organisation on `main`, a branch `work` checked out, as the current folder."""
    path = make_example_repo(tmp_path / "example")
    monkeypatch.chdir(path)
    return path
