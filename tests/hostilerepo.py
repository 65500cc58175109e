"""A hostile repository for the site's security tests, generated from tests/hostile/payloads.json.

The site fixture is copied (copy-on-write: the fixture itself is never touched) and every kind's
schema is walked for string fields, so a field added to a schema later gets payloads too:

- `valid` copies put a text payload in every free-text field (titles, descriptions, notes,
  people, link titles, KB front matter) and keep the records valid: a strict build must pass.
- `invalid` copies also put payloads in constrained strings (tags, link URLs, enums, IDs,
  references, dates): validation must refuse them, and a non-strict build renders them flagged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from opsbook.kinds import Kind, Kinds
from opsbook.load import open_repository
from sitebuild import make_repository

HOSTILE = Path(__file__).parent / "hostile"
_PAYLOADS = json.loads((HOSTILE / "payloads.json").read_text("utf-8"))
PAYLOADS: list[str] = _PAYLOADS["text"]
URLS: list[str] = _PAYLOADS["urls"]
ARTICLE = (HOSTILE / "article.md").read_text("utf-8")
CONSTRAINTS = ("enum", "const", "pattern", "format", "x-ref")
CANNED = {"date-time": "2026-03-01T10:00:00Z", "date": "2026-03-01", "time": "10:00",
          "email": "a@example.com", "uri": "https://example.com/"}
CANNED_LATER = {**CANNED, "date-time": "2026-03-01T11:00:00Z", "date": "2026-03-02", "time": "11:00"}


def _chunks(limit: int = 200) -> list[str]:
    """The payloads packed into texts of at most `limit` characters (a title's length)."""
    chunks = [""]
    for payload in PAYLOADS:
        if chunks[-1] and len(chunks[-1]) + 1 + len(payload) > limit:
            chunks.append("")
        chunks[-1] = f"{chunks[-1]} {payload}".strip(" ")
    return chunks


CHUNKS = _chunks()
COPIES = len(CHUNKS)  # across the copies of a kind, each text field holds every payload
FieldPath = tuple[str | int, ...]


@dataclass
class Walk:
    """Fills one record's data from its kind's schema; `strings` collects each field filled."""

    kind: Kind
    text: Any  # (path, field schema) -> payload
    hostile_constrained: bool
    strings: list[FieldPath] = field(default_factory=list)

    def resolve(self, node: dict[str, Any], resolver: Any) -> tuple[dict[str, Any], Any]:
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return node, resolver
        resolved = resolver.lookup(ref)
        merged = {**resolved.contents, **{k: v for k, v in node.items() if k != "$ref"}}
        return merged, resolved.resolver

    def fill(self, value: Any, node: dict[str, Any], resolver: Any, path: FieldPath) -> Any:
        node, resolver = self.resolve(node, resolver)
        if "oneOf" in node or "anyOf" in node:
            return value  # a choice of shapes (service hours): kept as the fixture wrote it
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            data = value if isinstance(value, dict) else self.synthesize(node, resolver)
            return self.fill_object(data, node, resolver, path)
        if kind == "array":
            items = value if isinstance(value, list) else []
            if not items and not self.worth_adding(node.get("items", {}), resolver):
                return value
            items = items or [self.synthesize(node.get("items", {}), resolver)]
            if self.hostile_constrained and self.is_url_list(node, resolver, path):
                items = items + [{**items[0], "url": url} for url in URLS]
            return [self.fill(item, node.get("items", {}), resolver, (*path, i)) for i, item in enumerate(items)]
        if kind == "string":
            return self.fill_string(value, node, path)
        if kind == "boolean" and path and path[-1] == "public":
            return True  # public timeline notes leave through the feeds and the status page
        return value

    def fill_object(self, data: dict[str, Any], node: dict[str, Any], resolver: Any, path: FieldPath) -> dict[str, Any]:
        out = dict(data)
        for name, child in node.get("properties", {}).items():
            if name == "id" and not path:
                continue
            if name in data or self.worth_adding(child, resolver):
                filled = self.fill(data.get(name), child, resolver, (*path, name))
                if filled is not None:
                    out[name] = filled
        return out

    def fill_string(self, value: Any, node: dict[str, Any], path: FieldPath) -> Any:
        constrained = any(key in node for key in CONSTRAINTS)
        if constrained and not self.hostile_constrained:
            return value if value is not None else self.synthesize(node, None)
        self.strings.append(path)
        if path and path[-1] == "url":
            return URLS[len(self.strings) % len(URLS)] if constrained else value
        return self.text(path, node)

    def worth_adding(self, node: dict[str, Any], resolver: Any) -> bool:
        """Whether an absent optional field holds free text somewhere (and so must be filled)."""
        node, resolver = self.resolve(node, resolver)
        if "oneOf" in node or "anyOf" in node:
            return False
        if node.get("type") == "string":
            return self.hostile_constrained or not any(key in node for key in CONSTRAINTS)
        if node.get("type") == "array":
            return self.worth_adding(node.get("items", {}), resolver)
        return any(self.worth_adding(child, resolver) for child in node.get("properties", {}).values())

    def synthesize(self, node: dict[str, Any], resolver: Any, name: str = "") -> Any:
        """A valid value for a field the fixture does not have (its free text filled later)."""
        if resolver is not None:
            node, resolver = self.resolve(node, resolver)
        if node.get("type") == "object" or "properties" in node:
            # Every field, not only the required ones: if/then clauses require more in some states.
            return {name: self.synthesize(child, resolver, name) for name, child in node["properties"].items()
                    if "oneOf" not in child and "anyOf" not in child}
        if node.get("type") == "array":
            return []
        for key in ("const", "examples", "enum"):
            if key in node:
                return node[key] if key == "const" else node[key][0]
        if "format" in node:
            later = name in ("end", "finish", "to", "until", "ends_at", "due")
            return CANNED_LATER.get(node["format"], "x") if later else CANNED.get(node["format"], "x")
        return {"integer": 1, "number": 1, "boolean": False}.get(node.get("type", "string"), "x")

    @staticmethod
    def is_url_list(node: dict[str, Any], resolver: Any, path: FieldPath) -> bool:
        items = node.get("items", {})
        return bool(path) and path[-1] == "links" and "properties" in items and "url" in items["properties"]


def fill_record(kinds: Kinds, kind: Kind, data: dict[str, Any], text: Any, *,
                hostile_constrained: bool) -> tuple[dict[str, Any], list[FieldPath]]:
    resolver = kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
    walk = Walk(kind, text, hostile_constrained)
    filled = walk.fill(data, kind.schema, resolver, ())
    return filled, walk.strings


def rotation(copy: int) -> Any:
    """Payloads for copy number `copy`: each field a different one, every one in every field
    across the copies of a kind; Markdown fields get all of them at once."""
    counter = iter(range(10_000))

    def text(path: FieldPath, node: dict[str, Any]) -> str:
        if node.get("contentMediaType") == "text/markdown":
            return "\n\n".join(PAYLOADS)
        return CHUNKS[(copy + next(counter)) % len(CHUNKS)][:int(node.get("maxLength", 1000))]
    return text


@dataclass
class HostileRepository:
    root: Path
    valid: list[str] = field(default_factory=list)    # repository-relative paths
    invalid: list[str] = field(default_factory=list)
    fields: dict[str, set[FieldPath]] = field(default_factory=dict)  # kind -> string fields filled


def make_hostile_repository(target: Path, *, invalid: bool) -> HostileRepository:
    """The site fixture plus hostile copies of one record of each kind (and an article)."""
    root = make_repository(target)
    repository = open_repository(root)
    result = HostileRepository(root)
    templates = {record.kind.name: record for record in repository.records}
    for kind in repository.kinds:
        template = templates[kind.name]
        for copy in range(COPIES):
            number = 9000 + copy
            data, strings = fill_record(repository.kinds, kind, template.data, rotation(copy), hostile_constrained=False)
            result.valid.append(_write(root, kind, number, data, template.body))
            result.fields.setdefault(kind.name, set()).update(_generic(strings))
        if invalid:
            data, strings = fill_record(repository.kinds, kind, template.data, rotation(0), hostile_constrained=True)
            result.invalid.append(_write(root, kind, 8000, data, template.body))
            result.invalid.append(_write(root, kind, 8001, data, template.body, PAYLOADS[1]))
    return result


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def shifted(value: Any, delta: timedelta) -> Any:
    """Every moment moved by `delta`, so that copies of a record do not overlap each other in
    the calendar (a change window, a maintenance window) yet keep their order."""
    if isinstance(value, dict):
        return {key: shifted(item, delta) for key, item in value.items()}
    if isinstance(value, list):
        return [shifted(item, delta) for item in value]
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        moment = datetime.fromisoformat(value) + delta
        return moment.isoformat().replace("+00:00", "Z") if value.endswith("Z") else moment.isoformat()
    if isinstance(value, str) and _DATE.fullmatch(value):
        return (date.fromisoformat(value) + delta).isoformat()
    return value


def _generic(paths: list[FieldPath]) -> Iterator[FieldPath]:
    return (tuple(0 if isinstance(step, int) else step for step in path) for path in paths)


def _write(root: Path, kind: Kind, number: int, data: dict[str, Any], body: str | None,
           written_id: str | None = None) -> str:
    record_id = f"{kind.prefix}-{number}"
    data = shifted(data, timedelta(days=-7 * (number % 1000 + 1) - 3 * (number // 1000 == 8)))
    data = {"id": written_id or record_id, **{k: v for k, v in data.items() if k != "id"}}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    if kind.is_document:
        path = f"kb/{record_id}-hostile.md"
        text = f"---\n{text}---\n{ARTICLE}\n" + "\n\n".join(PAYLOADS) + "\n"
    else:
        path = f"records/{kind.folder}/{record_id}.yaml"
    (root / path).write_text(text, "utf-8")
    return path
