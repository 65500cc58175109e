"""Schedule conflicts of the changes that are still open (not closed or canceled):

- `change-overlap`: two changes whose planned windows overlap on the same asset or service;
- `change-overlap-dependency`: the same, on items that depend on each other (one is in what
  `opsbook impact` lists for the other, so one change can break what the other is changing);
- `change-outside-window`: a change that can affect a service with `requires_maintenance_window`
  and is not covered by that service's maintenance windows (adjacent occurrences count as one);
- `change-in-blackout` / `change-in-freeze`: a change overlapping a blackout or freeze window that
  applies to anything it can affect (a window without services and assets applies to all);
- `change-emergency-exception`: an emergency change doing either of the last two; it is let
  through and flagged for review instead.

"Can affect" is the change's services and assets plus everything their failure reaches in the
CMDB graph. Windows touching at an edge do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from opsbook.calendar.recurrence import Occurrence, RecurringWindow
from opsbook.cmdb.dependencies import ConfigurationGraph, Reach
from opsbook.model import Record, Repository
from opsbook.moments import instant, overlaps


@dataclass(frozen=True)
class Conflict:
    code: str
    change: Record
    other: Record
    message: str


@dataclass(frozen=True)
class PlannedChange:
    record: Record
    start: datetime
    end: datetime
    items: tuple[str, ...]
    reach: dict[str, tuple[str, Reach | None]]  # affected item -> (own item it comes from, how)

    @property
    def emergency(self) -> bool:
        return self.record.data.get("type") == "emergency"

    def how(self, item: str) -> str:
        """`item`, and the path from the change's own item when it is affected indirectly."""
        origin, reach = self.reach[item]
        return item if reach is None else f"{item} (via {reach.describe(origin)})"


def find_conflicts(
    repository: Repository, graph: ConfigurationGraph | None = None
) -> list[Conflict]:
    graph = graph or ConfigurationGraph.of(repository)
    changes = planned_changes(repository, graph)
    found = list(_overlaps(changes))
    if changes:
        windows = _windows(repository, min(c.start for c in changes), max(c.end for c in changes))
        restricting = [w for w in windows if w.type in ("blackout", "freeze")]
        maintenance: dict[str, list[ExpandedWindow]] = {}
        for window in windows:
            if window.type == "maintenance":
                for service in dict.fromkeys(_listed(window.record, "services")):
                    maintenance.setdefault(service, []).append(window)
        for change in changes:
            found.extend(_restrictions(change, restricting))
            found.extend(_outside_windows(change, maintenance, repository))
    return found


def planned_changes(repository: Repository, graph: ConfigurationGraph) -> list[PlannedChange]:
    found = []
    for record in repository.of_kind("change"):
        lifecycle = record.kind.lifecycle
        if lifecycle is not None and not lifecycle.is_open(record.status):
            continue
        start, end = (
            instant(record.data.get("planned_start")),
            instant(record.data.get("planned_end")),
        )
        if start is None or end is None or end <= start:
            continue
        items = _listed(record, "services") + _listed(record, "assets")
        reach: dict[str, tuple[str, Reach | None]] = {item: (item, None) for item in items}
        for item in items:
            for affected, how in sorted(graph.affected_by(item).items(), key=lambda p: p[1].depth):
                if affected not in reach or (
                    reach[affected][1] and reach[affected][1].depth > how.depth
                ):
                    reach[affected] = (item, how)
        found.append(
            PlannedChange(record, start.astimezone(UTC), end.astimezone(UTC), items, reach)
        )
    return sorted(found, key=lambda change: (change.start, change.record.id))


def _overlaps(changes: list[PlannedChange]) -> Iterator[Conflict]:
    for index, first in enumerate(changes):
        for second in changes[index + 1 :]:
            if second.start >= first.end:
                break  # sorted by start: no later change can overlap `first`
            yield from _pair(first, second)
            yield from _pair(second, first)


