"""Several rows of one record (an activity or audit export, exports of different days
concatenated): grouped by the external ID and put in the order they were recorded, so the
latest state wins and the states before it become the record's timeline.

An import never moves a record backwards: a state the record's lifecycle cannot reach from its
present one (`in_progress` -> `new`) is a conflict to report, never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from opsbook.interop.csv_rows import Row
from opsbook.lifecycle import Lifecycle
from opsbook.moments import instant


@dataclass(frozen=True)
class Snapshot:
    """One row's state of a record, converted."""

    row: Row
    fields: dict[tuple[str, ...], Any]
    notes: tuple[str, ...]
    at: str | None  # when the tool recorded this state (RFC 3339), if the export says
    author: str | None

    def get(self, name: str) -> Any:
        return self.fields.get((name,))


def grouped(rows: Iterable[Row], key_column: str) -> dict[str, list[Row]]:
    """External ID -> its rows, in the order the IDs first appear in the file."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        key = (row.first((key_column,)) or "").strip()
        groups.setdefault(key, []).append(row)
    return groups


def in_order(snapshots: list[Snapshot]) -> list[Snapshot]:
    """Oldest first by their update time; rows without one keep their place in the file."""
    if any(s.at is None for s in snapshots):
        return list(snapshots)
    earliest = datetime.min.replace(tzinfo=UTC)
    return sorted(snapshots, key=lambda s: instant(s.at) or earliest)


def state_changes(snapshots: list[Snapshot], field: str, before: str | None, system: str
                  ) -> list[dict[str, Any]]:
    """Timeline entries for each state the rows show, after `before` (the record's present
    state; None for a new record, whose first state is an entry when more follow). Rows up to
    the last one in the present state are history the record already tells."""
    if before is not None:
        last = max((i for i, s in enumerate(snapshots) if s.get(field) == before), default=-1)
        snapshots = snapshots[last + 1:]
        if last < 0:  # no row in the present state: only the last row is news
            snapshots = snapshots[-1:]
    if before is None and len({s.get(field) for s in snapshots}) < 2:
        return []  # a new record in one state throughout: there is no change to tell
    entries: list[dict[str, Any]] = []
    previous = before
    for snapshot in snapshots:
        state = snapshot.get(field)
        if not isinstance(state, str) or state == previous or snapshot.at is None:
            previous = state if isinstance(state, str) else previous
            continue
        note = f"{previous} -> {state}" if previous else f"recorded as {state}"
        entry: dict[str, Any] = {"at": snapshot.at, "status": state, "note": f"{note} (imported from {system})"}
        if snapshot.author:
            entry["author"] = snapshot.author
        entries.append(entry)
        previous = state
    return entries


def merged_timeline(existing: Any, entries: list[dict[str, Any]]) -> list[Any] | None:
    """The existing entries untouched (they are append-only), then the new ones not yet there."""
    kept = list(existing) if isinstance(existing, list) else []
    known = {(e.get("at"), e.get("status")) for e in kept if isinstance(e, dict)}
    added = [e for e in entries if (e["at"], e["status"]) not in known]
    return kept + added if kept or added else None


def last_told(timeline: Any) -> str | None:
    """The latest moment a record's timeline tells of."""
    moments = [e["at"] for e in timeline if isinstance(e, dict) and instant(e.get("at")) is not None] \
        if isinstance(timeline, list) else []
    return max(moments, key=lambda at: instant(at)) if moments else None


def backwards(lifecycle: Lifecycle, record: dict[str, Any], before: str, after: str) -> bool:
    """True when the lifecycle cannot get from `before` to `after` by any path."""
    reached, frontier = {before}, [before]
    while frontier:
        for state in lifecycle.next_states(record, frontier.pop()):
            if state not in reached:
                reached.add(state)
                frontier.append(state)
    return after not in reached
