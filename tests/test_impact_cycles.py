"""Dependency cycles in the CMDB are validation errors naming the cycle, at each reference in it."""

from __future__ import annotations

from pathlib import Path

from handmade import asset, diagnostics, handmade, service


def test_two_asset_cycle_is_reported_on_both_records(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("app", runs_on="AST-0002"),
        "AST-0002": asset("vm", depends_on=["AST-0001"]),
    })
    assert diagnostics(root) == [
        ("records/assets/AST-0001.yaml:4:10: error: dependency cycle: "
        "AST-0001 -runs_on-> AST-0002 -depends_on-> AST-0001 [cmdb-cycle]"),
        ("records/assets/AST-0002.yaml:4:14: error: dependency cycle: "
        "AST-0002 -depends_on-> AST-0001 -runs_on-> AST-0002 [cmdb-cycle]"),
    ]


def test_self_reference_and_service_cycle(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("loop", hosted_on="AST-0001"),
        "SVC-0001": service("a", depends_on=["SVC-0002"]),
        "SVC-0002": service("b", depends_on=["SVC-0003"]),
        "SVC-0003": service("c", depends_on=["SVC-0004", "SVC-0001"]),
        "SVC-0004": service("d"),
    })
    assert diagnostics(root) == [
        "records/assets/AST-0001.yaml:4:12: error: dependency cycle: AST-0001 -hosted_on-> AST-0001 [cmdb-cycle]",
        ("records/services/SVC-0001.yaml:4:14: error: dependency cycle: "
        "SVC-0001 -depends_on-> SVC-0002 -depends_on-> SVC-0003 -depends_on-> SVC-0001 [cmdb-cycle]"),
        ("records/services/SVC-0002.yaml:4:14: error: dependency cycle: "
        "SVC-0002 -depends_on-> SVC-0003 -depends_on-> SVC-0001 -depends_on-> SVC-0002 [cmdb-cycle]"),
        ("records/services/SVC-0003.yaml:4:26: error: dependency cycle: "
        "SVC-0003 -depends_on-> SVC-0001 -depends_on-> SVC-0002 -depends_on-> SVC-0003 [cmdb-cycle]"),
    ]


def test_diamonds_and_two_way_network_links_are_not_cycles(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("storage"),
        "AST-0002": asset("vm a", hosted_on="AST-0001", connects_to=["AST-0003"]),
        "AST-0003": asset("vm b", hosted_on="AST-0001", connects_to=["AST-0002"]),
        "AST-0004": asset("app", depends_on=["AST-0002", "AST-0003"]),
    })
    assert diagnostics(root) == []


def test_cycle_at_the_end_of_a_long_chain(tmp_path: Path) -> None:
    records = {f"AST-{n:04d}": asset(f"layer {n}", runs_on=f"AST-{n + 1:04d}") for n in range(1, 1500)}
    records["AST-1500"] = asset("bottom", depends_on=["AST-1499"])
    found = diagnostics(handmade(tmp_path, records))
    assert [line.split(":")[0] for line in found] == ["records/assets/AST-1499.yaml", "records/assets/AST-1500.yaml"]
    assert found[0].endswith("AST-1499 -runs_on-> AST-1500 -depends_on-> AST-1499 [cmdb-cycle]")
