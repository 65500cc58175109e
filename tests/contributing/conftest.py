"""Copies of the example repository for the contributing commands, as the current folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example records, articles, schemas, configuration and issue forms (no git)."""
    target = tmp_path / "repo"
    for name in ("records", "kb", "schemas", ".github/ISSUE_TEMPLATE"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "pyproject.toml", target / "pyproject.toml")
    monkeypatch.chdir(target)
    return target
