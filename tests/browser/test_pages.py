"""What a reader sees on the pages: diagrams drawn, counts that match the records, edit links
to the right source files."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from examples import is_open, records_of, with_diagram
from opsbook.cli import cli
from opsbook.model import Repository
from sitebrowser import Browser, By

_COUNTED = re.compile(r"^(.+?) \((\d+)\)")
# The headings of one section of a page, each with the record IDs linked beneath it.
_SECTIONS_JS = """
return Array.from(document.querySelectorAll('article h3')).map(function (h) {
  var ids = [], node = h.nextElementSibling;
  while (node && !/^H[1-3]$/.test(node.tagName)) {
    node.querySelectorAll('a.opsbook-ref').forEach(function (a) { ids.push(a.textContent.trim()); });
    node = node.nextElementSibling;
  }
  return [h.textContent.trim(), ids];
});
"""


def _counted_sections(browser: Browser) -> dict[str, tuple[int, list[str]]]:
    """Heading `Name (n)` -> (n, IDs linked under it)."""
    found = {}
    for heading, ids in browser.driver.execute_script(_SECTIONS_JS):
        match = _COUNTED.match(heading)
        if match:
            found[match.group(1)] = (int(match.group(2)), sorted(ids))
    return found


@pytest.mark.parametrize("kind", ["service", "asset"])
def test_dependency_diagrams_render_as_svg(browser: Browser, repository: Repository,
                                           page_of: dict[str, str], site_dir: Path, kind: str) -> None:
    record = with_diagram(repository, page_of, site_dir, kind)
    browser.open(page_of[record.id])
    svgs = browser.diagrams(expected=len(browser.find_all("pre.mermaid, div.mermaid")))
    # Mermaid draws a syntax error as an SVG too: its role is "error", not a diagram type.
    kinds = [svg.get_attribute("aria-roledescription") for svg in svgs]
    assert "error" not in kinds
    dependencies = [svg.get_attribute("textContent") or "" for svg in svgs
                    if svg.get_attribute("aria-roledescription") == "flowchart-v2"]
    assert any(f"{record.id}: " in text for text in dependencies), kinds


def test_dashboard_counts_open_incidents_by_priority(browser: Browser, repository: Repository) -> None:
    expected: dict[str, list[str]] = {}
    for incident in filter(is_open, records_of(repository, "incident")):
        level = repository.config.priority_of(incident.data.get("impact"), incident.data.get("urgency"))
        expected.setdefault(level or "unprioritized", []).append(incident.id)
    browser.open("")
    shown = _counted_sections(browser)
    for level in {*expected, "P1", "P2", "P3", "P4"}:
        ids = sorted(expected.get(level, []))
        assert shown.get(level) == (len(ids), ids), level


def test_standup_counts_open_work_of_each_kind(browser: Browser, repository: Repository) -> None:
    browser.open("standup/")
    shown = _counted_sections(browser)
    assert shown, "the stand-up view shows no open work"
    plurals = {kind.plural: kind.name for kind in repository.kinds}
    for plural, (count, ids) in shown.items():
        open_ids = sorted(r.id for r in filter(is_open, records_of(repository, plurals[plural])))
        assert (count, ids) == (len(open_ids), open_ids), plural


def test_status_page_matches_the_status_report(browser: Browser, repository_root: Path, site_dir: Path,
                                               now: datetime) -> None:
    if not (site_dir / "status" / "index.html").is_file():
        pytest.skip("the site has no status page at status/ yet")
    result = CliRunner().invoke(cli, ["report", "status", "--format", "json", "--as-of", now.isoformat(),
                                      "--root", str(repository_root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["tables"][0]["rows"]
    report = {row["service"]: row["status"] for row in rows}
    browser.open("status/")
    shown = [(element.get_attribute("data-service"), element.get_attribute("data-state"))
             for element in browser.find_all("[data-service][data-state]")]
    assert shown, "the status page shows no service state"
    # A service may appear more than once (current state, uptime bar): each must agree.
    assert [(service, report.get(service or "")) for service, _ in shown] == shown
    facing = {row["service"] for row in rows if row.get("customer_facing")}
    assert facing <= {service for service, _ in shown}, "a customer-facing service is missing from the status page"


def test_edit_links_open_the_source_file_of_each_kind(browser: Browser, repository: Repository,
                                                      page_of: dict[str, str]) -> None:
    sample = [records[0] for kind in repository.kinds if (records := records_of(repository, kind.name))]
    assert any(record.kind.is_document for record in sample), "no KB article in the sample"
    for record in sample:
        browser.open(page_of[record.id])
        edit = browser.driver.find_element(By.CSS_SELECTOR, "a.md-content__button[rel='edit']")
        assert (edit.get_attribute("href") or "").endswith("/" + record.path), record.id


def test_mermaid_loads_on_the_first_diagram_only_and_never_from_elsewhere(
        browser: Browser, repository: Repository, page_of: dict[str, str], site_dir: Path) -> None:
    """Mermaid (2.7 MB) is not part of a page without diagrams; reached by Material's instant
    navigation, a page with one still draws it, with the site's own copy (the clean_console
    fixture fails any request to another host)."""
    loaded = "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/mermaid.min.js'))"
    incident = records_of(repository, "incident")[0]
    assert 'class="mermaid"' not in (site_dir / page_of[incident.id] / "index.html").read_text("utf-8")
    browser.open(page_of[incident.id])
    browser.wait(lambda d: d.execute_script("return document.readyState") == "complete", "the page did not load")
    assert not browser.driver.execute_script(loaded), "a page without diagrams loaded Mermaid"
    service = with_diagram(repository, page_of, site_dir, "service")
    browser.driver.execute_script(  # a link on the page, followed the way a reader's click is
        "const a = document.createElement('a'); a.href = arguments[0]; document.querySelector('article').append(a);"
        "a.click();", "/" + page_of[service.id])
    browser.wait(lambda d: browser.path_of(d.current_url) == page_of[service.id], "the link was not followed")
    browser.diagrams(expected=len(browser.find_all("pre.mermaid, div.mermaid")))
    assert browser.driver.execute_script(loaded)
