"""Golden Markdown: the pages of representative records of every kind, the indexes and the
dashboard, rendered without MkDocs. Regenerate with OPSBOOK_REGENERATE_GOLDEN=1."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.site import Page, build_pages
from opsbook.site.structure.model import build_model
from opsbook.validate import validate
from sitebuild import GOLDEN, make_repository

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))
REGENERATE = os.environ.get("OPSBOOK_REGENERATE_GOLDEN") == "1"


def _pages(tmp_path: Path) -> dict[str, Page]:
    repository = open_repository(make_repository(tmp_path / "repo"))
    model = build_model(repository, validate(repository, now=NOW), NOW)
    return {page.uri: page for page in build_pages(model, "Kestrel Freight IT")}


def _golden_name(uri: str) -> str:
    return uri.replace("/", "__")


def test_pages_match_golden_files(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    if REGENERATE:
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for uri, page in pages.items():
            (GOLDEN / _golden_name(uri)).write_text(page.markdown, "utf-8")
        pytest.skip("golden files regenerated")
    expected = {path.name for path in GOLDEN.glob("*.md")}
    assert expected == {_golden_name(uri) for uri in pages}
    for uri, page in pages.items():
        assert page.markdown == (GOLDEN / _golden_name(uri)).read_text("utf-8"), uri


def test_every_kind_has_a_golden_record_page() -> None:
    folders = {path.name.split("__")[0] for path in GOLDEN.glob("*__*-*.md")}
    assert folders >= {"services", "assets", "incidents", "problems", "changes", "releases", "slas",
                       "maintenance", "projects", "improvements", "requests", "kb"}
