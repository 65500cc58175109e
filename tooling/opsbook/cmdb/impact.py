"""`opsbook impact ID`: what is affected if one asset or service fails, and why.

The affected items come from ConfigurationGraph.affected_by (see opsbook.cmdb.dependencies for the
direction failure travels); next to them, the SLAs that may be breached and the open or
scheduled changes that touch any of the items (the failing one included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from opsbook.cmdb.dependencies import ITEM_KINDS, ConfigurationGraph, Reach
from opsbook.model import Record, Repository
from opsbook.moments import instant


@dataclass(frozen=True)
class Impact:
    origin: Record
    affected: tuple[tuple[Record, Reach], ...]  # in (depth, ID) order; with `first`, the first
    totals: dict[str, int]  # how many services and assets are affected in all
    slas: tuple[Record, ...]
    changes: tuple[tuple[Record, tuple[str, ...]], ...]  # each change with the items it touches

    def of_kind(self, kind: str) -> list[tuple[Record, Reach]]:
        return [(record, reach) for record, reach in self.affected if record.kind.name == kind]


class NotAnItem(ValueError):
    """The ID names no record, or a record that is neither an asset nor a service."""


def analyse_impact(repository: Repository, item_id: str, graph: ConfigurationGraph | None = None,
                   first: int | None = None) -> Impact:
    """What `item_id`'s failure affects; with `first`, only the first `first` services and
    assets are listed (the totals, SLAs and changes are always complete)."""
    origin = repository.by_id.get(item_id)
    if origin is None:
        raise NotAnItem(f"no record has the ID {item_id}")
    if origin.kind.name not in ITEM_KINDS:
        raise NotAnItem(
            f"{item_id} is a {origin.kind.label.lower()}; impact is about assets and services"
        )
    graph = graph or ConfigurationGraph.of(repository)
    reaches = graph.affected_by(item_id, first)
    by_id = repository.by_id
    ordered = [(by_id[item], reaches[item]) for item in _by_depth_then_id(reaches)]
    if first is not None:
        ordered = [pair for kind in ("service", "asset")
                   for pair in [p for p in ordered if p[0].kind.name == kind][:first]]
    totals = {kind: graph.count_affected(item_id, kind) for kind in ITEM_KINDS}
    register = repository.derived("impact-register", Register.of)
    items = graph.reach.reach(item_id)
    return Impact(origin, tuple(ordered), totals, register.slas(graph, items), register.changes(graph, items))


def _by_depth_then_id(reaches: dict[str, Reach]) -> list[str]:
    """The items in (depth, ID) order. They come breadth first, so depth never decreases: only
    each depth's items need sorting, by plain string comparison rather than a key per item."""
    ordered: list[str] = []
    level: list[str] = []
    depth = None
    for item, reach in reaches.items():
        if reach.depth != depth:
            ordered += sorted(level)
            level, depth = [], reach.depth
        level.append(item)
    return ordered + sorted(level)


@dataclass(frozen=True)
class Register:
    """The SLAs in force or drafted, and the open changes with the items they name, read once
    per repository: every asset page asks which of them its failure reaches."""

    in_force: tuple[Record, ...]
    open_changes: tuple[tuple[Record, tuple[str, ...]], ...]

    @classmethod
    def of(cls, repository: Repository) -> Register:
        in_force = sorted((sla for sla in repository.of_kind("sla") if sla.status != "expired"),
                          key=lambda sla: (str(sla.data.get("service")), sla.id))
        changes = []
        for change in repository.of_kind("change"):
            lifecycle = change.kind.lifecycle
            if lifecycle is None or lifecycle.is_open(change.status):
                changes.append((change, tuple(_listed(change, "services") + _listed(change, "assets"))))
        changes.sort(key=lambda pair: (_planned(pair[0]), pair[0].id))
        return cls(tuple(in_force), tuple(changes))

    def slas(self, graph: ConfigurationGraph, items: int) -> tuple[Record, ...]:
        """Those of the services among `items` (bits of graph.reach)."""
        services = items & graph.kind_bits["service"]
        if not services:
            return ()
        return tuple(sla for sla in self.in_force
                     if isinstance(sla.data.get("service"), str) and graph.reach.holds(services, sla.data["service"]))

    def changes(self, graph: ConfigurationGraph, items: int) -> tuple[tuple[Record, tuple[str, ...]], ...]:
        """The open changes naming any of `items`, each with those it names."""
        found = []
        for change, named in self.open_changes:
            touched = tuple(item for item in named if graph.reach.holds(items, item))
            if touched:
                found.append((change, touched))
        return tuple(found)


def _listed(record: Record, field: str) -> list[str]:
    value = record.data.get(field)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _planned(change: Record) -> datetime:
    """Changes in the order they are planned; those not yet planned last."""
    start = instant(change.data.get("planned_start"))
    return start.astimezone(UTC) if start else datetime.max.replace(tzinfo=UTC)
