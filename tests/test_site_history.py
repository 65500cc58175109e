"""A record page says what changed in each commit of its file, field by field, from real git
history: a real repository, real commits, a real `mkdocs build`."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from sitebuild import make_repository

INCIDENT = Path("records/incidents/INC-0001.yaml")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "Ana Lyst", "GIT_AUTHOR_EMAIL": "ana@example.org",
                        "GIT_COMMITTER_NAME": "Ana Lyst", "GIT_COMMITTER_EMAIL": "ana@example.org",
                        "GIT_AUTHOR_DATE": "2026-03-01T10:00:00+01:00", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def history_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = make_repository(tmp_path_factory.mktemp("history") / "repo")
    _git(root, "init", "-q", "-b", "main")
    text = (root / INCIDENT).read_text("utf-8")
    (root / INCIDENT).write_text(text.replace("status: resolved", "status: in_progress")
                                 .replace("assignee: Sam Responder", "assignee: Kim Triage"), "utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Seed")
    (root / INCIDENT).write_text(text, "utf-8")
    _git(root, "commit", "-q", "-am", "INC-0001 resolved")
    # sitebuild.mkdocs_build runs with an empty PATH (no git, so no history): git is needed here.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                             str(root / "mkdocs.yml"), "--site-dir", str(root / "site")], cwd=root,
                            capture_output=True, text=True, check=False,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return (root / "site/incidents/INC-0001/index.html").read_text("utf-8")


def test_each_commit_lists_the_fields_it_changed(history_page: str) -> None:
    section = history_page.split('id="history"', 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.DOTALL)
    assert len(rows) == 3, section[:3000]
    newest = unescape(re.sub(r"<[^>]+>", "", rows[1]))
    assert "INC-0001 resolved" in newest
    assert "status: In progress → Resolved" in newest
    assert "assignee: Kim Triage → Sam Responder" in newest
    oldest = unescape(re.sub(r"<[^>]+>", "", rows[2]))
    assert "Record created" in oldest
    # The commit's time is for people, its ISO value kept in the markup.
    assert re.search(r'<time datetime="2026-03-01T10:00:00\+01:00" title="2026-03-01T10:00:00\+01:00">Sun 1 Mar',
                     rows[1])
