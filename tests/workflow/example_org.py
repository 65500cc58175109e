"""The example organisation (Kestrel Freight) as a real git repository: its records, articles,
schemas, site configuration and `[tool.opsbook]`, committed on `main`, with a branch `work`
checked out, as a contributor's pull request starts."""

from __future__ import annotations

import shutil
from pathlib import Path

from workflow_support import ROOT, commit_all, git

COPIED = ("records", "kb", "schemas", "mkdocs.yml")


def make_example_repo(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    (target / "pyproject.toml").write_text(text[text.index("[tool.opsbook]"):], "utf-8")
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "the example organisation")
    git(target, "checkout", "-q", "-b", "work")
    return target
