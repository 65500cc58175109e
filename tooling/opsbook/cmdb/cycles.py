"""Dependency cycles between configuration items: A needs B needs A means neither can be
started first, restored first or changed safely, so a cycle is an error naming every step."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from opsbook.cmdb.dependencies import ConfigurationGraph, Link
from opsbook.diagnostics import Diagnostic, error
from opsbook.model import Repository


def find_cycles(graph: ConfigurationGraph) -> list[tuple[Link, ...]]:
    """One shortest cycle per strongly connected group of items, through its smallest ID."""
    needs = graph.needs()
    cycles = []
    for group in _strongly_connected(needs):
        start = min(group)
        cycle = _shortest_cycle(needs, start, group)
        if cycle:
            cycles.append(cycle)
    return sorted(cycles, key=lambda cycle: cycle[0].affected)


def check_cycles(repository: Repository) -> Iterator[Diagnostic]:
    """An error at every reference in each cycle, so each file involved is annotated."""
    graph = ConfigurationGraph(repository)
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


def _shortest_cycle(needs: dict[str, list[Link]], start: str, group: set[str]) -> tuple[Link, ...]:
    parents: dict[str, Link] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for link in needs.get(current, []):
            if link.failing not in group:
                continue
            if link.failing == start:
                steps = [link]
                while steps[-1].affected != start:
                    steps.append(parents[steps[-1].affected])
                return tuple(reversed(steps))
            if link.failing not in parents:
                parents[link.failing] = link
                queue.append(link.failing)
    return ()


def _strongly_connected(needs: dict[str, list[Link]]) -> Iterator[set[str]]:
    """Tarjan's algorithm without recursion (deep chains would exceed Python's stack); yields the
    groups that hold a cycle: more than one item, or one item that needs itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(needs):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            successors = [link.failing for link in needs.get(node, [])]
            if position < len(successors):
                work.append((node, position + 1))
                successor = successors[position]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1 or any(link.failing == node for link in needs.get(node, [])):
                    yield group
