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

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from opsbook.cmdb.reach import ReachIndex
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


class Walk:
    """What the items found in one walk from a failed item share: how each was reached (the link
    of its shortest path's last step, and of its first), and the bits of everything the failure
    reaches, so an item's other ways in are known even when the walk stopped early."""

    __slots__ = ("first", "index", "leading", "parents", "reach")

    def __init__(self, origin: str, leading: dict[str, list[str]], index: ReachIndex) -> None:
        self.leading, self.index, self.reach = leading, index, index.reach(origin)
        self.parents: dict[str, Link | None] = {origin: None}
        self.first: dict[str, Link] = {}


class Reach:
    """An affected item: how far from the failure, one shortest path there, and every affected
    item (or the failing one) that leads to it directly.

    The path and `via` are worked out when asked for: along a chain of n assets building them
    for every item costs O(n^2). A plain class with slots, for the same reason."""

    __slots__ = ("_walk", "depth", "item")

    def __init__(self, item: str, depth: int, walk: Walk) -> None:
        self.item, self.depth, self._walk = item, depth, walk

    @property
    def path(self) -> tuple[Link, ...]:
        return self.last_steps(self.depth)

    def last_steps(self, count: int) -> tuple[Link, ...]:
        """The last `count` links of the path (all of them when it is no longer)."""
        steps: list[Link] = []
        link = self._walk.parents[self.item]
        while link is not None and len(steps) < count:
            steps.append(link)
            link = self._walk.parents[link.failing]
        return tuple(reversed(steps))

    def path_ends(self, shown: int) -> tuple[tuple[Link, ...], int]:
        """A path of more than `shown` links as its first link and last `shown - 1`, with how
        many are left out between them; a shorter one whole, with 0."""
        if self.depth <= shown:
            return self.path, 0
        return (self._walk.first[self.item], *self.last_steps(shown - 1)), self.depth - shown

    @property
    def via(self) -> tuple[str, ...]:
        walk = self._walk
        return tuple(sorted({failing for failing in walk.leading.get(self.item, ())
                             if walk.index.holds(walk.reach, failing)}))

    def describe(self, origin: str) -> str:
        return " ".join([origin, *(link.step() for link in self.path)])

    def describe_ends(self, origin: str, shown: int) -> str:
        """`describe`, a long path shortened to its ends as `path_ends` gives them."""
        links, skipped = self.path_ends(shown)
        steps = [link.step() for link in links]
        if skipped:
            steps.insert(1, f"... {skipped} more steps ...")
        return " ".join([origin, *steps])

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
        # The affected end of each link, read once for every walk.
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

    @cached_property
    def reach(self) -> ReachIndex:
        """Every item's reach at once (opsbook.cmdb.reach), for totals without a walk."""
        items = [record.id for record in self.repository.records if record.kind.name in ITEM_KINDS]
        return ReachIndex(items, {failing: [affected for affected, _ in following]
                                  for failing, following in self._next.items()})

    @cached_property
    def kind_bits(self) -> dict[str, int]:
        """The bits of the services and of the assets, to count each kind in a reach."""
        by_id = self.repository.by_id
        return {kind: self.reach.mask(item for item in self.reach.ids if by_id[item].kind.name == kind)
                for kind in ITEM_KINDS}

    def count_affected(self, origin: str, kind: str) -> int:
        return (self.reach.affected(origin) & self.kind_bits[kind]).bit_count()

    def affected_by(self, origin: str, first: int | None = None) -> dict[str, Reach]:
        """Every item affected, transitively, if `origin` fails; shortest paths, each depth in the
        order the items were found (breadth first). With `first`, the walk goes only as deep as
        it must for the first `first` services and assets in (depth, ID) order."""
        wanted = {kind: min(first, self.count_affected(origin, kind)) for kind in ITEM_KINDS} \
            if first is not None else None
        walk = Walk(origin, self._leading, self.reach)
        depth = 0
        found: dict[str, Reach] = {}
        frontier = [origin]
        while frontier and (wanted is None or any(wanted.values())):
            depth += 1
            frontier = self._step(walk, frontier, depth, found, wanted)
        return found

    def _step(self, walk: Walk, frontier: list[str], depth: int, found: dict[str, Reach],
              wanted: dict[str, int] | None) -> list[str]:
        """One level of the breadth-first walk: the items first found at `depth`."""
        parents, first, following, by_id = walk.parents, walk.first, self._next, self.repository.by_id
        level = []
        for current in frontier:
            for affected, link in following.get(current, ()):
                if affected not in parents:
                    parents[affected] = link
                    first[affected] = first.get(current, link)
                    found[affected] = Reach(affected, depth, walk)
                    level.append(affected)
                    if wanted is not None:
                        kind = by_id[affected].kind.name
                        wanted[kind] = max(0, wanted[kind] - 1)
        return level

    def travelled(self, origin: str, limit: int) -> tuple[list[Link], int]:
        """The first `limit` links failure travels along from `origin` (its own, then those out
        of each item reached, in ID order), and how many there are in all."""
        reached = self.reach.affected(origin)
        links: list[Link] = []
        for failing in chain([origin], self.reach.members(reached)):
            links += [link for link in self.downstream.get(failing, ()) if self.reach.holds(reached, link.affected)]
            if len(links) >= limit:
                break
        return links[:limit], self.reach.link_count(origin)

    def needs(self) -> dict[str, list[Link]]:
        """The dependency edges cycles are looked for in, by the item that needs the other."""
        edges: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            if link.relation in CYCLE_RELATIONS:
                edges[link.affected].append(link)
        return edges
