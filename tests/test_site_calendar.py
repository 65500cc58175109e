"""The change calendar on the built site: its events are `opsbook calendar --format json`'s for
the same period, conflicts are marked on both changes, the iCalendar feed is published beside
the page, and change pages lead with their schedule and conflicts."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sitebuild import internal_target, make_repository, mkdocs_build, page_links
from support import run


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("calendar") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


class CalendarRows(HTMLParser):
    """The period and the event rows of the calendar page: attributes, and the record IDs
    linked in the conflicts cell (the last one)."""

    def __init__(self) -> None:
        super().__init__()
        self.period: dict[str, str] = {}
        self.rows: list[dict[str, Any]] = []
        self._cell = -1
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "data-opsbook-calendar" in found:
            self.period = found
        elif tag == "tr" and "data-event" in found:
            self.rows.append({**found, "conflicts": [], "record": ""})
            self._cell = -1
        elif tag == "td" and self.rows:
            self._cell += 1
        self._in_link = tag == "a" and "opsbook-ref" in found.get("class", "")

    def handle_data(self, data: str) -> None:
        if not self._in_link or not self.rows:
            return
        if self._cell == 3:
            self.rows[-1]["record"] = data
        elif self._cell == 8:
            self.rows[-1]["conflicts"].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_link = False
        if tag == "table":
            self._cell = -1


def calendar_page(site: Path) -> CalendarRows:
    parser = CalendarRows()
    parser.feed((site / "calendar/index.html").read_text("utf-8"))
    return parser


def test_the_page_shows_the_events_and_conflicts_the_cli_lists(built: Path) -> None:
    page = calendar_page(built / "site")
    result = run("calendar", "--root", str(built), "--format", "json",
                 "--from", page.period["data-from"], "--to", page.period["data-to"])
    assert result.exit_code == 0, result.output
    expected = json.loads(result.stdout)["events"]
    shown = [(row["data-event"], row["record"], row["data-start"], row["data-end"]) for row in page.rows]
    assert shown == [(e["uid"].split("@")[0], e["id"], e["start"], e["end"]) for e in expected]
    changes = {row["record"]: row["conflicts"] for row in page.rows if row["record"].startswith("CHG-")}
    assert changes == {e["id"]: [c["other"] for c in e["conflicts"]]
                       for e in expected if e["kind"] == "change"}
    assert changes["CHG-0002"] == ["CHG-0003"] and changes["CHG-0003"] == ["CHG-0002"]
    # Two weeks before the week of the site's "now" (Tuesday 2026-03-10) to 13 weeks after it.
    assert (page.period["data-from"], page.period["data-to"]) == ("2026-02-23T00:00:00Z",
                                                                  "2026-06-15T00:00:00Z")


def test_recurring_windows_are_expanded_and_freezes_highlighted(built: Path) -> None:
    rows = calendar_page(built / "site").rows
    weekly = [row["data-start"] for row in rows if row["record"] == "MW-0002"]
    assert len(weekly) == 16  # every Sunday of the 16 weeks shown
    assert weekly[4:6] == ["2026-03-29T01:00:00Z", "2026-04-05T00:00:00Z"]  # 02:00 Berlin, CET then CEST
    freeze = next(row for row in rows if row["record"] == "MW-0003")
    assert "opsbook-restricted" in freeze["class"].split()
    assert all(row["data-service"] == "SVC-0001" for row in rows)  # AST-0002 reaches it via AST-0001


def test_the_page_is_in_the_navigation_and_links_the_feed(built: Path) -> None:
    site = built / "site"
    assert any(href.endswith("calendar/") for href in page_links(site / "index.html").nav_hrefs)
    links = page_links(site / "calendar/index.html").hrefs
    feeds = [href for href in links if href.endswith(".ics")]
    assert feeds == ["changes.ics"]
    assert internal_target(site, site / "calendar/index.html", feeds[0]) == site / "calendar/changes.ics"


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text[:-2].replace("\r\n ", "").split("\r\n")


def test_the_feed_is_published_and_well_formed(built: Path) -> None:
    lines = unfold((built / "site/calendar/changes.ics").read_bytes().decode("utf-8"))
    open_blocks: list[str] = []
    events: list[dict[str, str]] = []
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            open_blocks.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert open_blocks.pop() == value
        elif open_blocks[-1:] == ["VEVENT"]:
            events[-1][name] = value
    assert not open_blocks and lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    rows = calendar_page(built / "site").rows
    assert [event["UID"] for event in events] == [f"{row['data-event']}@opsbook" for row in rows]
    for event, row in zip(events, rows, strict=True):
        start = event.get("DTSTART") or event["DTSTART;VALUE=DATE"] + "T000000Z"
        assert start == row["data-start"].replace("-", "").replace(":", ""), event
        assert event["SEQUENCE"].isdigit() and event["DTSTAMP"].endswith("Z")


def test_a_change_page_leads_with_its_conflicts_and_windows(built: Path) -> None:
    html = (built / "site/changes/CHG-0002/index.html").read_text("utf-8")
    conflicts = html.split("Schedule conflicts", 1)[1].split("</div>", 1)[0]
    assert 'href="../CHG-0003/"' in conflicts and "change-overlap-dependency" in conflicts
    assert html.index("Schedule conflicts") < html.index('id="schedule"') < html.index('id="fields"')
    schedule = html.split('id="schedule"', 1)[1].split("<h2", 1)[0]
    assert 'href="../../maintenance/MW-0001/"' in schedule and "<td>yes</td>" in schedule
    quiet = (built / "site/changes/CHG-0001/index.html").read_text("utf-8")
    assert "Schedule conflicts" not in quiet and "No maintenance, blackout or freeze window" in quiet
