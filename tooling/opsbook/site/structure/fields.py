"""What the schemas say about a field: its label, its help text, whether it is Markdown or a
reference. The site's field help is the schema's `description`, as in the editor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from opsbook.kinds import Kind, Kinds, follow_ref

MARKDOWN_MEDIA_TYPE = "text/markdown"


@dataclass(frozen=True)
class FieldInfo:
    name: str
    label: str
    help: str
    markdown: bool
    target: str | None
    definition: str = ""  # the shared definition the field refers to: "timestamp", "money", ...
    enum: bool = False  # a choice among fixed values (shown as labels, not as written)


class FieldCatalog:
    """Field descriptions for every kind, with `$ref`s to shared definitions resolved."""

    def __init__(self, kinds: Kinds) -> None:
        self.kinds = kinds
        self._info = lru_cache(maxsize=None)(self._compute)

    def info(self, kind: Kind, path: tuple[str | int, ...]) -> FieldInfo:
        steps = tuple(0 if isinstance(step, int) else step for step in path)
        return self._info(kind.name, steps)

    def order(self, kind: Kind) -> list[str]:
        return list(kind.schema.get("properties", {}))

    def _compute(self, kind_name: str, path: tuple[str | int, ...]) -> FieldInfo:
        kind = self.kinds[kind_name]
        node: dict[str, Any] = kind.schema
        resolver = self.kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
        for step in path:
            parent, resolver = follow_ref(resolver, node)
            node = parent.get("items", {}) if isinstance(step, int) else parent.get("properties", {}).get(step, {})
        resolved, _ = follow_ref(resolver, node)
        name = next((str(step) for step in reversed(path) if isinstance(step, str)), "")
        label = node.get("title") or resolved.get("title") or name.replace("_", " ").capitalize()
        help_text = node.get("description") or resolved.get("description") or ""
        target = (node.get("x-ref") or node.get("items", {}).get("x-ref") or {}).get("kind")
        ref = node.get("$ref") if isinstance(node, dict) else None
        definition = ref.rsplit("/", 1)[-1] if isinstance(ref, str) and "/definitions/" in ref else ""
        if not definition and resolved.get("format") in ("date-time", "date"):
            definition = "timestamp" if resolved["format"] == "date-time" else "date"
        return FieldInfo(name, str(label), str(help_text),
                         resolved.get("contentMediaType") == MARKDOWN_MEDIA_TYPE
                         or node.get("contentMediaType") == MARKDOWN_MEDIA_TYPE, target,
                         definition, "enum" in resolved or "enum" in node)

