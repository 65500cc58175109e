"""The one graph-search helper both cycle checks use (CMDB dependencies, project tasks)."""

from __future__ import annotations

from opsbook.graph_search import cyclic_groups, shortest_cycle

EDGES = {"a": ["b"], "b": ["c", "a"], "c": ["a"], "d": ["d"], "e": ["a"]}


def steps(node: str) -> list[tuple[str, str]]:
    return [(f"{node}->{target}", target) for target in EDGES.get(node, [])]


def test_the_shortest_way_back_wins() -> None:
    assert shortest_cycle("a", steps) == ["a->b", "b->a"]
    assert shortest_cycle("c", steps) == ["c->a", "a->b", "b->c"]
    assert shortest_cycle("d", steps) == ["d->d"]
    assert shortest_cycle("e", steps) == []


def test_only_groups_that_hold_a_cycle_are_found() -> None:
    groups = list(cyclic_groups(sorted(EDGES), lambda node: EDGES.get(node, [])))
    assert sorted(map(sorted, groups)) == [["a", "b", "c"], ["d"]]


def test_deep_chains_need_no_recursion() -> None:
    chain = {str(i): [str(i + 1)] for i in range(20_000)} | {"20000": ["0"]}
    assert [len(group) for group in cyclic_groups(sorted(chain), lambda node: chain[node])] == [20_001]
    assert len(shortest_cycle("0", lambda node: [(node, n) for n in chain[node]])) == 20_001