def _pair(change: PlannedChange, other: PlannedChange) -> Iterator[Conflict]:
    shared = [item for item in change.items if item in other.items]
    if shared:
        # Positions only for what is reported: most overlapping pairs share nothing.
        where = _at(other.record, ("planned_start",))
        yield Conflict(
            "change-overlap",
            change.record,
            other.record,
            f"{change.record.id} ({_span(change.start, change.end)}) overlaps {other.record.id} "
            f"({where}, {_span(other.start, other.end)}) on {', '.join(shared)}",
        )
        return
    path = _dependency(change, other) or _dependency(other, change)
    if path is None:
        return
    where = _at(other.record, ("planned_start",))
    yield Conflict(
        "change-overlap-dependency",
        change.record,
        other.record,
        f"{change.record.id} ({_span(change.start, change.end)}) overlaps {other.record.id} "
        f"({where}, {_span(other.start, other.end)}) on items that depend on each other: {path}",
    )


def _dependency(first: PlannedChange, second: PlannedChange) -> str | None:
    """How a failure of one of `first`'s items reaches one of `second`'s, if it does."""
    for item in second.items:
        origin, reach = first.reach.get(item, (item, None))
        if reach is not None:
            return reach.describe(origin)
    return None


@dataclass(frozen=True)
class ExpandedWindow:
    """A window with its occurrences in the changes' span; type and scope read once, since
    every open change is compared with every window."""

    record: Record
    occurrences: tuple[Occurrence, ...]
    type: str
    scope: tuple[str, ...]


def _windows(repository: Repository, since: datetime, before: datetime) -> list[ExpandedWindow]:
    found = []
    for record in repository.of_kind("maintenance"):
        window = RecurringWindow.from_data(record.data)
        if window is not None and record.status != "cancelled":
            found.append(ExpandedWindow(record, tuple(window.occurrences(since, before)),
                                        str(record.data.get("type")),
                                        _listed(record, "services") + _listed(record, "assets")))
    return found


def _restrictions(change: PlannedChange, windows: list[ExpandedWindow]) -> Iterator[Conflict]:
    """Blackouts and freezes (`windows` holds only those) that apply to what the change reaches."""
    for window in windows:
        scope = window.scope
        applies = [item for item in scope if item in change.reach] if scope else ["everything"]
        hit = next(
            (o for o in window.occurrences if overlaps(change.start, change.end, o.start, o.end)),
            None,
        )
        if not applies or hit is None:
            continue
        on = "all services" if not scope else change.how(applies[0])
        text = (
            f"{change.record.id} ({_span(change.start, change.end)}) falls in {window.type} "
            f"{window.record.id} ({_at(window.record, ('start',))}, "
            f"{_span(hit.start, hit.end)}) on {on}"
        )
        if change.emergency:
            yield Conflict(
                "change-emergency-exception",
                change.record,
                window.record,
                f"emergency change let through: {text}",
            )
        else:
            yield Conflict(f"change-in-{window.type}", change.record, window.record, text)


def _outside_windows(
    change: PlannedChange, maintenance: dict[str, list[ExpandedWindow]], repository: Repository
) -> Iterator[Conflict]:
    """`maintenance`: each service's own maintenance windows."""
    by_id = repository.by_id
    for item in change.reach:
        service = by_id.get(item)
        if (
            service is None
            or service.kind.name != "service"
            or service.data.get("requires_maintenance_window") is not True
        ):
            continue
        own = maintenance.get(item, [])
        if _covered(change.start, change.end, [o for w in own for o in w.occurrences]):
            continue
        names = ", ".join(w.record.id for w in own) or "none"
        text = (
            f"{change.record.id} ({_span(change.start, change.end)}) "
            f"changes {change.how(item)} outside "
            f"its maintenance windows ({names}); {item} requires one "
            f"({_at(service, ('requires_maintenance_window',))})"
        )
        if change.emergency:
            yield Conflict(
                "change-emergency-exception",
                change.record,
                service,
                f"emergency change let through: {text}",
            )
        else:
            yield Conflict("change-outside-window", change.record, service, text)


def _covered(start: datetime, end: datetime, occurrences: list[Occurrence]) -> bool:
    """Whether [start, end) lies inside the union of the occurrences."""
    reached = start
    for occurrence in sorted(occurrences, key=lambda o: o.start):
        if occurrence.start > reached:
            break
        reached = max(reached, occurrence.end)
        if reached >= end:
            return True
    return False


def _at(record: Record, path: tuple[str | int, ...]) -> str:
    line, _ = record.position(path)
    return f"{record.path}:{line}"


def _span(start: datetime, end: datetime) -> str:
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} UTC"
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"


def _listed(record: Record, field: str) -> tuple[str, ...]:
    value = record.data.get(field)
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
