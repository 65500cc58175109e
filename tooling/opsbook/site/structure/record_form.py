"""What the "New record" form of a kind asks, read from the kind's JSON Schema: one field per
property (help text from its description, choices from its enum, a picker for references),
nested objects as groups, lists of plain values as lists. Lists of objects (timelines,
approvals, outages) are left to the file: a form for them would be a second editor."""

from __future__ import annotations

from typing import Any

from opsbook.kinds import Kind, Kinds, SchemaResolver, follow_ref

# Constraints the browser checks, copied from the schema as they are.
_CHECKS = ("enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems")
_SKIPPED = frozenset({"id", "external_ids"})  # allocated at build time / written by imports


def form_fields(kinds: Kinds, kind: Kind) -> list[dict[str, Any]]:
    """The form's fields, in the schema's order, as plain data for the page's script."""
    required = set(kind.schema.get("required", ()))
    resolver = kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
    fields = []
    for name, node in kind.schema.get("properties", {}).items():
        if name in _SKIPPED:
            continue
        spec = _field(resolver, name, node, name in required)
        if spec is not None:
            fields.append(spec)
    lifecycle = kind.lifecycle
    if lifecycle is not None:
        for spec in fields:
            if spec["name"] == lifecycle.field:
                spec["enum"] = list(lifecycle.initial or lifecycle.states[:1])
                spec["default"] = spec["enum"][0]
    return fields


def _field(resolver: SchemaResolver, name: str, node: dict[str, Any], required: bool) -> dict[str, Any] | None:
    resolved, resolver = follow_ref(resolver, node)
    spec: dict[str, Any] = {
        "name": name,
        "label": str(node.get("title") or resolved.get("title") or name.replace("_", " ").capitalize()),
        "help": str(node.get("description") or resolved.get("description") or ""),
        "type": resolved.get("type", "string"),
        "required": required,
        "markdown": resolved.get("contentMediaType") == "text/markdown",
    }
    spec.update({key: resolved[key] for key in _CHECKS if key in resolved})
    if "default" in resolved:
        spec["default"] = resolved["default"]
    if isinstance(resolved.get("examples"), list) and resolved["examples"]:
        spec["example"] = str(resolved["examples"][0])
    target = (node.get("x-ref") or resolved.get("x-ref") or {}).get("kind")
    if target:
        spec["ref"] = target
    if spec["type"] == "array":
        items, _ = follow_ref(resolver, resolved.get("items", {}))
        if items.get("type", "string") == "object":
            return None
        item = _field(resolver, name, resolved.get("items", {}), False) or {}
        spec["items"] = {key: item[key] for key in ("type", "ref", *_CHECKS) if key in item}
    elif spec["type"] == "object":
        inner_required = set(resolved.get("required", ()))
        children = [_field(resolver, child, child_node, child in inner_required)
                    for child, child_node in resolved.get("properties", {}).items()]
        spec["fields"] = [child for child in children if child is not None and child["type"] != "object"]
    return spec
