"""What keeps a large site fast and usable: paged indexes, excerpts, pages rendered on every core.
(Timings are measured by tests/benchmarks, not here; the live preview is tests/test_live_preview.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.load.parallel import load_files
from opsbook.load.repository import load_file, record_files
from opsbook.site import build_pages
from opsbook.site.render import calendar, index, status
from opsbook.site.render.report_table import Excerpt
from opsbook.site.structure.model import SiteModel, build_model
from opsbook.tables import Table
from opsbook.validate import validate
from sitebuild import make_repository

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def _model(root: Path) -> SiteModel:
    repository = open_repository(root)
    return build_model(repository, validate(repository, now=NOW), NOW)


def test_large_indexes_come_in_pages_newest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "ROWS_PER_PAGE", 2)
    pages = {page.uri: page for page in build_pages(_model(make_repository(tmp_path / "repo")))}
    assert [uri for uri in pages if uri.startswith("changes/") and "CHG" not in uri] == \
        ["changes/index.md", "changes/page-2.md"]
    first, second = pages["changes/index.md"], pages["changes/page-2.md"]
    assert (first.nav, second.nav) == ("Indexes", None)
    assert first.markdown.index("CHG-0003") < first.markdown.index("CHG-0002")
    assert "CHG-0001" in second.markdown and "CHG-0001" not in first.markdown.split("<tbody>")[1]
    assert 'href="page-2/"' in first.markdown and 'href="../"' in second.markdown
    assert "data-opsbook-table" in second.markdown  # the filters work on every page


def test_parallel_loading_gives_the_serial_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repository = open_repository(make_repository(tmp_path / "repo"))
    files = list(record_files(repository.config, repository.kinds, []))
    serial = [load_file(repository.config, path, kind) for path, kind in files]
    monkeypatch.setenv("OPSBOOK_WORKERS", "2")
    monkeypatch.setattr("opsbook.load.parallel.MIN_FILES_PER_WORKER", 1)
    parallel, _ = load_files(files, lambda path, kind: load_file(repository.config, path, kind), repository.kinds)
    assert [(type(a), a.path, getattr(a, "data", None)) for a in serial] == \
        [(type(b), b.path, getattr(b, "data", None)) for b in parallel]
    assert all(b.kind is repository.kinds[b.kind.name] for b in parallel)


def test_an_excerpt_shows_report_rows_untouched_in_report_order_and_says_how_many() -> None:
    table = Table("clocks", "Clocks", ["incident", "month", "state"],
                  [["INC-1", "2026-03", "met"], ["INC-2", "2026-01", "breached"],
                   ["INC-3", "2026-02", "breached"], ["INC-4", "2026-02", "met"]])
    assert Excerpt(2, "the last").of(table).rows == table.rows[2:]
    newest = Excerpt(2, "the newest", rank=lambda r: r["month"]).of(table)
    assert newest.rows == [table.rows[0], table.rows[3]]  # ties: the later row; order kept
    breached = Excerpt(5, "breaches", keep=lambda r: r["state"] == "breached")
    picked = breached.of(table)
    assert picked.rows == table.rows[1:3] and (picked.name, picked.columns) == (table.name, table.columns)
    assert 'data-shown="2" data-of="4"' in breached.note("sla", table, picked)
    assert "<code>opsbook report sla --format csv</code>" in breached.note("sla", table, picked)
    assert Excerpt(4, "all").note("sla", table, table) == "" and Excerpt(0, "none").of(table).rows == []


def test_the_status_page_tells_the_newest_incidents_and_bars_the_affected_services(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status, "MAX_BARS", 1)
    monkeypatch.setattr(status, "MAX_STORIES", 1)
    model = _model(make_repository(tmp_path / "repo"))
    page = next(p.markdown for p in build_pages(model) if p.uri == "status.md")
    states = [r for r in model.kpis.table("status", "status").as_dicts() if r["customer_facing"]]
    assert page.count('<li data-service="') == len(states) >= 1  # every customer-facing service
    assert page.count('class="opsbook-uptime-row"') == 1
    assert f'<div class="opsbook-uptime-row" data-service="{states[0]["service"]}"' in page
    assert page.count('<section class="opsbook-incident"') == 1
    assert 'data-incident="INC-0002"' in page and 'href="../incidents/"' in page


def test_only_articles_services_and_projects_feed_the_tags_page(tmp_path: Path) -> None:
    pages = {page.uri: page for page in build_pages(_model(make_repository(tmp_path / "repo")))}
    assert pages["services/SVC-0001.md"].tags
    assert pages["incidents/INC-0001.md"].tags == ()  # it has tags: its page and the index show them


def test_a_calendar_row_names_the_first_services_it_can_affect_and_filters_on_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar, "MAX_INDIRECT_SHOWN", 0)
    model = _model(make_repository(tmp_path / "repo"))
    page = next(p.markdown for p in build_pages(model) if p.uri == "calendar/index.md")
    row = next(line for line in page.splitlines() if "<tr" in line and "can affect" in line)
    assert "can affect and 1 more" in row and 'href="../services/SVC-0001/"' not in row.split("can affect")[1]
    assert 'data-service="SVC-0001"' in row


def test_pages_rendered_on_every_core_are_the_serial_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = _model(make_repository(tmp_path / "repo"))
    monkeypatch.setenv("OPSBOOK_WORKERS", "1")
    serial = build_pages(model)
    monkeypatch.setenv("OPSBOOK_WORKERS", "3")
    monkeypatch.setattr("opsbook.site.pages.MIN_PAGES_PER_WORKER", 1)
    spread = build_pages(model)
    assert spread == serial and len(serial) > 30
