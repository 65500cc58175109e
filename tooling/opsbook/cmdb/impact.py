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
    affected: tuple[tuple[Record, Reach], ...]
    slas: tuple[Record, ...]
    changes: tuple[tuple[Record, tuple[str, ...]], ...]  # each change with the items it touches

    def of_kind(self, kind: str) -> list[tuple[Record, Reach]]:
        return [(record, reach) for record, reach in self.affected if record.kind.name == kind]


class NotAnItem(ValueError):
    """The ID names no record, or a record that is neither an asset nor a service."""


def analyse_impact(
    repository: Repository, item_id: str, graph: ConfigurationGraph | None = None
) -> Impact:
    origin = repository.by_id.get(item_id)
    if origin is None:
        raise NotAnItem(f"no record has the ID {item_id}")
    if origin.kind.name not in ITEM_KINDS:
        raise NotAnItem(
            f"{item_id} is a {origin.kind.label.lower()}; impact is about assets and services"
        )
    reaches = (graph or ConfigurationGraph.of(repository)).affected_by(item_id)
    by_id = repository.by_id
    affected = tuple((by_id[item], reaches[item]) for item in _by_depth_then_id(reaches))
    items = {item_id, *reaches}
    services = {item for item in items if by_id[item].kind.name == "service"}
    return Impact(origin, affected, _slas(repository, services), _changes(repository, items))


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


def _slas(repository: Repository, services: set[str]) -> tuple[Record, ...]:
    """Agreements still in force or being drafted for the affected services."""
    found = [
        sla
        for sla in repository.of_kind("sla")
        if sla.data.get("service") in services and sla.status != "expired"
    ]
    return tuple(sorted(found, key=lambda sla: (str(sla.data.get("service")), sla.id)))


def _changes(repository: Repository, items: set[str]) -> tuple[tuple[Record, tuple[str, ...]], ...]:
    found = []
    for change in repository.of_kind("change"):
        lifecycle = change.kind.lifecycle
        if lifecycle is not None and not lifecycle.is_open(change.status):
            continue
        touched = [i for i in _listed(change, "services") + _listed(change, "assets") if i in items]
        if touched:
            found.append((change, tuple(touched)))
    return tuple(sorted(found, key=lambda pair: (_planned(pair[0]), pair[0].id)))


def _listed(record: Record, field: str) -> list[str]:
    value = record.data.get(field)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _planned(change: Record) -> datetime:
    """Changes in the order they are planned; those not yet planned last."""
    start = instant(change.data.get("planned_start"))
    return start.astimezone(UTC) if start else datetime.max.replace(tzinfo=UTC)
