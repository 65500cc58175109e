"""`opsbook calendar --format ics`: an RFC 5545 feed with stable UIDs, a SEQUENCE that grows with
every revision of a record, escaped text and folded lines."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from handmade import asset, change, handmade, service, window, write
from support import run

PERIOD = ("--from", "2026-06-01", "--to", "2026-06-30")


def feed(root: Path, *args: str) -> str:
    result = run("calendar", "--root", str(root), "--format", "ics", *PERIOD, *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def events(text: str) -> dict[str, dict[str, str]]:
    """Each VEVENT's properties by UID."""
    found, current = {}, {}
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found[current["UID"]] = current
        else:
            current[name] = value
    return found


def test_feed_shape_escaping_and_folding(tmp_path: Path) -> None:
    title = "Fail over db; then test, with care \\ patience " + "ünïcödé " * 12
    root = handmade(tmp_path, {"CHG-0001": change("2026-06-10T20:00:00+02:00", "2026-06-10T22:00:00+02:00")})
    write(root, "CHG-0001", change("2026-06-10T20:00:00+02:00", "2026-06-10T22:00:00+02:00").replace(
        "title: Change", f"title: '{title}'"))
    text = feed(root)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//opsbook//")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = events(text)["CHG-0001@opsbook"]
    assert event["SUMMARY"] == "CHG-0001 " + title.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    assert (event["DTSTART"], event["DTEND"]) == ("20260610T180000Z", "20260610T200000Z")
    assert event["STATUS"] == "TENTATIVE" and event["CATEGORIES"] == "change"
    assert event["DESCRIPTION"].startswith("change\\, authorize\\, normal change\\n")
    assert datetime.strptime(event["DTSTAMP"], "%Y%m%dT%H%M%SZ")


def test_release_is_all_day_and_cancelled_events_say_so(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "REL-0001": "title: Portal 3.4\nstatus: pending\nplanned_date: \"2026-06-12\"\n",
        "CHG-0001": change("2026-06-10T20:00:00Z", "2026-06-10T21:00:00Z", status="canceled"),
        "MW-0001": window("2026-06-14T01:00:00Z", "2026-06-14T02:00:00Z", status="cancelled"),
    })
    found = events(feed(root))
    release = found["REL-0001@opsbook"]
    assert (release["DTSTART;VALUE=DATE"], release["DTEND;VALUE=DATE"]) == ("20260612", "20260613")
    assert found["CHG-0001@opsbook"]["STATUS"] == "CANCELLED"
    assert found["MW-0001@opsbook"]["STATUS"] == "CANCELLED"


def test_uids_are_stable_and_domain_is_configurable(tmp_path: Path) -> None:
    body = window("2026-06-07T02:00:00+02:00", "2026-06-07T04:00:00+02:00", timezone="Europe/Berlin",
                  recurrence={"frequency": "weekly", "days": ["sun"]})
    root = handmade(tmp_path, {"MW-0001": body})
    before = sorted(events(feed(root, "--uid-domain", "ops.example.com")))
    write(root, "MW-0001", body.replace("title: Window", "title: Renamed window"))
    assert sorted(events(feed(root, "--uid-domain", "ops.example.com"))) == before == [
        f"MW-0001-202606{d:02d}@ops.example.com" for d in (7, 14, 21, 28)]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def test_sequence_counts_revisions_and_dtstamp_is_last_commit(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"CHG-0001": change("2026-06-10T20:00:00Z", "2026-06-10T21:00:00Z"),
                               "CHG-0002": change("2026-06-11T20:00:00Z", "2026-06-11T21:00:00Z")})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", "--date", "2026-05-01T10:00:00Z")

    def sequences() -> dict[str, str]:
        return {uid: event["SEQUENCE"] for uid, event in events(feed(root)).items()}

    assert sequences() == {"CHG-0001@opsbook": "0", "CHG-0002@opsbook": "0"}
    write(root, "CHG-0001", change("2026-06-10T21:00:00Z", "2026-06-10T22:00:00Z"))
    git(root, "commit", "-q", "-am", "move", "--date", "2026-05-02T10:00:00Z")
    assert sequences() == {"CHG-0001@opsbook": "1", "CHG-0002@opsbook": "0"}
    stamp = datetime.strptime(events(feed(root))["CHG-0001@opsbook"]["DTSTAMP"], "%Y%m%dT%H%M%SZ")
    committed = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                               text=True, check=True).stdout
    assert stamp.replace(tzinfo=UTC).timestamp() == int(committed)
    write(root, "CHG-0001", change("2026-06-10T22:00:00Z", "2026-06-10T23:00:00Z"))  # not committed
    assert sequences() == {"CHG-0001@opsbook": "2", "CHG-0002@opsbook": "0"}


def test_service_filter_follows_the_cmdb(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "SVC-0001": service("Portal"),
        "SVC-0002": service("Mail"),
        "AST-0001": asset("db host"),
        "AST-0002": asset("portal app", runs_on="AST-0001", services=["SVC-0001"]),
        "CHG-0001": change("2026-06-10T20:00:00Z", "2026-06-10T21:00:00Z", assets=["AST-0001"]),
        "CHG-0002": change("2026-06-11T20:00:00Z", "2026-06-11T21:00:00Z", services=["SVC-0002"]),
        "MW-0001": window("2026-06-12T20:00:00Z", "2026-06-12T21:00:00Z", services=["SVC-0001"]),
    })
    assert sorted(events(feed(root, "--service", "SVC-0001"))) == ["CHG-0001@opsbook", "MW-0001@opsbook"]
    assert sorted(events(feed(root, "--service", "SVC-0002"))) == ["CHG-0002@opsbook"]
