"""A reader's tour of the site: no console error, nothing fetched from another host, and
screenshots of what the reader sees for reviewers (test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from examples import is_open, records_of, with_diagram
from opsbook.model import Record, Repository
from sitebrowser import Browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _overview_pages(site_dir: Path) -> list[str]:
    """The home page and every top-level page (indexes, stand-up, status, KPIs...). Record
    pages are read by the other tests, which end with the same check (conftest.py)."""
    return ["", *sorted(path.parent.relative_to(site_dir).as_posix() + "/"
                        for path in site_dir.glob("*/index.html"))]


def test_pages_log_no_console_error_and_fetch_only_from_the_site(browser: Browser, site_dir: Path) -> None:
    problems = []
    for page in _overview_pages(site_dir):
        browser.open(page)
        if browser.find_all("pre.mermaid, div.mermaid"):
            browser.diagrams(expected=len(browser.find_all("pre.mermaid, div.mermaid")))
        problems += [f"{page or '/'}: {problem}" for problem in browser.problems()]
    assert problems == []
    # The check above is only as good as the request log: it saw the site's own scripts.
    assert any(url.endswith("/assets/opsbook/opsbook.js") for url in browser.requested)


def _open_incident(repository: Repository) -> Record:
    incidents = records_of(repository, "incident")
    assert incidents, "the example has no incident"
    return next((r for r in incidents if is_open(r)), incidents[0])


@pytest.mark.parametrize("name", ["dashboard", "service", "incident"])
def test_screenshot_for_reviewers(browser: Browser, repository: Repository, page_of: dict[str, str],
                                  site_dir: Path, name: str) -> None:
    if name == "dashboard":
        browser.open("")
    elif name == "service":
        browser.open(page_of[with_diagram(repository, page_of, site_dir, "service").id])
        browser.diagrams(expected=1)
    else:
        browser.open(page_of[_open_incident(repository).id])
    shot = browser.screenshot(ARTIFACTS / f"{name}.png")
    assert shot.stat().st_size > 10_000
