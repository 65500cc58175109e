"""The registry of record kinds, read from `schemas/`: each kind schema names its folder,
prefix, references and lifecycle, so a team changes its process by editing schemas.

Loading checks every schema with the compiled jsonschema-rs; jsonschema and referencing (a
fifth of a second to import) are imported only to word a broken schema's error, and for the
`registry` that explaining an invalid record and reading field help walk."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import jsonschema_rs

from opsbook.diagnostics import ConfigurationError
from opsbook.lifecycle import Lifecycle

if TYPE_CHECKING:
    from referencing import Registry

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

# Each shape with its compiled check.
_EXTENSION = (_EXTENSION_SCHEMA, jsonschema_rs.Draft7Validator(_EXTENSION_SCHEMA))
_REF = (_REF_SCHEMA, jsonschema_rs.Draft7Validator(_REF_SCHEMA))

# jsonschema-rs wants absolute URIs; this base never resolves, and every $ref is checked to
# resolve among the local schemas when they are loaded, so nothing is ever fetched.
RS_BASE = "https://opsbook.invalid/schemas/"


def absolute(schema: dict[str, Any], uri: str) -> dict[str, Any]:
    """`schema` under its absolute URI, as jsonschema-rs registers it."""
    return {**schema, "$id": RS_BASE + uri}


class SchemaResolver(Protocol):
    """What opsbook uses of the resolver `Kinds.registry.resolver()` returns (`referencing` keeps
    its class private): `lookup(ref)` gives the target's `contents` and the `resolver` inside it."""

    def lookup(self, ref: str) -> Any: ...


def follow_ref(resolver: SchemaResolver, node: Any) -> tuple[dict[str, Any], SchemaResolver]:
    """`node` with its `$ref`s followed (keys written beside a `$ref`, such as a description, win),
    and the resolver for the `$ref`s inside the target; an unresolvable `$ref` is left as written."""
    from referencing.exceptions import Unresolvable  # the resolver is referencing's

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
    documents: dict[str, dict[str, Any]]  # every schema by its $id (or file name)

    @cached_property
    def registry(self) -> Registry:
        """The schemas as `referencing` resolves them, for jsonschema and `follow_ref`."""
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7

        return Registry().with_resources(
            (uri, Resource.from_contents(document, default_specification=DRAFT7))
            for uri, document in self.documents.items())

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
    by_id = {document.get("$id", name): document for name, document in documents.items()}
    registry = jsonschema_rs.Registry([(RS_BASE + uri, absolute(document, uri)) for uri, document in by_id.items()])
    kinds: dict[str, Kind] = {}
    for name, document in documents.items():
        _check_refs_resolve(name, document, registry)
        if "x-opsbook" in document:
            kind = _kind_from_schema(name, document)
            kinds[kind.name] = kind
    if not kinds:
        raise ConfigurationError(f"{folder}/: no schema declares a record kind (x-opsbook)")
    _check_reference_targets(kinds)
    return Kinds(kinds, by_id)


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
    # The metaschema's `regex` format is Python's for jsonschema, which explains invalid records.
    if not (jsonschema_rs.meta.is_valid(document) and all(map(_compiles, _patterns(document)))):
        from jsonschema import Draft7Validator
        from jsonschema.exceptions import SchemaError

        try:
            Draft7Validator.check_schema(document)
        except SchemaError as exc:
            raise ConfigurationError(f"{where}: {_pointer(exc.absolute_path)}: {exc.message}") from None
        try:  # jsonschema finds nothing wrong: the compiled check's own words
            jsonschema_rs.meta.validate(document)
        except jsonschema_rs.ValidationError as exc:
            raise ConfigurationError(f"{where}: {exc.message}") from None
    _SCHEMAS_CHECKED.add(text)


def _kind_from_schema(name: str, document: dict[str, Any]) -> Kind:
    where = f"schemas/{name}"
    meta = document["x-opsbook"]
    _check_extension(where, "x-opsbook", meta, _EXTENSION)
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
        _check_extension(where, "x-ref at " + ".".join(path), node["x-ref"], _REF)
        yield ReferenceField(path, node["x-ref"]["kind"], node["x-ref"]["inverse"])
    for key, child in node.get("properties", {}).items():
        yield from _reference_fields(where, child, (*path, key))
    if isinstance(node.get("items"), dict):
        yield from _reference_fields(where, node["items"], (*path, "*"))


def _check_extension(where: str, keyword: str, value: Any, shape: tuple[dict[str, Any], Any]) -> None:
    schema, compiled = shape
    if compiled.is_valid(value):
        return
    from jsonschema import Draft7Validator

    found = next(iter(Draft7Validator(schema).iter_errors(value)), None)
    detail = f"{_pointer(found.absolute_path)}: {found.message}" if found else "not valid"
    raise ConfigurationError(f"{where}: {keyword}: {detail}")


def _check_reference_targets(kinds: dict[str, Kind]) -> None:
    for kind in kinds.values():
        for ref in kind.references:
            if ref.target not in kinds:
                raise ConfigurationError(
                    f"schemas/{kind.schema_file}: x-ref at {ref.name} names unknown kind {ref.target!r}"
                )


def _check_refs_resolve(name: str, document: dict[str, Any], registry: jsonschema_rs.Registry) -> None:
    resolver = registry.resolver(RS_BASE + document.get("$id", name))
    for ref in _refs(document):
        try:
            resolver.lookup(ref)
        except (jsonschema_rs.ReferencingError, ValueError):
            raise ConfigurationError(f"schemas/{name}: $ref {ref!r} does not resolve") from None


def _patterns(document: dict[str, Any]) -> Iterator[Any]:
    for node in _objects(document):
        if "pattern" in node:
            yield node["pattern"]
        if isinstance(node.get("patternProperties"), dict):
            yield from node["patternProperties"]


def _compiles(pattern: Any) -> bool:
    try:
        re.compile(pattern)
    except (re.error, TypeError):
        return False
    return True


def _refs(document: dict[str, Any]) -> Iterator[str]:
    return (node["$ref"] for node in _objects(document) if isinstance(node.get("$ref"), str))


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a schema document, itself included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(step) for step in path)
