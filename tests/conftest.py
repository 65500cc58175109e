"""Fixtures shared by the tests; the helpers they use live in support.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from support import VALIDATE_EXAMPLES, assemble

# Property tests are reproducible by default; `pytest --hypothesis-profile=thorough` searches
# much further (minutes, not seconds) when hunting for crashes.
settings.register_profile("default", max_examples=30, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1500, deadline=None)
settings.load_profile("default")


@pytest.fixture
def base_repo(tmp_path: Path) -> Path:
    """A small valid repository (tests/validate/base) with the real schemas."""
    return assemble(tmp_path / "repo", VALIDATE_EXAMPLES / "base")
