"""Per-incident SLA clocks: from opened_at, in service hours, paused while on hold."""

from __future__ import annotations

from pathlib import Path

from kpis_support import report, row, scenario


def clocks(line: dict) -> tuple:
    return (line["acknowledge_minutes"], line["acknowledge"], line["resolve_minutes"], line["resolve"],
            line["paused_minutes"])


def test_on_hold_pauses_the_clock(tmp_path: Path) -> None:
    # SLA-0004, 24x7, P3 targets: acknowledge 60, resolve 240. As of 5 March 12:00 UTC.
    # INC-0030: opened 09:00, acknowledged 09:20 -> 20, met. Resolved 15:00: 360 minutes, minus
    #   on hold 10:00-13:00 (180) = 180 <= 240, met (without the pause it would breach).
    # INC-0031: opened 08:00, acknowledged 08:10 -> 10, met; on hold since 09:00 and still
    #   open: 60 minutes so far, 180 paused -> running.
    # INC-0032: opened 06:00, acknowledged 06:30 -> 30, met; in progress: 360 > 240, breached.
    root = scenario(tmp_path, "on-hold")
    tables = report(root, "sla", "--as-of", "2026-03-05T12:00:00Z")
    rows = tables["sla-incidents"]
    assert clocks(row(rows, incident="INC-0030")) == (20, "met", 180, "met", 180)
    assert clocks(row(rows, incident="INC-0031")) == (10, "met", 60, "running", 180)
    assert clocks(row(rows, incident="INC-0032")) == (30, "met", 360, "breached", 0)
    # Compliance: acknowledge 3 of 3 = 100 %; resolve 1 met, 1 breached (running left out) = 50 %.
    everything = row(tables["sla-compliance"], sla="all")
    assert (everything["acknowledge_compliance"], everything["resolve_compliance"]) == (100, 50)


def test_clock_counts_only_business_hours(tmp_path: Path) -> None:
    # SLA-0003: Monday to Friday 08:00-18:00 Berlin; P2: acknowledge 30, resolve 240.
    # INC-0021: opened Tuesday 17:10, acknowledged Wednesday 08:15: 50 + 15 = 65 > 30, breached;
    #   resolved Wednesday 09:00: 50 + 60 = 110 <= 240, met.
    # INC-0020: all on a Saturday: 0 minutes on both clocks, met.
    root = scenario(tmp_path, "business-hours")
    rows = report(root, "sla", "--as-of", "2026-07-01T00:00:00+02:00")["sla-incidents"]
    assert clocks(row(rows, incident="INC-0021")) == (65, "breached", 110, "met", 0)
    assert clocks(row(rows, incident="INC-0020")) == (0, "met", 0, "met", 0)
    assert row(rows, incident="INC-0021")["priority"] == "P2"  # impact high x urgency medium
