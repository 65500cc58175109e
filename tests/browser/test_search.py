"""Material's search, run by its worker on the built search index, finds records and articles."""

from __future__ import annotations

import pytest
from examples import rarest_title_word
from opsbook.model import Repository
from sitebrowser import Browser


@pytest.mark.parametrize("kind", ["incident", "kb"])
def test_search_finds_a_record_by_a_word_of_its_title(
        browser: Browser, repository: Repository, page_of: dict[str, str], kind: str) -> None:
    record, word = rarest_title_word(repository, kind)
    browser.open("")
    found = browser.search(word)
    assert page_of[record.id] in found, f"searching {word!r} listed {found}, not {record.id}"
