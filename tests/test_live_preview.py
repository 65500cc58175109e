"""The live preview's fast path gives what the full path gives: after each edit, the repository,
the record pages and the JSON API a LivePreview keeps up to date equal a fresh load and build."""

from __future__ import annotations

import gc
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from opsbook.interop.api import api_documents
from opsbook.live_preview import LivePreview
from opsbook.load import open_repository
from opsbook.model import Repository
from opsbook.site import build_pages
from opsbook.site.structure.model import SiteModel, build_model
from opsbook.validate import validate
from sitebuild import make_repository

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def _model(repository: Repository) -> SiteModel:
    return build_model(repository, validate(repository, now=NOW), NOW)


def _loaded(repository: Repository) -> list[tuple[object, ...]]:
    return [(type(item).__name__, item.path, item.kind.name if item.kind else None, getattr(item, "data", None),
             [str(d) for d in getattr(item, "diagnostics", [])])
            for item in [*repository.records, *repository.unloadable]] + [[str(d) for d in repository.diagnostics]]


def _record_pages(pages: list) -> dict[str, str]:
    return {page.uri: page.markdown for page in pages if page.source}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_live_load_equals_a_fresh_load_and_parses_only_changed_files(tmp_path: Path) -> None:
    root, live = make_repository(tmp_path / "repo"), LivePreview()
    before = {record.path: record for record in live.open_repository(root).records}
    _edit(root / "records/incidents/INC-0001.yaml", "\ntitle: ", "\ntitle: Edited ")
    (root / "records/incidents/INC-0002.yaml").unlink()
    (root / "records/changes/CHG-0002.yaml").write_text("title: [unclosed\n", "utf-8")
    (root / "records/oops").mkdir()
    after = live.open_repository(root)
    assert _loaded(after) == _loaded(open_repository(root))
    by_path = {record.path: record for record in after.records}
    assert by_path["records/incidents/INC-0001.yaml"].title.startswith("Edited ")
    assert by_path["records/changes/CHG-0001.yaml"].data is before["records/changes/CHG-0001.yaml"].data


def test_live_rebuilds_render_what_a_full_build_would(tmp_path: Path) -> None:
    root, live = make_repository(tmp_path / "repo"), LivePreview()
    first = live.pages(_model(live.open_repository(root)), "opsbook")
    assert first == build_pages(_model(open_repository(root)), "opsbook")
    for path, old, new in (("records/services/SVC-0001.yaml", "\ntitle: ", "\ntitle: Renamed "),
                           ("records/incidents/INC-0001.yaml", "\ntitle: ", "\ntitle: Edited "),
                           ("records/changes/CHG-0001.yaml", "\ntitle: ", "\ntitle: Moved ")):
        _edit(root / path, old, new)
        model = _model(live.open_repository(root))
        pages = live.pages(model, "opsbook")
        full = build_pages(_model(open_repository(root)), "opsbook")
        assert _record_pages(pages) == _record_pages(full)
        assert [page.uri for page in pages] == [page.uri for page in full]


def test_an_edit_reaching_many_pages_shows_its_own_page_first_and_the_rest_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("opsbook.live_preview.pages.RENDER_AT_ONCE", 0)
    root, live = make_repository(tmp_path / "repo"), LivePreview()
    live.pages(_model(live.open_repository(root)), "opsbook")
    watched = live.watched_folder()
    live.build_done()
    assert not (watched / "deferred").exists()  # nothing deferred, no follow-up requested
    _edit(root / "records/services/SVC-0001.yaml", "\ntitle: ", "\ntitle: Renamed ")
    full = _record_pages(build_pages(_model(open_repository(root)), "opsbook"))

    first = _record_pages(live.pages(_model(live.open_repository(root)), "opsbook"))
    assert first["services/SVC-0001.md"] == full["services/SVC-0001.md"]
    assert first["incidents/INC-0001.md"] != full["incidents/INC-0001.md"]
    live.build_done()
    assert "INC-0001" in (watched / "deferred").read_text("utf-8").split()  # the follow-up is requested

    follow_up = _record_pages(live.pages(_model(live.open_repository(root)), "opsbook"))
    assert follow_up == full
    live.close()
    assert not watched.exists()


def test_the_live_api_equals_the_full_api_after_edits(tmp_path: Path) -> None:
    root, live = make_repository(tmp_path / "repo"), LivePreview()
    assert live.api_documents(live.open_repository(root), True) == api_documents(open_repository(root), True)
    _edit(root / "records/incidents/INC-0001.yaml", "\ntitle: ", "\ntitle: Edited ")
    (root / "records/incidents/INC-0002.yaml").unlink()
    documents = live.api_documents(live.open_repository(root), True)
    assert documents == api_documents(open_repository(root), True)
    assert "Edited" in documents["api/v1/incident/INC-0001.json"]
    assert live.api_documents(live.open_repository(root), False) == api_documents(open_repository(root), False)


def test_a_file_is_unchanged_only_if_the_last_finished_build_wrote_the_same_text() -> None:
    live = LivePreview()
    assert not live.unchanged("a.md", "one")
    live.build_done()
    assert live.unchanged("a.md", "one") and not live.unchanged("b.md", "two")
    live.build_failed()  # a failed build may have left files half-written
    assert not live.unchanged("a.md", "one")


def test_collection_pauses_during_a_rebuild_and_resumes_after_it_or_at_once_when_it_fails() -> None:
    live = LivePreview()
    try:
        live.build_started()
        assert not gc.isenabled()
        live.build_failed()
        assert gc.isenabled()
        live.build_started()
        live.build_done()
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled()
    finally:
        gc.enable()
