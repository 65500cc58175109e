"""Two open changes whose planned windows overlap on the same item, or on items that depend on
each other, are reported on both changes, each naming the other and its line."""

from __future__ import annotations

from pathlib import Path

from handmade import asset, change, diagnostics, handmade, service

A = ("2026-06-10T20:00:00Z", "2026-06-10T22:00:00Z")
B = ("2026-06-10T21:00:00Z", "2026-06-10T23:00:00Z")
AFTER_A = ("2026-06-10T22:00:00Z", "2026-06-10T23:00:00Z")


def test_overlap_on_the_same_asset_names_both_records(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("db"),
        "CHG-0001": change(*A, assets=["AST-0001"]),
        "CHG-0002": change(*B, assets=["AST-0001"]),
    })
    assert diagnostics(root) == [
        ("records/changes/CHG-0001.yaml:5:16: error: CHG-0001 (2026-06-10 20:00-22:00 UTC) overlaps CHG-0002 "
        "(records/changes/CHG-0002.yaml:5, 2026-06-10 21:00-23:00 UTC) on AST-0001 [change-overlap]"),
        ("records/changes/CHG-0002.yaml:5:16: error: CHG-0002 (2026-06-10 21:00-23:00 UTC) overlaps CHG-0001 "
        "(records/changes/CHG-0001.yaml:5, 2026-06-10 20:00-22:00 UTC) on AST-0001 [change-overlap]"),
    ]


def test_overlap_on_the_same_service_across_offsets(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "SVC-0001": service("Portal"),
        "CHG-0001": change(*A, services=["SVC-0001"]),
        "CHG-0002": change("2026-06-10T23:30:00+02:00", "2026-06-11T00:30:00+02:00", services=["SVC-0001"]),
    })
    assert [line.split(": ")[0] for line in diagnostics(root, "change-overlap")] == [
        "records/changes/CHG-0001.yaml:5:16", "records/changes/CHG-0002.yaml:5:16"]


def test_windows_touching_at_an_edge_do_not_overlap(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("db"),
        "CHG-0001": change(*A, assets=["AST-0001"]),
        "CHG-0002": change(*AFTER_A, assets=["AST-0001"]),
    })
    assert diagnostics(root) == []


def test_closed_and_canceled_changes_are_ignored(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("db"),
        "CHG-0001": change(*A, assets=["AST-0001"]),
        "CHG-0002": change(*B, status="canceled", assets=["AST-0001"]),
    })
    assert diagnostics(root) == []


def test_overlap_on_dependent_assets_is_a_warning_with_the_path(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("hypervisor"),
        "AST-0002": asset("vm", hosted_on="AST-0001"),
        "AST-0003": asset("app", runs_on="AST-0002"),
        "AST-0004": asset("unrelated"),
        "CHG-0001": change(*A, assets=["AST-0003"]),
        "CHG-0002": change(*B, assets=["AST-0001"]),
        "CHG-0003": change(*B, assets=["AST-0004"]),
    })
    assert diagnostics(root) == [
        ("records/changes/CHG-0001.yaml:5:16: warning: CHG-0001 (2026-06-10 20:00-22:00 UTC) overlaps CHG-0002 "
        "(records/changes/CHG-0002.yaml:5, 2026-06-10 21:00-23:00 UTC) on items that depend on each other: "
        "AST-0001 <-hosted_on- AST-0002 <-runs_on- AST-0003 [change-overlap-dependency]"),
        ("records/changes/CHG-0002.yaml:5:16: warning: CHG-0002 (2026-06-10 21:00-23:00 UTC) overlaps CHG-0001 "
        "(records/changes/CHG-0001.yaml:5, 2026-06-10 20:00-22:00 UTC) on items that depend on each other: "
        "AST-0001 <-hosted_on- AST-0002 <-runs_on- AST-0003 [change-overlap-dependency]"),
    ]
