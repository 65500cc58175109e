"""Searches over any directed graph given as a function from a node to its steps, shared by the
CMDB's dependency cycles and the project plans' task cycles."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)
Step = TypeVar("Step")


def shortest_cycle(start: Node, steps: Callable[[Node], Iterable[tuple[Step, Node]]]) -> list[Step]:
    """The fewest steps that lead from `start` back to it (breadth first, so ties go to the
    order `steps` gives), or [] when none does. `steps(node)` yields (step, next node) pairs."""
    arrived_by: dict[Node, tuple[Node, Step]] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for step, target in steps(current):
            if target == start:
                path, node = [step], current
                while node != start:
                    node, step = arrived_by[node]
                    path.append(step)
                return path[::-1]
            if target not in arrived_by:
                arrived_by[target] = (current, step)
                queue.append(target)
    return []


def cyclic_groups(nodes: Iterable[Node], successors: Callable[[Node], list[Node]]) -> Iterator[set[Node]]:
    """The strongly connected components that hold a cycle: more than one node, or one node that
    is its own successor."""
    for group in strong_components(nodes, successors):
        if len(group) > 1 or next(iter(group)) in successors(next(iter(group))):
            yield group


def strong_components(nodes: Iterable[Node], successors: Callable[[Node], list[Node]]) -> Iterator[set[Node]]:
    """Tarjan's strongly connected components without recursion (deep chains would exceed
    Python's stack), visited in the order of `nodes`. Each component comes after every
    component it leads to, so work that needs its successors' results can go in this order."""
    index: dict[Node, int] = {}
    low: dict[Node, int] = {}
    stack: list[Node] = []
    on_stack: set[Node] = set()
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            following = successors(node)
            if position < len(following):
                work.append((node, position + 1))
                successor = following[position]
                if successor not in index:
                    work.append((successor, 0))
                elif successor in on_stack:
                    low[node] = min(low[node], index[successor])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                yield _pop_group(node, stack, on_stack)


def _pop_group(node: Node, stack: list[Node], on_stack: set[Node]) -> set[Node]:
    group = set()
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.add(member)
        if member == node:
            return group
