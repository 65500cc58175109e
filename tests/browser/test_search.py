"""Search in the header: Pagefind's index of record pages and KB articles, driven by
opsbook-search.js in Material's search box. By word, by exact ID, with kind and status facets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from examples import rarest_title_word, records_of
from opsbook.model import Repository
from sitebrowser import Browser


@pytest.mark.parametrize("kind", ["incident", "kb"])
def test_search_finds_a_record_by_a_word_of_its_title(
        browser: Browser, repository: Repository, page_of: dict[str, str], kind: str) -> None:
    record, word = rarest_title_word(repository, kind)
    browser.open("")
    found = browser.search(word)
    assert page_of[record.id] in found, f"searching {word!r} listed {found}, not {record.id}"


def test_a_result_shows_id_kind_title_and_status(browser: Browser, repository: Repository) -> None:
    record, word = rarest_title_word(repository, "incident")
    browser.open("")
    browser.search(word)
    result = next(item for item in browser.search_results() if item["id"] == record.id)
    assert result["title"] == f"{record.id} {record.title}"
    assert result["kind"] == "Incident" and result["status"] == record.status


def test_an_exact_id_comes_first_even_when_other_pages_mention_it(
        browser: Browser, repository: Repository, page_of: dict[str, str]) -> None:
    # The incident most other records mention: the hardest case for "exact ID first".
    mentions = Counter(i.id for i in records_of(repository, "incident")
                       for other in repository.records if other is not i and i.id in other.text)
    wanted = mentions.most_common(1)[0][0] if mentions else records_of(repository, "incident")[0].id
    browser.open("incidents/")
    for query in (wanted, wanted.lower()):
        found = browser.search(query)
        assert found[0] == page_of[wanted], f"searching {query!r} listed {found}"


def test_facets_narrow_results_by_kind_and_status(browser: Browser, repository: Repository) -> None:
    # A word on pages of several kinds, so the kind facet visibly narrows them.
    browser.open("")
    browser.search("service")
    before = browser.search_results()
    kinds = {item["kind"] for item in before}
    assert len(kinds) > 1, f"'service' found only {kinds}: the facet would prove nothing"
    total = browser.result_count()

    browser.facet("kind", "Incident")
    browser.wait(lambda d: browser.result_count() < total, "the kind facet did not narrow the results")
    narrowed = browser.search_results()
    assert narrowed and {item["kind"] for item in narrowed} == {"Incident"}
    incidents = browser.result_count()

    status = Counter(item["status"] for item in narrowed).most_common(1)[0][0]
    label = status.replace("_", " ").capitalize()
    browser.facet("status", label)
    browser.wait(lambda d: browser.result_count() <= incidents and
                 {item["status"] for item in browser.search_results()} == {status},
                 "the status facet did not narrow the results")
    assert {item["kind"] for item in browser.search_results()} == {"Incident"}

    # Facets are toggles: pressing both again gives the first list back.
    browser.facet("status", label)
    browser.facet("kind", "Incident")
    browser.wait(lambda d: browser.result_count() == total, "clearing the facets did not restore the results")


def test_lists_of_other_records_do_not_flood_the_results(
        browser: Browser, repository: Repository, page_of: dict[str, str]) -> None:
    """A service page lists its incidents, but searching an incident's ID does not find it."""
    incident = next(i for i in records_of(repository, "incident") if isinstance(i.data.get("service"), str))
    service = incident.data["service"]
    browser.open("")
    found = browser.search(incident.id)
    assert page_of[service] not in found, found


def test_an_id_lists_only_the_pages_that_mention_it_whichever_shard_they_are_in(
        browser: Browser, repository: Repository, page_of: dict[str, str], site_dir: Path) -> None:
    """The example's index comes in shards (conftest); a shard without the ID must not answer
    with its longest word the ID starts with (`inc`), which would list pages that never say it."""
    shards = json.loads((site_dir / "pagefind" / "opsbook-shards.json").read_text("utf-8"))["shards"]
    assert len(shards) >= 2, "the example's index is in one shard: this test would prove nothing"
    pages = {path: (site_dir / path / "index.html").read_text("utf-8") for path in page_of.values()}
    for incident in records_of(repository, "incident")[:3]:
        # At most the record pages whose HTML says the ID anywhere (some of them only in lists
        # that search leaves out).
        mentioning = [path for path, html in pages.items() if incident.id in html]
        browser.open("")
        found = browser.search(incident.id)
        assert found[0] == page_of[incident.id], found
        assert 1 <= browser.result_count() <= len(mentioning), (incident.id, browser.result_count())


def test_the_engine_starts_from_one_file_fetched_under_the_tag_of_the_build(
        browser: Browser, site_dir: Path, requested: list[str]) -> None:
    """What Pagefind reads before a first search (its engine, every shard's entry file and
    metadata) comes in one file, named for the reader's cache by the build's tag (the manifest
    names it); Pagefind asks for none of those files on its own, and the search works."""
    manifest = json.loads((site_dir / "pagefind" / "opsbook-shards.json").read_text("utf-8"))
    browser.driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # earlier tests' copies
    requested.clear()
    browser.open("")
    assert browser.search("service"), "searching 'service' found nothing"
    assert requested.count(f"/pagefind/opsbook-start.bin?ts={manifest['tag']}") == 1, requested
    alone = [path for path in requested if "pagefind-entry.json" in path or path.endswith(".pf_meta")
             or "/wasm." in path]
    assert alone == [], alone
    # Each shard's files are in the bundle: its entry file and the metadata it names.
    bundled = {name for name, _, _ in manifest["start"]}
    assert any(name.startswith("wasm.") for name in bundled), bundled
    for shard in ["", *manifest["shards"]]:
        assert f"{shard}pagefind-entry.json" in bundled
        assert any(name.startswith(shard + "pagefind.") and name.endswith(".pf_meta") for name in bundled)
