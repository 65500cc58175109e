"""The change calendar filters by service in the browser exactly as `opsbook calendar --service`
does, and an asset's impact diagram renders."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from opsbook.cli import cli
from opsbook.cmdb.dependencies import ConfigurationGraph
from opsbook.model import Repository
from sitebrowser import Browser


def _cli_events(root: Path, since: str, before: str, service: str) -> list[str]:
    result = CliRunner().invoke(cli, ["calendar", "--format", "json", "--from", since, "--to", before,
                                      "--service", service, "--root", str(root)], catch_exceptions=False)
    return [event["uid"].split("@")[0] for event in json.loads(result.stdout)["events"]]


def _shown(browser: Browser) -> list[str]:
    rows = browser.find_all("table[data-opsbook-ready] tbody tr")
    return [row.get_attribute("data-event") or "" for row in rows if row.is_displayed()]


def test_the_calendar_filters_by_service_as_the_cli_does(browser: Browser, repository_root: Path) -> None:
    browser.open("calendar/")
    browser.ready_table()
    period = browser.find("[data-opsbook-calendar]")
    since, before = period.get_attribute("data-from") or "", period.get_attribute("data-to") or ""
    everything = _shown(browser)
    services = [option.get_attribute("value") or ""
                for option in browser.find_all("select[data-filter='service'] option")]
    expected = {service: _cli_events(repository_root, since, before, service)
                for service in services if service}
    assert expected, "no event in the example's calendar names a service"
    # The service with the fewest events, so that the filter visibly hides rows.
    service = min(expected, key=lambda s: (len(expected[s]), s))
    assert len(expected[service]) < len(everything)

    browser.select("select[data-filter='service']").select_by_value(service)
    assert _shown(browser) == expected[service]
    browser.select("select[data-filter='service']").select_by_value("")
    assert _shown(browser) == everything


def test_an_asset_page_draws_what_its_failure_reaches(browser: Browser, repository: Repository,
                                                      page_of: dict[str, str]) -> None:
    graph = ConfigurationGraph(repository)
    asset = max(repository.of_kind("asset"), key=lambda a: (len(graph.affected_by(a.id)), a.id))
    assert graph.affected_by(asset.id), "no asset in the example supports anything"
    browser.open(page_of[asset.id])
    assert browser.find("#if-this-fails").text == "If this fails"
    assert len(browser.diagrams(2)) == 2  # its dependencies, and the impact of its failure
