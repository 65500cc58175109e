"""Mermaid dependency diagrams. Labels are record text, so every character outside a small
safe set is written as a Mermaid entity code (`#60;`), which Mermaid shows as text; node
names are generated, never taken from records."""

from __future__ import annotations

from collections.abc import Iterable

from opsbook.model import Record

_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:/()")
_MAX_LABEL = 60


def label(text: str) -> str:
    text = " ".join(text.split())[:_MAX_LABEL]
    return "".join(ch if ch in _SAFE else f"#{ord(ch)};" for ch in text)


def dependency_diagram(center: Record, edges: Iterable[tuple[Record, str, Record]]) -> str:
    """A left-to-right flowchart of `source --relation--> target` edges around `center`."""
    names: dict[int, str] = {}
    lines = ["flowchart LR"]

    def node(record: Record) -> str:
        if id(record) not in names:
            names[id(record)] = f"n{len(names)}"
            shape = '(["{}"])' if record is center else '["{}"]'
            lines.append(f"  {names[id(record)]}{shape.format(label(record.id + ': ' + record.title))}")
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
    return "```mermaid\n" + "\n".join(lines) + "\n```\n"
