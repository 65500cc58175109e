"""Helpers for the workflow tests: real git repositories in temporary folders, with a base
committed on `main` from fixture/ and the real schemas."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

# The `opsbook` fixture's type: the CLI, invoked in-process on a test repository.
Opsbook = Callable[..., Result]

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixture"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def make_repo(target: Path) -> Path:
    """The fixture and the real schemas, committed as the first commit of `main`."""
    shutil.copytree(FIXTURE, target)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "base")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def at(path: Path, needle: str) -> str:
    """`line:column` (1-based) of the first occurrence of `needle`: where a diagnostic must point."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {path}")
