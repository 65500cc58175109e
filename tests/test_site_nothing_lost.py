"""Nothing lost: a build of the example repository has a page for every valid record and KB
article, and each is listed on its kind's index page; with one invalid record a strict build
fails naming it, and a non-strict build still lists it, flagged."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.site.structure.site import Site, index_uri
from sitebuild import PROJECT, internal_target, mkdocs_build

BROKEN = "records/incidents/INC-0001.yaml"


class _Rows(HTMLParser):
    """Links inside table rows, with the row's data-invalid flag."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []
        self._invalid = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            self._invalid = found.get("data-invalid") == "true"
        if tag == "a" and found.get("href"):
            self.links.append((found["href"] or "", self._invalid))


def _copy_example(target: Path) -> Path:
    for name in ("records", "kb", "schemas"):
        shutil.copytree(PROJECT / name, target / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(PROJECT / name, target / name)
    return target


def _listed(site: Path, index: Path) -> dict[Path, bool]:
    rows = _Rows()
    rows.feed(index.read_text("utf-8"))
    return {target: invalid for href, invalid in rows.links
            if (target := internal_target(site, index, href)) is not None}


def _pages(root: Path) -> list[tuple[str, Path, Path]]:
    """(source, page, index page) of every record and article, as the site addresses them."""
    repository = open_repository(root)
    site = Site(repository)
    built = root / "site"
    return [(record.path, built / site.url(site.uri(record)) / "index.html",
             built / site.url(index_uri(record.kind)) / "index.html") for record in repository.records]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _copy_example(tmp_path_factory.mktemp("example") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def test_every_record_and_article_has_its_page_and_index_row(example: Path) -> None:
    pages = _pages(example)
    assert len(pages) == len(list((PROJECT / "records").glob("*/*.yaml"))) + len(list((PROJECT / "kb").glob("*.md")))
    listed: dict[Path, dict[Path, bool]] = {}
    for source, page, index in pages:
        assert page.is_file(), source
        listed.setdefault(index, _listed(example / "site", index))
        assert listed[index].get(page.resolve()) is False, f"{source} not listed (or flagged) on {index}"


def test_one_invalid_record_fails_strict_and_is_flagged_non_strict(example: Path, tmp_path: Path) -> None:
    root = _copy_example(tmp_path / "repo")
    text = (root / BROKEN).read_text("utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("status:"))
    (root / BROKEN).write_text(text.replace("\nstatus: ", "\nstatus: not_a_state_", 1), "utf-8")
    strict = mkdocs_build(root)
    assert strict.returncode != 0
    assert f"{BROKEN}:{line}:9: error:" in strict.stderr
    loose = mkdocs_build(root, strict=False)
    assert loose.returncode == 0, loose.stderr[-3000:]
    for source, page, index in _pages(root):
        assert page.is_file(), source
        assert _listed(root / "site", index).get(page.resolve()) is (source == BROKEN), source
    assert "This record is invalid" in (root / "site/incidents/INC-0001/index.html").read_text("utf-8")
