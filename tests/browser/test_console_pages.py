"""The reader's site as an operations console, read in Chromium at a laptop's width (1366 px)
and a phone's (390 px): values for people, nothing clipped, axe-core finds no critical or
serious violation of opsbook's own markup, and a screenshot of each page type at both widths
(test-artifacts/screens/)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from examples import records_of
from opsbook.model import Repository
from sitebrowser import Browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"desktop": 1366, "phone": 390}
RAW_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# Visible text of the page's content, without code (commands and field names are code).
CONTENT_TEXT = """
const root = document.querySelector('.md-content');
const copy = root.cloneNode(true);
copy.querySelectorAll('code, pre, script, style, svg, .headerlink').forEach(e => e.remove());
document.body.appendChild(copy); copy.style.position = 'absolute'; copy.style.left = '-99999px';
const text = copy.innerText; copy.remove(); return text;"""


def page_types(repository: Repository, page_of: dict[str, str]) -> dict[str, str]:
    """Page type -> site path: home, status, calendar, KPIs, an index and a record per kind."""
    pages = {"home": "", "status": "status/", "calendar": "calendar/", "kpis": "kpis/",
             "kpi-availability": "kpis/availability/", "standup": "standup/"}
    for kind in repository.kinds:
        records = records_of(repository, kind.name)
        if records:
            folder = page_of[records[0].id].rstrip("/").rsplit("/", 1)[0]
            pages[f"index-{kind.name}"] = folder + "/"
            chosen = next((r for r in records if r.status not in ("closed", "retired")), records[-1])
            pages[f"record-{kind.name}"] = page_of[chosen.id]
    return pages


@pytest.fixture(scope="module")
def pages(repository: Repository, page_of: dict[str, str]) -> dict[str, str]:
    return page_types(repository, page_of)


@pytest.fixture(scope="module")
def snake_states(repository: Repository) -> set[str]:
    """Every lifecycle state written in snake_case, and the service states of the status report."""
    states = {"partial_outage", "major_outage"}
    for kind in repository.kinds:
        enum = kind.schema.get("properties", {}).get("status", {}).get("enum", [])
        states |= {s for s in enum if "_" in s}
    return states


@pytest.fixture
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[int]:
    width = WIDTHS[request.param]
    browser.driver.set_window_size(width, 1000)
    yield width
    browser.driver.set_window_size(1280, 1000)


def _settle(browser: Browser) -> None:
    browser.wait(lambda d: d.execute_script("return document.readyState") == "complete", "page did not load")
    browser.wait(lambda d: d.execute_script(
        "return [...document.querySelectorAll('.md-typeset table')].every(t => t.closest('.opsbook-scroll')"
        " || !/opsbook-/.test(t.className))"), "tables were not framed")


@pytest.mark.parametrize("sized", list(WIDTHS), indirect=True)
def test_every_page_type_reads_for_people_and_fits(browser: Browser, pages: dict[str, str],
                                                   snake_states: set[str], sized: int) -> None:
    problems = []
    for name, path in pages.items():
        browser.open(path)
        _settle(browser)
        text = browser.driver.execute_script(CONTENT_TEXT)
        raw = RAW_MOMENT.findall(text)
        if raw:
            problems.append(f"{name}: raw timestamps {raw[:3]}")
        snake = sorted({w for w in re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text) if w in snake_states})
        if snake:
            problems.append(f"{name}: snake_case states {snake}")
        # Nothing of the content reaches past the window, but inside a frame that scrolls it
        # (Material's own floating tooltips are not content).
        clipped = browser.driver.execute_script(
            "return [...document.querySelectorAll('.md-content *')].filter(e => !e.closest('.opsbook-scroll, pre')"
            " && e.getBoundingClientRect().width && e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".slice(0, 3).map(e => e.outerHTML.slice(0, 100))")
        if clipped:
            problems.append(f"{name}: content wider than the window: {clipped}")
        problems += [f"{name}: {p}" for p in _unreachable_scrollers(browser)]
        browser.screenshot(ARTIFACTS / "screens" / f"{name}-{sized}.png", max_height=6000)
    assert problems == []


def _unreachable_scrollers(browser: Browser) -> list[str]:
    """Content that scrolls sideways must be focusable and named (a keyboard can scroll it)."""
    return browser.driver.execute_script("""
        return [...document.querySelectorAll('.md-content *')].filter(e => {
          const style = getComputedStyle(e);
          return ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
            && e.tagName !== 'PRE' && !e.closest('pre');
        }).filter(e => e.tabIndex < 0 || !(e.getAttribute('aria-label') && e.getAttribute('role')))
          .map(e => 'unfocusable scroller: ' + e.outerHTML.slice(0, 120));""")


def test_axe_finds_no_serious_violation_of_our_markup(browser: Browser, pages: dict[str, str]) -> None:
    from axe import audit, axe_source

    source = axe_source()
    ours, theirs = [], {}
    for name, path in pages.items():
        for width in WIDTHS.values():
            browser.driver.set_window_size(width, 1000)
            browser.open(path)
            _settle(browser)
            for violation in audit(browser.driver, source):
                for node in violation["nodes"]:
                    entry = f"{name}@{width}: {violation['id']} ({violation['impact']}) {node['target']}: {node['html']}"
                    if not node["ours"]:
                        theirs.setdefault(violation["id"], []).append(entry)
                    else:
                        ours.append(entry + f"\n    {node['summary']}")
    browser.driver.set_window_size(1280, 1000)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-material.json").write_text(json.dumps(theirs, indent=1), "utf-8")
    assert ours == []
    # Material's own (listed in the README): only those the README names.
    assert set(theirs) <= MATERIAL_KNOWN, sorted(set(theirs) - MATERIAL_KNOWN)


# Violations of Material's theme chrome (header, navigation, search, footer), not of opsbook's
# markup; the README lists them.
MATERIAL_KNOWN = frozenset({"aria-dialog-name", "color-contrast"})
