"""The views of an impact analysis: text for people, JSON for pipes and the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from opsbook.cmdb.dependencies import Reach
from opsbook.cmdb.impact import Impact
from opsbook.model import Record


def impact_json(impact: Impact) -> dict[str, Any]:
    origin = impact.origin.id
    return {
        "id": origin,
        "kind": impact.origin.kind.name,
        "title": impact.origin.title,
        "services": [_item_json(r, reach, origin) for r, reach in impact.of_kind("service")],
        "assets": [_item_json(r, reach, origin) for r, reach in impact.of_kind("asset")],
        "slas": [
            {
                "id": sla.id,
                "title": sla.title,
                "status": sla.status,
                "service": sla.data.get("service"),
                "availability_target": sla.data.get("availability_target"),
                "path": sla.path,
            }
            for sla in impact.slas
        ],
        "changes": [
            {
                "id": change.id,
                "title": change.title,
                "status": change.status,
                "type": change.data.get("type"),
                "planned_start": change.data.get("planned_start"),
                "planned_end": change.data.get("planned_end"),
                "touches": list(touched),
                "path": change.path,
            }
            for change, touched in impact.changes
        ],
    }


def _item_json(record: Record, reach: Reach, origin: str) -> dict[str, Any]:
    return {
        "id": record.id,
        "title": record.title,
        "status": record.status,
        "depth": reach.depth,
        "path": [origin, *(link.affected for link in reach.path)],
        "links": [
            {"holder": link.holder, "relation": link.relation, "target": link.target}
            for link in reach.path
        ],
        "describe": reach.describe(origin),
        "via": list(reach.via),
    }


# Along a chain of n assets the paths are 1..n links long: printed whole, the text would grow
# as n^2. A longer path shows its first link and its last ones (each item's last step names the
# item before it, so the whole path can be followed); `--format json` has every path whole.
SHOWN_STEPS = 6


def impact_text(impact: Impact) -> str:
    origin = impact.origin
    lines = [f"Impact if {origin.id} ({origin.title}) fails [{origin.kind.name}, {origin.status}]"]
    for kind, heading in (("service", "Services affected"), ("asset", "Assets affected")):
        affected = impact.of_kind(kind)
        lines += ["", f"{heading} ({impact.totals[kind]})"]
        for record, reach in affected:
            lines.append(f"  {record.id}  {record.title}  [{record.status}]")
            lines.append(f"      {reach.describe_ends(origin.id, SHOWN_STEPS)}")
            last = reach.last_steps(1)[0].failing
            others = [item for item in reach.via if item != last]
            if others:
                lines.append(f"      also via {', '.join(others)}")
        if not affected:
            lines.append("  none")
    lines += ["", f"SLAs of the affected services ({len(impact.slas)})"]
    lines += [
        f"  {sla.id}  {sla.title}  [{sla.status}]  {sla.data.get('service')}{_target(sla)}"
        for sla in impact.slas
    ] or ["  none"]
    lines += ["", f"Open and scheduled changes touching them ({len(impact.changes)})"]
    lines += [
        f"  {change.id}  {change.title}  [{change.status}]  {_window(change)}"
        f"  touches {', '.join(touched)}"
        for change, touched in impact.changes
    ] or ["  none"]
    return "\n".join(lines) + "\n"


def _target(sla: Record) -> str:
    target = sla.data.get("availability_target")
    return f"  availability {target}%" if isinstance(target, int | float) else ""


def _window(change: Record) -> str:
    start, end = change.data.get("planned_start"), change.data.get("planned_end")
    return f"{start} to {end}" if start and end else "not yet planned"


IMPACT_FORMATS: dict[str, Callable[[Impact], Any]] = {"text": impact_text, "json": impact_json}
