"""Record data as an import changes it: a field set at a dotted path, the external IDs claimed,
and a diagnostic's line turned back into the field it is about."""

from __future__ import annotations

from typing import Any

from opsbook.model import Record


def field_at(lines: list[str], line: int, *, parent: bool) -> str:
    """The dotted field name a line of a generated record belongs to; a missing field is
    reported at its parent mapping's first line, so `parent` names the mapping instead."""
    keys: list[str] = []
    indent = None
    for text in reversed(lines[:line]):
        stripped = text.lstrip(" -")
        depth = len(text) - len(stripped)
        if ":" in stripped and not text.startswith("#") and (indent is None or depth < indent):
            keys.insert(0, stripped.split(":", 1)[0])
            indent = depth
            if depth == 0:
                break
    return ".".join(keys[:-1] if parent else keys)


def claims(records: list[Record], system: str) -> dict[str, list[Record]]:
    claims: dict[str, list[Record]] = {}
    for record in records:
        for entry in record.data.get("external_ids") or []:
            if isinstance(entry, dict) and entry.get("system") == system and isinstance(entry.get("id"), str):
                claims.setdefault(entry["id"], []).append(record)
    return claims


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        if not isinstance(data.get(name), dict):
            data[name] = {}
        data = data[name]
    data[path[-1]] = value


def claim(data: dict[str, Any], system: str, key: str) -> None:
    entries = data.get("external_ids")
    entries = entries if isinstance(entries, list) else []
    if not any(isinstance(e, dict) and e.get("system") == system and e.get("id") == key for e in entries):
        entries.append({"system": system, "id": key})
    data["external_ids"] = entries
