"""The issue's story: two contributors take the next incident ID in parallel; each branch
passes the gate alone; after the first merges, the second is stopped by `opsbook check` naming
both files, and `opsbook renumber` fixes it in one command."""

from __future__ import annotations

from pathlib import Path

import pytest
from workflow_support import Opsbook, at, commit_all, edit, git, make_repo


def clone(origin: Path, target: Path, branch: str) -> Path:
    git(target.parent, "clone", "-q", str(origin), target.name)
    git(target, "checkout", "-q", "-b", branch)
    return target


def add_incident(opsbook: Opsbook, monkeypatch: pytest.MonkeyPatch, clone: Path, title: str,
                 mention: bool = False) -> Path:
    monkeypatch.chdir(clone)
    result = opsbook("new", "incident", "--title", title, "service=SVC-0001", "impact=high", "urgency=low")
    assert result.exit_code == 0, result.output
    assert "created records/incidents/INC-0002.yaml" in result.output
    path = clone / "records/incidents/INC-0002.yaml"
    if mention:  # references to the new incident, for renumbering to rewrite
        edit(clone / "kb/KB-0001-restart-the-pool.md", "When PRB-0001 strikes,", "When PRB-0001 strikes (INC-0002),")
        edit(clone / "records/problems/PRB-0001.yaml", "see KB-0001.", "see KB-0001; again in INC-0002.")
    commit_all(clone, f"Add {title}")
    return path


def test_parallel_incidents_collide_and_renumber_fixes_it(
    tmp_path: Path, opsbook: Opsbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = make_repo(tmp_path / "seed")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    alice = clone(origin, tmp_path / "alice", "alice/portal-down")
    bob = clone(origin, tmp_path / "bob", "bob/checkout-slow")

    add_incident(opsbook, monkeypatch, alice, "Portal down for EU customers")
    add_incident(opsbook, monkeypatch, bob, "Checkout slow", mention=True)
    for contributor in (alice, bob):
        monkeypatch.chdir(contributor)
        result = opsbook("check", "--base", "origin/main")
        assert result.exit_code == 0, result.output
        assert "INC-0002" in result.output and "created" in result.output

    # Alice's pull request merges first.
    git(alice, "push", "-q", "origin", "alice/portal-down:main")
    git(bob, "fetch", "-q", "origin")
    monkeypatch.chdir(bob)
    result = opsbook("check", "--base", "origin/main")
    assert result.exit_code == 1
    position = at(bob / "records/incidents/INC-0002.yaml", "INC-0002")
    assert f"records/incidents/INC-0002.yaml:{position}: error: " in result.output
    assert "[id-collision]" in result.output
    assert '"Checkout slow"' in result.output and '"Portal down for EU customers"' in result.output
    assert "origin/main already has INC-0002 in records/incidents/INC-0002.yaml" in result.output

    result = opsbook("renumber", "INC-0002")
    assert result.exit_code == 0, result.output
    assert "INC-0002 -> INC-0003" in result.output
    assert (bob / "records/incidents/INC-0003.yaml").read_text().count("id: INC-0003") == 1
    assert not (bob / "records/incidents/INC-0002.yaml").exists()
    assert "rewrote 2 reference(s) in 2 other file(s)" in result.output
    assert "When PRB-0001 strikes (INC-0003)," in (bob / "kb/KB-0001-restart-the-pool.md").read_text()
    assert "again in INC-0003." in (bob / "records/problems/PRB-0001.yaml").read_text()

    commit_all(bob, "Renumber to INC-0003")
    git(bob, "merge", "-q", "--no-edit", "origin/main")
    result = opsbook("check", "--base", "origin/main")
    assert result.exit_code == 0, result.output
    validated = opsbook("validate")
    assert validated.exit_code == 0, validated.output
