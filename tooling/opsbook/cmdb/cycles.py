"""Dependency cycles between configuration items: A needs B needs A means neither can be
started first, restored first or changed safely, so a cycle is an error naming every step."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from opsbook.cmdb.dependencies import ConfigurationGraph, Link
from opsbook.diagnostics import Diagnostic, error
from opsbook.graph_search import cyclic_groups, shortest_cycle
from opsbook.model import Repository


def find_cycles(graph: ConfigurationGraph) -> list[tuple[Link, ...]]:
    """One shortest cycle per strongly connected group of items, through its smallest ID."""
    needs = graph.needs()
    cycles = []
    for group in cyclic_groups(sorted(needs), lambda item: [link.failing for link in needs.get(item, [])]):
        cycle = tuple(shortest_cycle(min(group), partial(_links_within, needs, group=group)))
        if cycle:
            cycles.append(cycle)
    return sorted(cycles, key=lambda cycle: cycle[0].affected)


def _links_within(needs: dict[str, list[Link]], item: str, group: set[str]) -> list[tuple[Link, str]]:
    """The links out of `item` that stay in `group`, each with the item it leads to."""
    return [(link, link.failing) for link in needs.get(item, []) if link.failing in group]


def check_cycles(repository: Repository) -> Iterator[Diagnostic]:
    """An error at every reference in each cycle, so each file involved is annotated."""
    graph = ConfigurationGraph.of(repository)
    by_id = repository.by_id
    for cycle in find_cycles(graph):
        for index, link in enumerate(cycle):
            holder = by_id[link.holder]
            line, column = holder.position(link.location)
            rotated = cycle[index:] + cycle[:index]
            yield error(
                holder.path,
                line,
                column,
                "cmdb-cycle",
                f"dependency cycle: {describe_cycle(rotated)}",
            )


def describe_cycle(cycle: tuple[Link, ...]) -> str:
    """`A -runs_on-> B -depends_on-> A`, in the direction the records state their needs."""
    return " ".join([cycle[0].holder, *(f"-{link.relation}-> {link.target}" for link in cycle)])
