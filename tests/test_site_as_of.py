"""The site built with a fixed clock: the plugin's `now` option or $OPSBOOK_NOW, and the same
figures as `opsbook report --as-of` (worked out by hand in tests/test_kpis_as_of.py); and the
calendar feed read back with an independent RFC 5545 parser (icalendar)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import icalendar
from handmade import handmade, window
from kpis_support import KPI_EXAMPLES
from support import SCHEMAS, run

PROJECT = Path(__file__).resolve().parent.parent
SITE_URL = "https://ops.example.com/"


def site_repository(root: Path, now: str | None, site_url: str | None = None) -> Path:
    """`root` with the project's mkdocs.yml, the plugin's `now` set as written (unless None)."""
    config = (PROJECT / "mkdocs.yml").read_text("utf-8")
    if now is not None:
        config = config.replace("  - opsbook\n", f"  - opsbook:\n      now: {now}\n", 1)
    if site_url is not None:
        config = f"site_url: {site_url}\n" + config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    (root / "kb").mkdir(exist_ok=True)
    return root


def build(root: Path, **env: str) -> Path:
    """A non-strict build: records dated after a past `now` are flagged (time-future), as
    `opsbook validate --as-of` flags them, and the build goes on."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(root / "mkdocs.yml"),
         "--site-dir", str(root / "site")],
        cwd=root, capture_output=True, text=True, check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", **env})
    assert result.returncode == 0, result.stderr
    return root / "site"


def cells(html: str, column: str) -> list[str]:
    """A column's values as the report gives them (kept in `data-value` where the text is for people)."""
    found = re.findall(rf'<td data-column="{column}">(?:<span data-value="([^"]*)">)?([^<]*)<', html)
    return [machine or text for machine, text in found]


def as_of_repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(KPI_EXAMPLES / "as-of", root)
    shutil.copytree(SCHEMAS, root / "schemas")
    return root


def test_site_with_a_day_as_now_shows_that_days_figures(tmp_path: Path) -> None:
    site = build(site_repository(as_of_repository(tmp_path), "2026-07-31"))  # unquoted: YAML reads a date
    availability = (site / "kpis" / "availability" / "index.html").read_text("utf-8")
    assert set(cells(availability, "month")) == {"2026-07"}  # the day ends in Berlin: no August
    assert "99.462" in cells(availability, "availability")
    incidents = (site / "kpis" / "incidents" / "index.html").read_text("utf-8")
    assert cells(incidents, "incidents")[-1] == "1" and cells(incidents, "mttr_mean")[-1] == "240"
    assert cells(incidents, "mttr_active_mean")[-1] == "180"
    changes = (site / "kpis" / "changes" / "index.html").read_text("utf-8")
    assert cells(changes, "implemented")[-1] == "1" and cells(changes, "successful")[-1] == "1"


def test_site_clock_from_the_environment(tmp_path: Path) -> None:
    site = build(site_repository(as_of_repository(tmp_path), None), OPSBOOK_NOW="2026-07-31T12:30:00+02:00")
    incidents = (site / "kpis" / "incidents" / "index.html").read_text("utf-8")
    assert cells(incidents, "open")[-1] == "1" and cells(incidents, "mttr_mean")[-1] == "-"
    availability = (site / "kpis" / "availability" / "index.html").read_text("utf-8")
    assert "99.659" in cells(availability, "availability")
    status = (site / "status" / "index.html").read_text("utf-8")
    # The status page is for customers (customer-facing services only): it is as of that moment.
    assert 'datetime="2026-07-31T10:30:00+00:00"' in status or "Fri 31 Jul" in status


def test_an_unreadable_now_fails_the_build_in_one_line(tmp_path: Path) -> None:
    root = site_repository(as_of_repository(tmp_path), "'next tuesday'")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                             str(root / "mkdocs.yml")], cwd=root, capture_output=True, text=True,
                            check=False, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode != 0
    assert "plugin option 'now'" in result.stderr and "Traceback" not in result.stderr


def events(feed: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(feed).walk("VEVENT"))


def test_example_weekly_window_keeps_two_hours_across_both_clock_changes() -> None:
    # MW-0001 of the example: Sundays 02:00-04:00 Europe/Berlin. Clocks go back on
    # 25 October 2026 and forward on 28 March 2027.
    result = run("calendar", "--root", str(PROJECT), "--format", "ics", "--from", "2026-10-18",
                 "--to", "2027-04-04", "--site-url", SITE_URL)
    assert result.exit_code == 0, result.output
    windows = [e for e in events(result.stdout) if str(e["SUMMARY"]).startswith("MW-0001 ")]
    assert len(windows) == 25
    assert {e.decoded("DTEND") - e.decoded("DTSTART") for e in windows} == {timedelta(hours=2)}
    by_day = {str(e["UID"]).split("@")[0]: e for e in windows}
    autumn, spring = by_day["MW-0001-20261025"], by_day["MW-0001-20270328"]
    assert autumn.decoded("DTSTART").isoformat() == "2026-10-25T00:00:00+00:00"  # 02:00 CEST
    assert spring.decoded("DTSTART").isoformat() == "2027-03-28T01:00:00+00:00"  # 02:00 -> 03:00 CEST
    assert {str(e["URL"]) for e in windows} == {SITE_URL + "maintenance/MW-0001/"}


def test_site_feed_keeps_a_window_in_the_spring_gap_and_links_every_event(tmp_path: Path) -> None:
    # 02:30-03:30 Europe/Berlin on Sundays: on 29 March 2026 02:30 does not exist. RFC 5545
    # reads it with the offset before the gap (02:30+01:00 = 03:30 CEST) and keeps one hour.
    root = handmade(tmp_path, {
        "MW-0001": window("2026-03-08T02:30:00+01:00", "2026-03-08T03:30:00+01:00",
                          timezone="Europe/Berlin", recurrence={"frequency": "weekly", "days": ["sun"]}),
        "MW-0002": window("2026-03-20T20:00:00+01:00", "2026-03-20T22:00:00+01:00", timezone="Europe/Berlin"),
    })
    site = build(site_repository(root, "'2026-03-20T12:00:00+01:00'", SITE_URL))
    found = events((site / "calendar" / "changes.ics").read_text("utf-8"))
    weekly = {str(e["UID"]).split("@")[0]: e for e in found if str(e["UID"]).startswith("MW-0001-")}
    gap = weekly["MW-0001-20260329"]
    assert (gap.decoded("DTSTART").isoformat(), gap.decoded("DTEND").isoformat()) == (
        "2026-03-29T01:30:00+00:00", "2026-03-29T02:30:00+00:00")
    assert {e.decoded("DTEND") - e.decoded("DTSTART") for e in weekly.values()} == {timedelta(hours=1)}
    assert {str(e["UID"]).split("@")[0].split("-2026")[0]: str(e["URL"]) for e in found} == {
        "MW-0001": SITE_URL + "maintenance/MW-0001/", "MW-0002": SITE_URL + "maintenance/MW-0002/"}


def test_no_site_url_no_links(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"MW-0001": window("2026-03-20T20:00:00+01:00", "2026-03-20T22:00:00+01:00")})
    result = run("calendar", "--root", str(root), "--format", "ics", "--from", "2026-03-01", "--to", "2026-03-31")
    assert result.exit_code == 0 and "URL" not in [e for ev in events(result.stdout) for e in ev]


def test_publish_workflow_fetches_full_history() -> None:
    workflow = (PROJECT / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    checkout = workflow[workflow.index("actions/checkout@"):].split("\n      - ", 1)[0]
    assert re.search(r"^\s+fetch-depth: 0\b", checkout, re.MULTILINE), checkout
