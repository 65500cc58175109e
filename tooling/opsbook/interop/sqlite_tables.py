"""The tables of the SQLite export, read from the schemas: one per kind with a typed column per
field, and one per reference relation.

A field's column type follows its schema: integers INTEGER, numbers REAL, booleans INTEGER
(0/1), everything else TEXT. A mapping of plain values (an incident's `resolution`) becomes one
column per member (`resolution_code`, `resolution_notes`); lists and deeper structures stay
JSON text, which SQLite's `json_each` reads. Timestamps are stored in UTC (`...Z`), so they sort
and compare as text and SQLite's date functions read them; the record as written is in `data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opsbook.kinds import Kind, Kinds, ReferenceField, follow_ref

SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]  # where the value is in the record's data
    sql_type: str  # INTEGER, REAL or TEXT
    shape: str  # "scalar", "timestamp" or "json"


@dataclass(frozen=True)
class KindTable:
    kind: Kind
    columns: tuple[Column, ...]

    @property
    def name(self) -> str:
        return self.kind.name


@dataclass(frozen=True)
class RelationTable:
    kind: Kind
    field: ReferenceField

    @property
    def name(self) -> str:
        return f"{self.kind.name}_{self.field.name.replace('.', '_')}"


def kind_table(kinds: Kinds, kind: Kind) -> KindTable:
    columns = [Column("id", ("id",), "TEXT", "scalar")]
    top = kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
    for name, node in kind.schema.get("properties", {}).items():
        if name == "id":
            continue
        resolved, here = follow_ref(top, node)
        members = {member: follow_ref(here, sub)[0] for member, sub in resolved.get("properties", {}).items()} \
            if _type(resolved) == "object" else {}
        if members and all(_type(m) not in ("object", "array") for m in members.values()):
            columns += [_column(f"{name}_{member}", (name, member), sub) for member, sub in members.items()]
        else:
            columns.append(_column(name, (name,), resolved))
    return KindTable(kind, tuple(columns))


def quoted(name: str) -> str:
    """An SQL identifier: kinds such as `release` are SQL keywords."""
    return '"' + name.replace('"', '""') + '"'


def _type(node: dict[str, Any]) -> str | None:
    value = node.get("type")
    return value if isinstance(value, str) else None


def _column(name: str, path: tuple[str, ...], node: dict[str, Any]) -> Column:
    kind = _type(node)
    if kind in ("object", "array") or (kind is None and not node.get("enum")):
        return Column(name, path, "TEXT", "json")
    if node.get("format") == "date-time":
        return Column(name, path, "TEXT", "timestamp")
    return Column(name, path, SQL_TYPES.get(kind or "", "TEXT"), "scalar")
