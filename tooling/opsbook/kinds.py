"""The registry of record kinds, read from `schemas/`: each kind schema names its folder,
prefix, references and lifecycle, so a team changes its process by editing schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT7 as _DRAFT7

from opsbook.diagnostics import ConfigurationError
from opsbook.lifecycle import Lifecycle

# The shape of opsbook's own keywords; JSON Schema's metaschema ignores unknown keywords.
_EXTENSION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "folder", "prefix", "label", "plural"],
    "properties": {
        "kind": {"type": "string", "pattern": "^[a-z][a-z_]*$"},
        "folder": {"type": "string", "pattern": "^[a-z][a-z0-9_-]*$"},
        "prefix": {"type": "string", "pattern": "^[A-Z]{2,5}$"},
        "label": {"type": "string"},
        "plural": {"type": "string"},
        "columns": {"type": "array", "items": {"type": "string"}},
        "lifecycle": {
            "type": "object",
            "required": ["field", "transitions"],
            "properties": {
                "field": {"type": "string"},
                "initial": {"type": "array", "items": {"type": "string"}},
                "transitions": {"$ref": "#/definitions/transitions"},
                "open": {"type": "array", "items": {"type": "string"}},
                "variants": {"type": "object"},
                "frozen": {"type": "array"},
                "terminal": {
                    "type": "object",
                    "required": ["states"],
                    "properties": {"states": {"type": "array", "items": {"type": "string"}},
                                   "may_change": {"type": "array", "items": {"type": "string"}}},
                },
                "append_only": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "definitions": {
        "transitions": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}
_REF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "inverse"],
    "properties": {"kind": {"type": "string"}, "inverse": {"type": "string"}},
}


class SchemaResolver(Protocol):
    """What opsbook uses of the resolver `Kinds.registry.resolver()` returns (`referencing` keeps
    its class private): `lookup(ref)` gives the target's `contents` and the `resolver` inside it."""

    def lookup(self, ref: str) -> Any: ...


def follow_ref(resolver: SchemaResolver, node: Any) -> tuple[dict[str, Any], SchemaResolver]:
    """`node` with its `$ref`s followed (keys written beside a `$ref`, such as a description, win),
    and the resolver for the `$ref`s inside the target; an unresolvable `$ref` is left as written."""
    if not isinstance(node, dict):
        return {}, resolver
    for _ in range(10):  # a chain of references, bounded
        ref = node.get("$ref")
        if not isinstance(ref, str):
            break
        try:
            found = resolver.lookup(ref)
        except Unresolvable:
            break
        if not isinstance(found.contents, dict):
            break
        resolver = found.resolver
        node = {**found.contents, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, resolver


@dataclass(frozen=True)
class ReferenceField:
    """A schema location holding IDs of another kind; `path` uses "*" for list items."""

    path: tuple[str, ...]
    target: str
    inverse: str

    @property
    def name(self) -> str:
        return ".".join(step for step in self.path if step != "*")


@dataclass(frozen=True)
class Kind:
    name: str
    folder: str
    prefix: str
    label: str
    plural: str
    columns: tuple[str, ...]
    schema: dict[str, Any]
    schema_file: str
    references: tuple[ReferenceField, ...]
    lifecycle: Lifecycle | None

    @property
    def is_document(self) -> bool:
        """KB articles are Markdown with front matter; every other kind is a YAML file."""
        return self.name == "kb"

    def field_schema(self, path: tuple[str | int, ...]) -> dict[str, Any]:
        """The (unresolved) schema of the field at `path`, or {} if the schema does not say."""
        node: dict[str, Any] = self.schema
        for step in path:
            if isinstance(step, int):
                node = node.get("items", {})
            else:
                node = node.get("properties", {}).get(step, {})
        return node


@dataclass(frozen=True)
class Kinds:
    by_name: dict[str, Kind]
    registry: Registry

    def __iter__(self) -> Iterator[Kind]:
        return iter(self.by_name.values())

    def __getitem__(self, name: str) -> Kind:
        return self.by_name[name]

    def by_prefix(self, prefix: str) -> Kind | None:
        return next((k for k in self if k.prefix == prefix), None)

    def by_folder(self, folder: str) -> Kind | None:
        return next((k for k in self if k.folder == folder and not k.is_document), None)


def load_kinds(schemas_dir: Path) -> Kinds:
    """Read and check every schema; a broken one is a ConfigurationError naming the file."""
    if not schemas_dir.is_dir():
        raise ConfigurationError(f"no schemas folder at {schemas_dir.name}/")
    texts: dict[str, str] = {}
    for path in sorted(schemas_dir.glob("*.schema.json")):
        try:
            texts[path.name] = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"{schemas_dir.name}/{path.name}: cannot read schema: {exc}") from None
    return kinds_from_texts(texts, schemas_dir.name)


