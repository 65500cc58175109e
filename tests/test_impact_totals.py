"""The totals of an impact (how many services, assets and links a failure reaches) count each
item once, however many ways lead to it and round any cycle, and the pages that list only the
first items (worked out without walking everything) show what the complete analysis lists."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from handmade import asset, handmade, service
from opsbook.cmdb.dependencies import ConfigurationGraph
from opsbook.cmdb.impact import analyse_impact
from opsbook.load import open_repository
from opsbook.site.render import impact
from pytest import MonkeyPatch
from support import run
from test_site_impact import page, sections


def shared_and_cyclic(tmp_path: Path) -> Path:
    """Two applications need the database and a worker needs both (two ways in); a pair of
    queues need each other (a cycle) and the worker; both the worker and a queue support the
    portal; a client connects to the database and to the worker."""
    return handmade(tmp_path, {
        "AST-0001": asset("db"),
        "AST-0002": asset("app a", depends_on=["AST-0001"]),
        "AST-0003": asset("app b", depends_on=["AST-0001"]),
        "AST-0004": asset("worker", depends_on=["AST-0002", "AST-0003"], services=["SVC-0001"]),
        "AST-0005": asset("queue a", depends_on=["AST-0004", "AST-0006"]),
        "AST-0006": asset("queue b", depends_on=["AST-0005"], services=["SVC-0001"]),
        "AST-0007": asset("client", connects_to=["AST-0001", "AST-0004"]),
        "SVC-0001": service("Portal"),
        "SVC-0002": service("Reporting", depends_on=["SVC-0001"]),
    })


def test_totals_count_each_item_once(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(impact, "MAX_LISTED", 2)
    monkeypatch.setattr(impact, "MAX_EDGES", 3)
    root = shared_and_cyclic(tmp_path)
    markdown = page(root, "assets/AST-0001.md")
    assert list(sections(markdown))[:2] == ["Services affected (2)", "Assets affected (6)"]
    # Links out of the database and what it reaches: 3 + 1 + 1 + 3 (AST-0004) + 2 (the cycle) + 1 + 1.
    assert "The diagram shows 3 of 12 links" in markdown
    cli = json.loads(run("impact", "AST-0001", "--root", str(root), "--format", "json").stdout)
    assert (len(cli["services"]), len(cli["assets"])) == (2, 6)


def test_an_item_in_a_cycle_is_not_its_own_impact(tmp_path: Path) -> None:
    root = shared_and_cyclic(tmp_path)
    found = sections(page(root, "assets/AST-0005.md"))
    assert list(found)[:2] == ["Services affected (2)", "Assets affected (1)"]
    assert [row[0] for row in found["Assets affected (1)"]] == ["AST-0006"]
    assert {row[0]: row[3] for row in found["Services affected (2)"]} == {
        "SVC-0001": "AST-0005 ←depends_on— AST-0006 —services→ SVC-0001",
        "SVC-0002": "AST-0005 ←depends_on— AST-0006 —services→ SVC-0001 ←depends_on— SVC-0002"}
    markdown = page(root, "assets/AST-0005.md")
    assert "The diagram shows" not in markdown  # 3 links: to AST-0006, to SVC-0001, to SVC-0002


def test_a_long_path_shows_its_ends_in_text_and_whole_in_json(tmp_path: Path) -> None:
    records = {"AST-0001": asset("bottom")}
    for number in range(2, 41):
        records[f"AST-{number:04d}"] = asset(f"layer {number}", depends_on=[f"AST-{number - 1:04d}"])
    root = handmade(tmp_path, records)
    text = run("impact", "AST-0001", "--root", str(root)).stdout
    assert "Assets affected (39)\n" in text
    assert ("      AST-0001 <-depends_on- AST-0002 ... 33 more steps ... <-depends_on- AST-0036 "
            "<-depends_on- AST-0037 <-depends_on- AST-0038 <-depends_on- AST-0039 <-depends_on- AST-0040\n") in text
    assert "      AST-0001 <-depends_on- AST-0002 <-depends_on- AST-0003\n" in text
    assert max(len(line) for line in text.splitlines()) < 200
    cli = json.loads(run("impact", "AST-0001", "--root", str(root), "--format", "json").stdout)
    assert cli["assets"][-1]["path"] == [f"AST-{n:04d}" for n in range(1, 41)]


def random_graph(tmp_path: Path, seed: int) -> Path:
    """Thirty items with random links of every kind: shared items, cycles, retired ones."""
    rng = random.Random(seed)
    assets = [f"AST-{n:04d}" for n in range(1, 25)]
    services = [f"SVC-{n:04d}" for n in range(1, 7)]
    records = {}
    for item in assets:
        links = {relation: sorted(set(rng.sample(assets, rng.randint(0, 2))) - {item})
                 for relation in ("depends_on", "connects_to")}
        links = {relation: targets for relation, targets in links.items() if targets}
        if rng.random() < 0.4:
            links["services"] = rng.sample(services, rng.randint(1, 2))
        body = asset(item, **links)
        records[item] = body.replace("operational", "retired") if rng.random() < 0.1 else body
    for item in services:
        depends = sorted(set(rng.sample(services, rng.randint(0, 2))) - {item})
        records[item] = service(item, depends_on=depends) if depends else service(item)
    return handmade(tmp_path, records)


@pytest.mark.parametrize("seed", range(6))
def test_the_first_items_and_totals_equal_the_complete_analysis(tmp_path: Path, seed: int) -> None:
    repository = open_repository(random_graph(tmp_path, seed))
    graph = ConfigurationGraph(repository)
    for origin in sorted(repository.by_id):
        complete = analyse_impact(repository, origin, graph)
        for first in (1, 3):
            listed = analyse_impact(repository, origin, graph, first=first)
            for kind in ("service", "asset"):
                whole = complete.of_kind(kind)
                assert listed.totals[kind] == len(whole)
                assert [(r.id, reach.depth, reach.path, reach.via) for r, reach in listed.of_kind(kind)] == [
                    (r.id, reach.depth, reach.path, reach.via) for r, reach in whole[:first]]
            assert (listed.slas, listed.changes) == (complete.slas, complete.changes)
        reached = {record.id for record, _ in complete.affected}
        for record, reach in complete.affected:  # every item, or the failed one, leading to it
            assert reach.via == tuple(sorted({link.failing for links in graph.downstream.values() for link in links
                                              if link.affected == record.id and link.failing in reached | {origin}}))
        every_link = [link for failing in (origin, *sorted(reached))
                      for link in graph.downstream.get(failing, ()) if link.affected in reached]
        assert graph.travelled(origin, 5) == (every_link[:5], len(every_link))
