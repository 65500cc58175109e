"""Mermaid's browser bundle: from the `diagrams` extra, digest-checked, and a clear message (a
failed strict build) when it is missing, rather than pages that load Mermaid from the internet."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from opsbook.site import mermaid
from sitebuild import make_repository

HIDE_PROVIDER = ("import sys, opsbook.site.mermaid as m; m.PROVIDER = 'opsbook_no_such_package'; "
                 "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")


def test_the_bundle_is_the_reviewed_one() -> None:
    path, problem = mermaid.mermaid_script("auto")
    assert problem == "" and path is not None
    assert hashlib.sha256(path.read_bytes()).hexdigest() in mermaid.KNOWN_DIGESTS


def test_an_unreviewed_bundle_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mermaid, "KNOWN_DIGESTS", frozenset({"0" * 64}))
    path, problem = mermaid.mermaid_script("auto")
    assert path is None and "unreviewed digest" in problem


def test_without_the_bundle_a_strict_build_fails_and_says_how_to_install_it(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    result = subprocess.run([sys.executable, "-c", HIDE_PROVIDER, "build", "--strict"], cwd=root,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
                            check=False, timeout=300)
    assert result.returncode != 0
    assert "pip install 'opsbook[diagrams]'" in result.stderr
    assert "Traceback" not in result.stderr
