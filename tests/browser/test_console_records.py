"""Each page answers its reader at a glance, read in Chromium: header cards per kind, times
with their ISO value on hover, the status page for customers, the calendar's week and month,
the Gantt chart, diagrams that link, KB articles with real headings, sticky ID columns."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta

from examples import is_open, records_of, with_diagram
from opsbook.model import Repository
from selenium.webdriver.common.by import By
from sitebrowser import Browser

CARD_FACTS = {
    "incident": {"Priority", "State", "Service", "Assignee"},
    "change": {"State", "Window", "Type", "Risk", "Approval", "Conflicts"},
    "problem": {"State", "Known error", "Workaround"},
    "project": {"RAG", "SPI / CPI", "Next milestone"},
    "service": {"Current state", "Lifecycle"},
}


def test_each_kind_has_a_header_card_with_what_its_reader_asks_first(
        browser: Browser, repository: Repository, page_of: dict[str, str]) -> None:
    for kind, facts in CARD_FACTS.items():
        record = next((r for r in records_of(repository, kind) if is_open(r)), records_of(repository, kind)[0])
        browser.open(page_of[record.id])
        card = browser.find(f"dl.opsbook-header-card[data-kind='{kind}']")
        labels = {dt.text for dt in card.find_elements(By.CSS_SELECTOR, "dt")}
        assert facts <= labels, (record.id, labels)
        # Near the top: visible without scrolling on a laptop.
        assert card.location["y"] < 700, record.id


def test_an_open_incident_shows_its_age_and_sla_clocks(browser: Browser, repository: Repository,
                                                       page_of: dict[str, str]) -> None:
    timed = [r for r in records_of(repository, "incident") if is_open(r) and r.data.get("opened_at")]
    assert timed, "the example has no open incident"
    clocks = []
    for record in timed:
        browser.open(page_of[record.id])
        card = browser.find("dl.opsbook-header-card")
        assert re.search(r"\d+ (days?|h|min)", card.text), card.text
        clocks += [dd.text for dt, dd in zip(card.find_elements(By.CSS_SELECTOR, "dt"),
                                             card.find_elements(By.CSS_SELECTOR, "dd")) if dt.text.startswith("SLA")]
    assert any(re.search(r"(left|Breached by|Met) ", clock) for clock in clocks), clocks


def test_times_read_as_words_with_the_iso_value_on_hover(browser: Browser, repository: Repository,
                                                         page_of: dict[str, str], now: datetime) -> None:
    record = next(r for r in records_of(repository, "incident") if r.data.get("timeline"))
    browser.open(page_of[record.id])
    times = browser.find_all(".md-content time[datetime]")
    assert times
    for element in times:
        iso = element.get_attribute("datetime") or ""
        assert element.get_attribute("title") == iso
        assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}( \d{4})?(, \d\d:\d\d [A-Z+\-0-9]+)?",
                            element.text), element.text
    # "in 3 days" / "2 h ago" come from the build's clock: near `now`, a relative phrase shows.
    browser.open("status/")
    assert re.search(r"Last updated .*(ago|just now)", browser.find(".md-content").text)


def test_status_page_is_for_customers(browser: Browser, repository: Repository, now: datetime) -> None:
    browser.open("status/")
    source = browser.driver.page_source
    facing = {r.id for r in records_of(repository, "service") if r.data.get("customer_facing") and r.status == "live"}
    shown = {e.get_attribute("data-service") for e in browser.find_all("ul.opsbook-service-states li[data-service]")}
    assert shown == facing
    for incident in records_of(repository, "incident"):
        assert incident.title not in source, f"internal title of {incident.id} on the status page"
        for entry in incident.data.get("timeline") or []:
            if isinstance(entry, dict) and not entry.get("public") and len(str(entry.get("note", ""))) > 30:
                assert str(entry["note"])[:30] not in source, f"internal note of {incident.id}"
    assert browser.find_all(".opsbook-legend li")
    for row in browser.find_all(".opsbook-uptime-row"):
        assert re.search(r"\d+\.\d\d % uptime", row.text), row.text
        # Today's bar tells the state above it: a service not operational has no "full" today.
        last = row.find_elements(By.CSS_SELECTOR, "rect")[-1]
        if row.get_attribute("data-state") != "operational":
            assert last.get_attribute("data-level") != "full"
    # Without hover: the days that were not fully available are listed in text.
    details = browser.find_all("details.opsbook-bad-days")
    if details:
        details[0].click()
        assert re.search(r"\d+(\.\d+)? %", details[0].text)


def test_calendar_has_a_week_from_today_a_month_and_the_list(browser: Browser, now: datetime) -> None:
    browser.open("calendar/")
    days = [e.get_attribute("data-day") for e in browser.find_all("ol.opsbook-week > li.opsbook-day")]
    assert len(days) == 7
    first = datetime.fromisoformat(days[0] or "")
    assert abs(first.date() - now.date()) <= timedelta(days=1)
    assert browser.find("ol.opsbook-week li.opsbook-day time").text == "Today"
    month = browser.find("table.opsbook-month")
    assert month.find_elements(By.CSS_SELECTOR, "td.opsbook-today")
    assert browser.find_all("table.opsbook-calendar tbody tr"), "the list of events is gone"
    marks = browser.find_all(".opsbook-mark-conflict, .opsbook-mark-freeze")
    assert marks and all(mark.text for mark in marks), "conflicts and freezes are marked in words"


def test_gantt_and_roadmap(browser: Browser, repository: Repository, page_of: dict[str, str]) -> None:
    project = next(r for r in records_of(repository, "project") if r.data.get("tasks"))
    browser.driver.set_window_size(1366, 1000)
    try:
        browser.open(page_of[project.id])
        chart = browser.find("figure.opsbook-gantt")
        assert chart.find_elements(By.CSS_SELECTOR, ".opsbook-today")
        assert chart.find_elements(By.CSS_SELECTOR, ".opsbook-bar-baseline")
        assert chart.find_elements(By.CSS_SELECTOR, ".opsbook-bar-forecast")
        assert chart.find_elements(By.CSS_SELECTOR, ".opsbook-critical-tag")
        label = chart.find_element(By.CSS_SELECTOR, "li.opsbook-gantt-row .opsbook-gantt-label")
        size = float(browser.driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", label))
        assert size >= 12, "Gantt labels too small to read"
        browser.open("projects/")
        rows = browser.find_all(".opsbook-roadmap li.opsbook-gantt-row")
        active = [r for r in records_of(repository, "project") if r.status not in ("closed", "cancelled")]
        assert 0 < len(rows) <= len(active)
    finally:
        browser.driver.set_window_size(1280, 1000)


def test_diagram_nodes_link_to_records_and_show_state(browser: Browser, repository: Repository,
                                                      page_of: dict[str, str], site_dir) -> None:
    service = with_diagram(repository, page_of, site_dir, "service")
    browser.open(page_of[service.id])
    svg = browser.diagrams(expected=1)[0]
    links = svg.find_elements(By.CSS_SELECTOR, "a")
    assert links, "diagram nodes are not links"
    targets = [browser.driver.execute_script(
        "return arguments[0].getAttribute('href') || arguments[0].getAttribute('xlink:href')", link) for link in links]
    ids = {record.id for record in repository.records}
    assert all(target and (target == "./" or target.rstrip("/").rsplit("/", 1)[-1] in ids) for target in targets), targets
    assert svg.find_elements(By.CSS_SELECTOR, ".ok, .warn, .bad, .other"), "nodes not coloured by state"


def test_kb_article_headings_toc_and_code(browser: Browser, repository: Repository, page_of: dict[str, str]) -> None:
    article = next(r for r in records_of(repository, "kb") if "```" in (r.body or "") and "\n## " in (r.body or ""))
    browser.open(page_of[article.id])
    assert len(browser.find_all(".md-content h1")) == 1
    headings = browser.find_all(".md-content h2[id]")
    toc = {a.get_attribute("href").split("#")[-1] for a in browser.find_all(".md-sidebar--secondary a.md-nav__link")}
    assert headings and {h.get_attribute("id") for h in headings} & toc
    levels = [int(e.tag_name[1]) for e in browser.find_all(".md-content h1, .md-content h2, .md-content h3, "
                                                             ".md-content h4")]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert browser.find_all(".md-content pre > code"), "code blocks did not render"
    browser.wait(lambda d: browser.find_all(".md-content pre button[data-md-type='copy'], .md-content button.md-clipboard"),
                 "no copy button on code")


def test_identifying_column_stays_in_view_on_a_phone(browser: Browser) -> None:
    browser.driver.set_window_size(390, 900)
    try:
        browser.open("incidents/")
        browser.wait(lambda d: browser.find_all(".opsbook-scroll table.opsbook-index"), "index not framed")
        frame = browser.find(".opsbook-scroll")
        assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("aria-label")
        cell = frame.find_element(By.CSS_SELECTOR, "tbody tr td")
        before = cell.rect["x"]
        browser.driver.execute_script("arguments[0].scrollLeft = 400", frame)
        assert abs(cell.rect["x"] - before) < 2, "the ID column scrolled out of view"
    finally:
        browser.driver.set_window_size(1280, 1000)
