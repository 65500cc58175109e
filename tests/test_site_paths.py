"""Paths: no ID or file name writes outside the site folder, links and odd files are refused,
and IDs that differ only by case or Unicode normalization cannot both stand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.site.structure.site import Site
from sitebuild import make_repository, mkdocs_build
from support import run

# Names a contributor (or an attacker) could give a file in records/incidents/.
CRAFTED = [
    "..%2f..%2fescape.yaml", "%2e%2e%2f%2e%2e%2fescape2.yaml", "..\\..\\escape3.yaml",
    "....yaml", "..yaml", "-rf.yaml", "a b;$(touch x).yaml", "INC-0009\u0301.yaml",
    "\uff29\uff2e\uff23-0010.yaml", "INC-0011.YAML", "index.yaml", "INDEX.yaml",
    "x" * 240 + ".yaml", "\u202eevil.yaml", "new\nline.yaml", "file-INC-0001.yaml",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text("utf-8"))
    return " ".join(" ".join(parser.parts).split())


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def crafted_repo(tmp_path: Path) -> Path:
    root = make_repository(tmp_path / "repo")
    incidents = root / "records/incidents"
    for number, name in enumerate(CRAFTED, start=20):
        (incidents / name).write_text(f"id: INC-{number:04d}\ntitle: Crafted <b>{number}</b>\nstatus: new\n", "utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: INC-0030\ntitle: Outside\nstatus: new\n", "utf-8")
    (incidents / "INC-0030.yaml").symlink_to(outside)
    (root / "kb/KB-0030-linked.md").symlink_to(outside)
    (root / "records/linked").symlink_to(incidents, target_is_directory=True)
    os.mkfifo(incidents / "INC-0031.yaml")
    (incidents / "INC-0032.yaml").mkdir()
    (root / "kb/KB-0033-folder.md").mkdir()
    return root


def test_crafted_names_write_nothing_outside_the_site_and_lose_nothing(crafted_repo: Path) -> None:
    parent = crafted_repo.parent
    before = _tree(parent)
    result = mkdocs_build(crafted_repo, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    site = crafted_repo / "site"
    assert {p for p in _tree(parent) - before if not p.startswith("repo/site")} == set()
    for path in site.rglob("*"):
        assert not path.is_symlink() and site.resolve() in path.resolve().parents, path
        assert path.name == "index.html" or path.is_dir() or set(path.name) <= set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"), path
    problems = _text(site / "problems-found/index.html")
    for name in [*CRAFTED, "INC-0030.yaml", "INC-0031.yaml", "INC-0032.yaml", "KB-0030-linked.md"]:
        assert " ".join(name.split()) in problems, name


def test_crafted_names_fail_validation_naming_each_file(crafted_repo: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "opsbook", "validate", "--root", str(crafted_repo), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    flagged = {d["path"] for d in json.loads(done.stdout)["diagnostics"]}
    for name in [*CRAFTED, "INC-0030.yaml", "INC-0031.yaml", "INC-0032.yaml"]:
        assert f"records/incidents/{name}" in flagged, name
    assert {"kb/KB-0030-linked.md", "kb/KB-0033-folder.md", "records/linked"} <= flagged


def test_a_fifo_named_like_a_record_is_refused_without_waiting(base_repo: Path) -> None:
    os.mkfifo(base_repo / "records/services/SVC-0009.yaml")
    done = subprocess.run([sys.executable, "-m", "opsbook", "validate", "--root", str(base_repo)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "records/services/SVC-0009.yaml:1:1: error: not a regular file [file-unreadable]" in done.stdout


@pytest.mark.parametrize("variant", [
    "svc-0001", "Svc-0001", "\uff33\uff36\uff23-\uff10\uff10\uff10\uff11", "SVC\uff0d0001", "SVC-000\uff11",
    "SVC-000\U0001d7cf", "\u24c8VC-0001",
])
def test_ids_equal_under_case_and_nfkc_are_refused(base_repo: Path, variant: str) -> None:
    assert unicodedata.normalize("NFKC", variant).casefold() == "svc-0001"
    (base_repo / f"records/services/{variant}.yaml").write_text(
        f"id: {variant}\ntitle: Twin\nstatus: live\n", "utf-8")
    result = run("validate", "--root", str(base_repo), "--format", "text")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(f"records/services/{variant}.yaml:1:5:")]
    assert any("[id-duplicate]" in line for line in lines), result.stdout


def test_page_addresses_never_collide_even_ignoring_case(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    for name in ("x-A.yaml", "x-a.yaml", "x_A.yaml", "x A.yaml", "INC-0001-2.yaml", "index.yaml"):
        (root / "records/incidents" / name).write_text("id: [broken\n", "utf-8")
    repository = open_repository(root)
    uris = list(Site(repository).uris.values())
    assert len({uri.casefold() for uri in uris}) == len(uris) == len(repository.records) + len(repository.unloadable)
    assert all(uri.count("/") == 1 and ".." not in uri for uri in uris)
