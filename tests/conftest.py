"""Shared fixtures: small repositories assembled in temporary folders, run through the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from opsbook.cli import cli

# Property tests are reproducible by default; `pytest --hypothesis-profile=thorough` searches
# much further (minutes, not seconds) when hunting for crashes.
settings.register_profile("default", max_examples=30, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1500, deadline=None)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
VALIDATE_EXAMPLES = Path(__file__).resolve().parent / "validate"


def assemble(target: Path, *overlays: Path) -> Path:
    """A repository in `target`: the real schemas, then each overlay folder copied on top."""
    shutil.copytree(SCHEMAS, target / "schemas")
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    """A small valid repository (tests/validate/base) with the real schemas."""
    return assemble(tmp_path / "repo", VALIDATE_EXAMPLES / "base")


@pytest.fixture
def cli_run() -> Callable[..., Result]:
    return run