def kinds_from_texts(texts: dict[str, str], folder: str = "schemas") -> Kinds:
    """The kinds that schema texts (file name -> JSON) declare: the working tree's, or a base
    revision's read from git, checked the same way."""
    documents = {name: _read_schema(f"{folder}/{name}", text) for name, text in sorted(texts.items())}
    registry = Registry().with_resources(
        (document.get("$id", name), Resource.from_contents(document, default_specification=_DRAFT7))
        for name, document in documents.items()
    )
    kinds: dict[str, Kind] = {}
    for name, document in documents.items():
        _check_refs_resolve(name, document, registry)
        if "x-opsbook" in document:
            kind = _kind_from_schema(name, document)
            kinds[kind.name] = kind
    if not kinds:
        raise ConfigurationError(f"{folder}/: no schema declares a record kind (x-opsbook)")
    _check_reference_targets(kinds)
    return Kinds(kinds, registry)


def _read_schema(where: str, text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if not isinstance(document, dict):
        raise ConfigurationError(f"{where}: a schema must be a JSON object")
    _check_metaschema(where, text, document)
    return document


# Checking a schema against the metaschema costs about 35 ms; a process that loads the
# repository again (a preview rebuilding, commands run in-process) checks each text once.
_SCHEMAS_CHECKED: set[str] = set()


def _check_metaschema(where: str, text: str, document: dict[str, Any]) -> None:
    if text in _SCHEMAS_CHECKED:
        return
    try:
        Draft7Validator.check_schema(document)
    except SchemaError as exc:
        raise ConfigurationError(f"{where}: {_pointer(exc.absolute_path)}: {exc.message}") from None
    _SCHEMAS_CHECKED.add(text)


def _kind_from_schema(name: str, document: dict[str, Any]) -> Kind:
    where = f"schemas/{name}"
    meta = document["x-opsbook"]
    _check_extension(where, "x-opsbook", meta, _EXTENSION_SCHEMA)
    references = tuple(_reference_fields(where, document, ()))
    return Kind(
        name=meta["kind"],
        folder=meta["folder"],
        prefix=meta["prefix"],
        label=meta["label"],
        plural=meta["plural"],
        columns=tuple(meta.get("columns", ())),
        schema=document,
        schema_file=name,
        references=references,
        lifecycle=Lifecycle.from_schema(meta["lifecycle"]) if "lifecycle" in meta else None,
    )


def _reference_fields(where: str, node: dict[str, Any], path: tuple[str, ...]) -> Iterator[ReferenceField]:
    if "x-ref" in node:
        _check_extension(where, "x-ref at " + ".".join(path), node["x-ref"], _REF_SCHEMA)
        yield ReferenceField(path, node["x-ref"]["kind"], node["x-ref"]["inverse"])
    for key, child in node.get("properties", {}).items():
        yield from _reference_fields(where, child, (*path, key))
    if isinstance(node.get("items"), dict):
        yield from _reference_fields(where, node["items"], (*path, "*"))


def _check_extension(where: str, keyword: str, value: Any, schema: dict[str, Any]) -> None:
    try:
        Draft7Validator(schema).validate(value)
    except ValidationError as exc:
        raise ConfigurationError(f"{where}: {keyword}: {_pointer(exc.absolute_path)}: {exc.message}") from None


def _check_reference_targets(kinds: dict[str, Kind]) -> None:
    for kind in kinds.values():
        for ref in kind.references:
            if ref.target not in kinds:
                raise ConfigurationError(
                    f"schemas/{kind.schema_file}: x-ref at {ref.name} names unknown kind {ref.target!r}"
                )


def _check_refs_resolve(name: str, document: dict[str, Any], registry: Registry) -> None:
    resolver = registry.resolver(base_uri=document.get("$id", name))
    for ref in _refs(document):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            raise ConfigurationError(f"schemas/{name}: $ref {ref!r} does not resolve") from None


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(step) for step in path)

