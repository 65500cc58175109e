"""Typed dependencies between configuration items, read from the records' references.

Failure travels against "needs": if X fails, whatever needs X is affected.

- an asset that `depends_on`, `runs_on`, `hosted_on` or `connects_to` X (the holder of the
  reference needs its target);
- a service listed in an affected asset's `services` (the asset supports the service);
- a service that `depends_on` an affected service.

Nothing travels the other way: a failed service does not break its assets, and a failed
application does not break the server it runs on. Retired and disposed items are left out.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from opsbook.graph import Graph
from opsbook.model import Repository

TO_HOLDER = "to_holder"  # the record holding the reference needs its target
TO_TARGET = "to_target"  # the referenced record needs the holder

# (kind of the holder, field) -> which way failure travels along the reference.
PROPAGATION: dict[tuple[str, str], str] = {
    ("asset", "depends_on"): TO_HOLDER,
    ("asset", "runs_on"): TO_HOLDER,
    ("asset", "hosted_on"): TO_HOLDER,
    ("asset", "connects_to"): TO_HOLDER,
    ("asset", "services"): TO_TARGET,
    ("service", "depends_on"): TO_HOLDER,
}
# Network links are often two-way (each side talks to the other), so they carry failure but
# never form a dependency cycle; every other relation does.
CYCLE_RELATIONS = frozenset({"depends_on", "runs_on", "hosted_on"})
ITEM_KINDS = frozenset({"asset", "service"})
# Items out of service are neither affected nor pass a failure on (cycles still count them).
OUT_OF_SERVICE = frozenset({"retired", "disposed"})


@dataclass(frozen=True)
class Link:
    """One typed reference, as written: the record `holder` names `target` in `relation`."""

    holder: str
    relation: str
    target: str
    location: tuple[str | int, ...]
    direction: str

    @property
    def failing(self) -> str:
        """The item whose failure travels along this link."""
        return self.target if self.direction == TO_HOLDER else self.holder

    @property
    def affected(self) -> str:
        return self.holder if self.direction == TO_HOLDER else self.target

    def step(self) -> str:
        """How the link reads from the failing item on, arrow pointing as the YAML does."""
        if self.direction == TO_HOLDER:
            return f"<-{self.relation}- {self.holder}"
        return f"-{self.relation}-> {self.target}"


class Reach:
    """An affected item: how far from the failure, one shortest path there, and every affected
    item (or the failing one) that leads to it directly.

    The path and `via` are worked out when asked for: a page lists the first 50 of what an
    asset's failure reaches, and along a chain of n assets building them for every item cost
    O(n^2) per page. A plain class with slots, for the same reason."""

    __slots__ = ("_leading", "_parents", "depth", "item")

    def __init__(self, item: str, depth: int, parents: dict[str, Link | None],
                 leading: dict[str, list[str]]) -> None:
        self.item, self.depth, self._parents, self._leading = item, depth, parents, leading

    @property
    def path(self) -> tuple[Link, ...]:
        return _path(self._parents, self.item)

    @property
    def via(self) -> tuple[str, ...]:
        origin = next(iter(self._parents))
        return tuple(sorted({failing for failing in self._leading.get(self.item, ())
                             if failing in self._parents and self.item != origin}))

    def describe(self, origin: str) -> str:
        return " ".join([origin, *(link.step() for link in self.path)])

    def __repr__(self) -> str:
        return f"Reach({self.item!r}, depth={self.depth})"


class ConfigurationGraph:
    """Assets and services with the typed links between them."""

    def __init__(self, repository: Repository, graph: Graph | None = None) -> None:
        self.repository = repository
        graph = graph or Graph.of(repository)
        by_id = repository.by_id
        self.links: list[Link] = []
        for record in repository.records:
            if record.kind.name not in ITEM_KINDS:
                continue
            for reference in graph.outgoing.get(record.id, []):
                direction = PROPAGATION.get((record.kind.name, reference.relation))
                target = by_id.get(reference.target_id)
                if direction and target is not None and target.kind.name in ITEM_KINDS:
                    self.links.append(
                        Link(
                            record.id, reference.relation, target.id, reference.location, direction
                        )
                    )
        self.links.sort(key=lambda link: (link.affected, link.relation, link.failing))
        self.downstream: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            if not {by_id[link.holder].status, by_id[link.target].status} & OUT_OF_SERVICE:
                self.downstream[link.failing].append(link)
        # The affected end of each link, read once: every asset page walks its whole reach.
        self._next: dict[str, list[tuple[str, Link]]] = {
            failing: [(link.affected, link) for link in links] for failing, links in self.downstream.items()}
        self._leading: dict[str, list[str]] = defaultdict(list)
        for failing, links in self.downstream.items():
            for link in links:
                self._leading[link.affected].append(failing)

    @classmethod
    def of(cls, repository: Repository) -> ConfigurationGraph:
        """The repository's configuration graph, built once: the cycle check, the conflict
        check, the calendar and the pages all read it."""
        return repository.derived("configuration-graph", cls)

    def affected_by(self, origin: str) -> dict[str, Reach]:
        """Every item affected, transitively, if `origin` fails; shortest paths, ties by ID."""
        parents: dict[str, Link | None] = {origin: None}
        depth = {origin: 0}
        queue = deque([origin])
        following = self._next
        while queue:
            current = queue.popleft()
            for affected, link in following.get(current, ()):
                if affected not in parents:
                    parents[affected] = link
                    depth[affected] = depth[current] + 1
                    queue.append(affected)
        leading = self._leading
        return {item: Reach(item, depth[item], parents, leading) for item in parents if item != origin}

    def needs(self) -> dict[str, list[Link]]:
        """The dependency edges cycles are looked for in, by the item that needs the other."""
        edges: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            if link.relation in CYCLE_RELATIONS:
                edges[link.affected].append(link)
        return edges


def _path(parents: dict[str, Link | None], item: str) -> tuple[Link, ...]:
    steps: list[Link] = []
    link = parents[item]
    while link is not None:
        steps.append(link)
        link = parents[link.failing]
    return tuple(reversed(steps))
