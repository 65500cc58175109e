"""Index tables sort by a column and filter by status in the browser (site/assets/opsbook.js)."""

from __future__ import annotations

import re
from collections import Counter

from examples import records_of
from opsbook.model import Repository
from sitebrowser import Browser, By

_NUMBER = re.compile(r"\d+")


def _column(browser: Browser, index: int) -> list[str]:
    """The text of one column of the shown rows, top to bottom."""
    return [row.find_elements(By.TAG_NAME, "td")[index].text.strip()
            for row in browser.find_all("table[data-opsbook-ready] tbody tr") if row.is_displayed()]


def _click_header(browser: Browser, label: str) -> tuple[int, str]:
    """Click the header cell `label`; (its column, its aria-sort afterwards)."""
    headers = browser.find_all("table[data-opsbook-ready] thead th")
    index = [header.text.strip() for header in headers].index(label)
    headers[index].click()
    return index, headers[index].get_attribute("aria-sort") or ""


def _id_number(record_id: str) -> int:
    found = _NUMBER.search(record_id)
    return int(found.group()) if found else -1


def test_incident_index_sorts_by_a_column_both_ways(browser: Browser, repository: Repository) -> None:
    incidents = records_of(repository, "incident")
    browser.open("incidents/")
    browser.ready_table()

    priority, order = _click_header(browser, "Priority")
    ascending = _column(browser, priority)
    assert order == "ascending"
    assert len(set(ascending)) > 1, "every incident has the same priority: sorting proves nothing"
    assert ascending == sorted(ascending)

    _, order = _click_header(browser, "Priority")
    assert order == "descending"
    assert _column(browser, priority) == sorted(ascending, reverse=True)

    ident, order = _click_header(browser, "ID")
    ids = _column(browser, ident)
    assert order == "ascending"
    assert {r.id for r in incidents} <= set(ids)  # unloadable files have rows too
    assert [_id_number(i) for i in ids] == sorted(_id_number(i) for i in ids)
    _, order = _click_header(browser, "ID")
    assert order == "descending"
    assert _column(browser, ident) == ids[::-1]


def test_incident_index_filters_by_status(browser: Browser, repository: Repository) -> None:
    statuses = Counter(r.status for r in records_of(repository, "incident"))
    rows = sum(statuses.values()) + sum(1 for u in repository.unloadable if u.kind and u.kind.name == "incident")
    # The most common status that is not every row, so the filter visibly hides some.
    status, expected = next((s, n) for s, n in statuses.most_common() if n < rows)
    browser.open("incidents/")
    browser.ready_table()

    browser.select("select[data-filter='status']").select_by_value(status)
    shown = [row for row in browser.find_all("table[data-opsbook-ready] tbody tr") if row.is_displayed()]
    assert {row.get_attribute("data-status") for row in shown} == {status}
    assert len(shown) == expected
    assert browser.find(".opsbook-filter-count").text == f"{expected} of {rows} shown"

    browser.select("select[data-filter='status']").select_by_value("")
    shown = [row for row in browser.find_all("table[data-opsbook-ready] tbody tr") if row.is_displayed()]
    assert len(shown) == rows
