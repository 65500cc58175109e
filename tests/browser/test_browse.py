"""Browsing an index across all its records (opsbook-index.js on the kind's index data): filters
on any page reach every record, the state lives in the URL, and without JavaScript the static
pages still list every record. A copy of the example with 400 more incidents makes the incident
index three pages long (200 rows a page)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from examples import is_open
from opsbook.load import open_repository
from opsbook.model import Repository
from sitebrowser import Browser, By, launch

EXTRA_INCIDENTS = 400
_ID_LINE = re.compile(r"^id: INC-\d+$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)
HOSTILE = "Quokkaware <img src=x onerror=alert(1)> <script>alert(2)</script>"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _grow(root: Path) -> None:
    """More incidents, each a copy of an example incident under a new ID."""
    folder = root / "records/incidents"
    templates = sorted(folder.glob("INC-*.yaml"))
    for n in range(EXTRA_INCIDENTS):
        ident = f"INC-{5000 + n}"
        text = templates[n % len(templates)].read_text("utf-8")
        text = _ID_LINE.sub(f"id: {ident}", text, count=1)
        if n == 0:  # one title full of markup, for the search box to show as text
            text = _TITLE_LINE.sub(f"title: '{HOSTILE}'", text, count=1)
        (folder / f"{ident}.yaml").write_text(text, "utf-8")


@pytest.fixture(scope="module")
def grown(repository_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("grown") / "repo"
    shutil.copytree(repository_root, root, ignore=shutil.ignore_patterns("site"))
    _grow(root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(root / "mkdocs.yml"),
         "--site-dir", str(root / "site")],
        cwd=root, capture_output=True, text=True, check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def grown_repository(grown: Path) -> Repository:
    return open_repository(grown)


@pytest.fixture(scope="module")
def site(grown: Path, browser: Browser) -> Iterator[Browser]:
    """The grown site on its own port, read in the session's Chromium."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(grown / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield Browser(browser.driver, f"http://127.0.0.1:{httpd.server_port}/")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def clean_console(site: Browser) -> Iterator[None]:
    """As for the example site: no console error, no request leaving the grown site's host."""
    site.problems()
    yield
    assert site.problems() == []


def _shown_ids(site: Browser) -> list[str]:
    return [row.find_elements(By.TAG_NAME, "td")[0].text.strip()
            for row in site.find_all("table[data-opsbook-ready] tbody tr") if row.is_displayed()]


def _rows(repository: Repository) -> int:
    """Rows of the incident index: every incident, and every incident file that did not load."""
    broken = sum(1 for u in repository.unloadable if u.kind is not None and u.kind.name == "incident")
    return len(repository.of_kind("incident")) + broken


def _query(site: Browser) -> str:
    return site.driver.execute_script("return location.search")


def test_a_filter_on_a_later_page_finds_rows_of_every_page(site: Browser, grown_repository: Repository) -> None:
    incidents = grown_repository.of_kind("incident")
    status, expected = Counter(i.status for i in incidents).most_common(1)[0]
    site.open("incidents/page-2/")
    site.ready_table()
    on_page_two = set(_shown_ids(site))
    assert len(on_page_two) == 200

    site.select("select[data-filter='status']").select_by_value(status)
    site.wait(lambda d: site.find(".opsbook-filter-count").text == f"{expected} of {_rows(grown_repository)} shown",
              "the status filter did not count every incident of that status")
    shown = _shown_ids(site)
    assert len(shown) == min(expected, 200)
    assert set(shown) - on_page_two, "only rows of the page shown were filtered"
    assert {row.get_attribute("data-status") for row in site.find_all("table[data-opsbook-ready] tbody tr")} == {status}
    assert f"status={status}" in _query(site)


def test_open_is_one_click_and_the_url_keeps_the_view(site: Browser, grown_repository: Repository) -> None:
    incidents = grown_repository.of_kind("incident")
    still_open = [i for i in incidents if is_open(i)]
    site.open("incidents/")
    site.ready_table()
    site.find("button[data-filter='open']").click()
    count = f"{len(still_open)} of {_rows(grown_repository)} shown"
    site.wait(lambda d: site.find(".opsbook-filter-count").text == count, "'Open only' did not filter")
    assert set(_shown_ids(site)) <= {i.id for i in still_open}
    # Sorted by ID, descending, by two clicks on its header.
    for _ in range(2):
        site.find("table[data-opsbook-ready] thead th").click()
    query = _query(site)
    assert "open=1" in query and "sort=id" in query and "dir=desc" in query

    site.driver.get(site.driver.current_url)  # the bookmarked view, opened afresh
    site.ready_table()
    assert site.find(".opsbook-filter-count").text == count
    assert site.find("button[data-filter='open']").get_attribute("aria-pressed") == "true"
    ids = _shown_ids(site)
    numbers = [int(i.rsplit("-", 1)[1]) for i in ids]
    assert numbers == sorted(numbers, reverse=True)
    assert site.find("table[data-opsbook-ready] thead th").get_attribute("aria-sort") == "descending"


def test_a_shared_link_with_several_states_a_service_and_a_page(
        site: Browser, grown_repository: Repository) -> None:
    incidents = grown_repository.of_kind("incident")
    service = Counter(i.data.get("service") for i in incidents).most_common(1)[0][0]
    states = [s for s, _ in Counter(i.status for i in incidents).most_common(2)]
    wanted = [i for i in incidents if i.status in states and i.data.get("service") == service]
    site.open(f"incidents/?status={','.join(states)}&service={service}&page=1")
    site.ready_table()
    assert site.find(".opsbook-filter-count").text == f"{len(wanted)} of {_rows(grown_repository)} shown"
    chosen = [o.get_attribute("value") for o in site.select("select[data-filter='status']").all_selected_options]
    assert sorted(chosen) == sorted(states)
    # The service filter names services, not only their IDs.
    title = grown_repository.by_id[service].title
    assert title in site.select("select[data-filter='service']").first_selected_option.text


def test_without_javascript_the_static_pages_list_every_record(grown: Path, grown_repository: Repository,
                                                                site: Browser) -> None:
    driver = launch(javascript=False)
    try:
        reader = Browser(driver, site.base)
        reader.open("incidents/")
        rows = reader.find_all("table.opsbook-index tbody tr")
        assert len(rows) == 200 and not reader.find_all("select[data-filter]")
        seen = {row.find_elements(By.TAG_NAME, "td")[0].text.strip() for row in rows}
        pages = reader.find_all("nav.opsbook-pager a")
        assert pages and all(link.is_displayed() for link in pages)
        for number in (2, 3):
            reader.open(f"incidents/page-{number}/")
            seen |= {row.find_elements(By.TAG_NAME, "td")[0].text.strip()
                     for row in reader.find_all("table.opsbook-index tbody tr")}
        assert {i.id for i in grown_repository.of_kind("incident")} <= seen
    finally:
        driver.quit()


def test_search_shows_markup_in_a_title_as_text(site: Browser) -> None:
    site.open("")
    assert site.search("quokkaware")[0] == "incidents/INC-5000/"
    result = site.search_results()[0]
    assert result["title"] == f"INC-5000 {HOSTILE}"
    assert not site.find_all(".md-search-result__list img, .md-search-result__list script")
