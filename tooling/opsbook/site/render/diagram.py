"""Mermaid dependency diagrams. Labels are record text, so every character outside a small
safe set is written as a Mermaid entity code (`#60;`), which Mermaid shows as text; node
names are generated, never taken from records."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from opsbook.model import Record
from opsbook.site.structure.model import SiteModel

_UNSAFE = re.compile(r"[^a-zA-Z0-9 _.,:/()-]")
_MAX_LABEL = 60


def label(text: str) -> str:
    text = " ".join(text.split())[:_MAX_LABEL]
    return _UNSAFE.sub(lambda found: f"#{ord(found.group())};", text)


# Node colours by state (fill, stroke, text), each class named in the legend under the diagram.
STATE_CLASSES = {
    "ok": ("#c8e6c9", "#2e7d32", "#1b1b1b"),
    "warn": ("#ffe082", "#e65100", "#1b1b1b"),
    "bad": ("#ffcdd2", "#b71c1c", "#1b1b1b"),
    "other": ("#e0e0e0", "#616161", "#1b1b1b"),
}
_OK = {"live", "operational", "resolved", "closed", "completed", "active", "published", "green"}
_WARN = {"degraded", "in_maintenance", "maintenance", "in_build", "planned", "pipeline", "amber", "on_hold"}
_BAD = {"partial_outage", "major_outage", "retired", "disposed", "red", "down"}
_SAFE_HREF = re.compile(r"^[A-Za-z0-9._~/#%-]+$")


def state_class(state: str) -> str:
    return "ok" if state in _OK else "warn" if state in _WARN else "bad" if state in _BAD else "other"


def dependency_diagram(center: Record, edges: Iterable[tuple[Record, str, Record]],
                       href: Callable[[Record], str] | None = None,
                       state: Callable[[Record], str] | None = None) -> str:
    """A left-to-right flowchart of `source --relation--> target` edges around `center`; with
    `href`, each node links to its record's page; with `state`, nodes are coloured by it."""
    names: dict[int, str] = {}
    lines = ["flowchart LR"]
    extra: list[str] = []

    def node(record: Record) -> str:
        if id(record) not in names:
            name = names[id(record)] = f"n{len(names)}"
            shape = '(["{}"])' if record is center else '["{}"]'
            now = state(record) if state else ""
            text = record.id + ": " + record.title + (f" ({now.replace('_', ' ')})" if now else "")
            lines.append(f"  {name}{shape.format(label(text))}")
            if now:
                extra.append(f"  class {name} {state_class(now)}")
            target = href(record) if href else ""
            if target and _SAFE_HREF.match(target):
                extra.append(f'  click {name} href "{target}" "{label(record.id)}"')
        return names[id(record)]

    node(center)
    seen = set()
    for source, relation, target in edges:
        key = (id(source), relation, id(target))
        if key in seen:
            continue
        seen.add(key)
        lines.append(f'  {node(source)} -->|"{label(relation.replace("_", " "))}"| {node(target)}')
    if len(lines) == 2:
        return ""
    if state:
        extra += [f"  classDef {name} fill:{fill},stroke:{stroke},color:{text}"
                  for name, (fill, stroke, text) in STATE_CLASSES.items()]
    return "```mermaid\n" + "\n".join(lines + extra) + "\n```\n"


DIAGRAM_LEGEND = ('<ul class="opsbook-legend" aria-label="Diagram colours">'
                  + "".join(f'<li><span class="opsbook-swatch" style="background:{fill};border:1px solid {stroke}">'
                            f"</span>{text}</li>" for (fill, stroke, _), text in zip(
                                STATE_CLASSES.values(), ("Operational, live or done", "Degraded or in maintenance",
                                                         "Outage or retired", "Other state")))
                  + "</ul>")


def diagram_links(model: SiteModel, page: str) -> tuple[Callable[[Record], str], Callable[[Record], str]]:
    """Each node's link from `page` and its state now (a live service's from the status report)."""
    def href(record: Record) -> str:
        return model.site.href(page, model.site.uri(record))

    def state(record: Record) -> str:
        return model.kpis.service_state(record) if record.kind.name == "service" else str(record.status or "")
    return href, state
