"""`opsbook impact ID` on hand-made CMDB graphs: diamonds, deep chains, cycles, and the
direction failure travels (to what needs the failed item, never back)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handmade import asset, change, handmade, service
from support import run


def impact(root: Path, item: str) -> dict[str, Any]:
    result = run("impact", item, "--root", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def paths(document: dict[str, Any], kind: str) -> dict[str, str]:
    return {item["id"]: item["describe"] for item in document[kind]}


def diamond(tmp_path: Path) -> Path:
    """Storage hosts two VMs; an application needs both; it supports a service; another service
    depends on that one."""
    return handmade(tmp_path, {
        "AST-0001": asset("storage array"),
        "AST-0002": asset("vm a", hosted_on="AST-0001"),
        "AST-0003": asset("vm b", hosted_on="AST-0001"),
        "AST-0004": asset("application", depends_on=["AST-0003", "AST-0002"], services=["SVC-0001"]),
        "AST-0005": asset("unrelated"),
        "SVC-0001": service("Portal"),
        "SVC-0002": service("Reporting", depends_on=["SVC-0001"]),
        "SVC-0003": service("Unrelated"),
    })


def test_diamond_lists_each_item_once_with_a_shortest_path(tmp_path: Path) -> None:
    document = impact(diamond(tmp_path), "AST-0001")
    assert paths(document, "assets") == {
        "AST-0002": "AST-0001 <-hosted_on- AST-0002",
        "AST-0003": "AST-0001 <-hosted_on- AST-0003",
        "AST-0004": "AST-0001 <-hosted_on- AST-0002 <-depends_on- AST-0004",
    }
    assert paths(document, "services") == {
        "SVC-0001": "AST-0001 <-hosted_on- AST-0002 <-depends_on- AST-0004 -services-> SVC-0001",
        "SVC-0002": "AST-0001 <-hosted_on- AST-0002 <-depends_on- AST-0004 -services-> SVC-0001 "
                    "<-depends_on- SVC-0002",
    }
    application = next(item for item in document["assets"] if item["id"] == "AST-0004")
    assert application["via"] == ["AST-0002", "AST-0003"] and application["depth"] == 2
    assert application["path"] == ["AST-0001", "AST-0002", "AST-0004"]
    assert application["links"][0] == {"holder": "AST-0002", "relation": "hosted_on", "target": "AST-0001"}


def test_failure_does_not_travel_back_down(tmp_path: Path) -> None:
    root = diamond(tmp_path)
    assert impact(root, "SVC-0001")["assets"] == []
    assert paths(impact(root, "SVC-0001"), "services") == {"SVC-0002": "SVC-0001 <-depends_on- SVC-0002"}
    vm = impact(root, "AST-0002")
    assert set(paths(vm, "assets")) == {"AST-0004"} and set(paths(vm, "services")) == {"SVC-0001", "SVC-0002"}
    assert impact(root, "SVC-0002") == {"id": "SVC-0002", "kind": "service", "title": "Reporting",
                                        "services": [], "assets": [], "slas": [], "changes": []}


def test_deep_chain(tmp_path: Path) -> None:
    records = {"AST-0001": asset("bottom")}
    for number in range(2, 301):
        records[f"AST-{number:04d}"] = asset(f"layer {number}", runs_on=f"AST-{number - 1:04d}")
    records["AST-0300"] = asset("top", runs_on="AST-0299", services=["SVC-0001"])
    records["SVC-0001"] = service("Top service")
    document = impact(handmade(tmp_path, records), "AST-0001")
    assert len(document["assets"]) == 299
    assert [a["depth"] for a in document["assets"]] == list(range(1, 300))
    assert document["services"][0]["depth"] == 300
    assert document["services"][0]["path"][:3] == ["AST-0001", "AST-0002", "AST-0003"]


def test_cycle_terminates_and_connects_to_carries_failure(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("a", depends_on=["AST-0002"]),
        "AST-0002": asset("b", depends_on=["AST-0001"], services=["SVC-0001"]),
        "AST-0003": asset("client", connects_to=["AST-0001"]),
        "SVC-0001": service("S"),
    })
    document = impact(root, "AST-0001")
    assert paths(document, "assets") == {"AST-0002": "AST-0001 <-depends_on- AST-0002",
                                         "AST-0003": "AST-0001 <-connects_to- AST-0003"}
    assert set(paths(document, "services")) == {"SVC-0001"}


def test_slas_and_open_changes_of_affected_items(tmp_path: Path) -> None:
    root = diamond(tmp_path)
    sla = "title: {t}\nstatus: {s}\nservice: {v}\navailability_target: 99.9\n"
    for number, (status, target) in enumerate([("active", "SVC-0001"), ("expired", "SVC-0001"),
                                               ("draft", "SVC-0002"), ("active", "SVC-0003")], start=1):
        (root / "records/slas").mkdir(exist_ok=True)
        (root / f"records/slas/SLA-{number:04d}.yaml").write_text(
            f"id: SLA-{number:04d}\n" + sla.format(t=f"SLA {number}", s=status, v=target))
    records = {
        "CHG-0001": change("2026-06-10T20:00:00Z", "2026-06-10T21:00:00Z", assets=["AST-0004"]),
        "CHG-0002": change("2026-06-09T20:00:00Z", "2026-06-09T21:00:00Z", services=["SVC-0002", "SVC-0003"]),
        "CHG-0003": change("2026-06-09T20:00:00Z", "2026-06-09T21:00:00Z", status="canceled", assets=["AST-0001"]),
        "CHG-0004": change("2026-06-11T20:00:00Z", "2026-06-11T21:00:00Z", assets=["AST-0005"]),
        "CHG-0005": "title: Not yet planned\nstatus: new\ntype: normal\nassets: [AST-0001]\n",
    }
    for record_id, body in records.items():
        (root / "records/changes").mkdir(exist_ok=True)
        (root / f"records/changes/{record_id}.yaml").write_text(f"id: {record_id}\n{body}")
    document = impact(root, "AST-0001")
    assert [(s["id"], s["service"], s["status"]) for s in document["slas"]] == [
        ("SLA-0001", "SVC-0001", "active"), ("SLA-0003", "SVC-0002", "draft")]
    assert [(c["id"], c["touches"]) for c in document["changes"]] == [
        ("CHG-0002", ["SVC-0002"]), ("CHG-0001", ["AST-0004"]), ("CHG-0005", ["AST-0001"])]
    text = run("impact", "AST-0001", "--root", str(root)).stdout
    assert text.startswith("Impact if AST-0001 (storage array) fails [asset, operational]\n\nServices affected (2)\n")
    assert "      also via AST-0003\n" in text
    assert "  SLA-0001  SLA 1  [active]  SVC-0001  availability 99.9%\n" in text


def test_only_assets_and_services_have_an_impact(tmp_path: Path) -> None:
    root = handmade(tmp_path, {"CHG-0001": change("2026-06-10T20:00:00Z", "2026-06-10T21:00:00Z")})
    for item, message in (("CHG-0001", "CHG-0001 is a change; impact is about assets and services"),
                          ("AST-0404", "no record has the ID AST-0404")):
        result = run("impact", item, "--root", str(root))
        assert result.exit_code == 2 and message in result.stderr


def test_retired_items_are_left_out(tmp_path: Path) -> None:
    root = handmade(tmp_path, {
        "AST-0001": asset("db"),
        "AST-0002": asset("old app", runs_on="AST-0001", services=["SVC-0001"]).replace(
            "status: operational", "status: retired"),
        "AST-0003": asset("new app", runs_on="AST-0001", services=["SVC-0002"]),
        "SVC-0001": service("Old service"),
        "SVC-0002": service("New service"),
        "SVC-0003": service("Sunset", depends_on=["SVC-0002"]).replace("status: live", "status: retired"),
    })
    document = impact(root, "AST-0001")
    assert set(paths(document, "assets")) == {"AST-0003"}
    assert set(paths(document, "services")) == {"SVC-0002"}
