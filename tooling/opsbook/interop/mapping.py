"""How the columns of an export become the fields of a record: a mapping file (TOML).

The mappings shipped for ServiceNow and Jira Service Management live in `mappings/` as
`<system>-<kind>.toml`; a team with other column names or states passes its own with
`--mapping FILE`. A mapping is data, so adapting an import never means editing Python:

    system = "servicenow"        # stored as external_ids[].system
    kind = "incident"
    key = "number"               # the column holding the external ID
    date_formats = ["dd-MM-yyyy HH:mm:ss", "yyyy-MM-dd HH:mm:ss"]  # as the tool shows them
    updated = "sys_updated_on"   # when a row's state was recorded (orders several rows of a record)
    updated_by = "sys_updated_by"  # who recorded it (the author of its timeline entry)

    [fields.status]              # an opsbook field (dotted for nested: "resolution.code")
    column = "state"             # or a list: alternative names, the first non-empty wins
    values = { "In Progress" = "in_progress" }   # export value -> opsbook value

Other keys of a field: `type` (text, markdown, timestamp, integer, tags, lookup), `lookup`
(the kind a name is resolved against), `many` and `separator` (multi-valued fields),
`on_missing` ("skip" the row or "omit" the field when a name resolves to nothing), `default`
(used when the cells are empty) and `when` (set the field only when other mapped fields have
the given values: `when = { status = ["closed"] }`). A value mapped to "" is left out.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from opsbook.interop.dates import COMMON, DateFormat, DateFormatError, date_format

# What a column's text becomes; `lookup` fields also name the kind they resolve against.
TYPES = ("text", "markdown", "timestamp", "integer", "tags", "lookup")
ON_MISSING = ("skip", "omit")  # an unresolvable lookup skips the row, or leaves the field out
SYSTEMS = ("servicenow", "jsm")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the setting."""


@dataclass(frozen=True)
class FieldRule:
    field: str
    columns: tuple[str, ...]
    type: str = "text"
    values: dict[str, Any] = field(default_factory=dict)
    default: Any = None
    lookup: str | None = None
    many: bool = False
    separator: str | None = None
    on_missing: str = "skip"
    when: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # set only if these fields hold

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))


@dataclass(frozen=True)
class Mapping:
    name: str
    system: str
    kind: str
    key: str
    rules: tuple[FieldRule, ...]
    date_formats: tuple[DateFormat, ...] = tuple(date_format(f) for f in COMMON)
    timezone: str | None = None
    updated: tuple[str, ...] = ()  # columns with the time a row's state was recorded
    updated_by: tuple[str, ...] = ()  # columns naming who recorded it

    @property
    def columns(self) -> set[str]:
        return {self.key, *self.updated, *self.updated_by, *(c for rule in self.rules for c in rule.columns)}

    @property
    def date_columns(self) -> tuple[str, ...]:
        return (*self.updated, *(c for rule in self.rules if rule.type == "timestamp" for c in rule.columns))


def packaged_mapping(system: str, kind: str) -> Mapping:
    name = f"{system}-{kind}.toml"
    resource = resources.files("opsbook.interop") / "mappings" / name
    if not resource.is_file():
        kinds = sorted(n.name.removesuffix(".toml").split("-", 1)[1] for n in
                       (resources.files("opsbook.interop") / "mappings").iterdir()
                       if n.name.startswith(f"{system}-"))
        raise MappingError(f"no {system} mapping for kind {kind!r} (shipped: {', '.join(kinds)}); "
                           "pass your own with --mapping FILE")
    return read_mapping(resource.read_text("utf-8"), f"mappings/{name}")


def mapping_file(path: Path) -> Mapping:
    try:
        return read_mapping(path.read_text("utf-8"), path.name)
    except OSError as exc:
        raise MappingError(f"{path}: cannot read mapping: {exc.strerror or exc}") from None


def read_mapping(text: str, name: str) -> Mapping:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{name}: not valid TOML: {exc}") from None
    for key in ("system", "kind", "key"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise MappingError(f"{name}: `{key}` must be a non-empty string")
    fields = table.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise MappingError(f"{name}: `[fields]` must map opsbook fields to columns")
    rules = tuple(_rule(name, target, spec) for target, spec in fields.items())
    return Mapping(name, table["system"], table["kind"], table["key"], rules, _formats(name, table),
                   table.get("timezone"), _columns(name, table, "updated"), _columns(name, table, "updated_by"))


def _formats(name: str, table: dict[str, Any]) -> tuple[DateFormat, ...]:
    formats = table.get("date_formats", list(COMMON))
    if not isinstance(formats, list) or not formats or not all(isinstance(f, str) and f for f in formats):
        raise MappingError(f"{name}: `date_formats` must be a list of formats such as \"dd-MM-yyyy HH:mm:ss\"")
    try:
        return tuple(date_format(f) for f in formats)
    except DateFormatError as exc:
        raise MappingError(f"{name}: {exc}") from None


def _columns(name: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, ())
    columns = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, (list, tuple)) else None
    if columns is None or not all(isinstance(c, str) and c for c in columns):
        raise MappingError(f"{name}: `{key}` must name a column (or a list of them)")
    return columns


def _rule(name: str, target: str, spec: Any) -> FieldRule:
    where = f"{name}: fields.{target}"
    if not isinstance(spec, dict):
        raise MappingError(f"{where} must be a table")
    columns = spec.get("column", ())
    columns = (columns,) if isinstance(columns, str) else tuple(columns)
    if not all(isinstance(c, str) and c for c in columns) or (not columns and "default" not in spec):
        raise MappingError(f"{where}: `column` must name a column (or a list of them), or give a `default`")
    kind = spec.get("type", "lookup" if "lookup" in spec else "text")
    if kind not in TYPES:
        raise MappingError(f"{where}: `type` must be one of {', '.join(TYPES)}")
    if kind == "lookup" and not isinstance(spec.get("lookup"), str):
        raise MappingError(f"{where}: a lookup names the kind to look in, e.g. lookup = \"service\"")
    on_missing = spec.get("on_missing", "skip")
    if on_missing not in ON_MISSING:
        raise MappingError(f"{where}: `on_missing` must be one of {', '.join(ON_MISSING)}")
    values = spec.get("values", {})
    if not isinstance(values, dict):
        raise MappingError(f"{where}: `values` must be a table of export value = opsbook value")
    when = spec.get("when", {})
    if not isinstance(when, dict) or not all(isinstance(v, list) for v in when.values()):
        raise MappingError(f"{where}: `when` must be a table of field = [values], e.g. {{ status = [\"closed\"] }}")
    return FieldRule(target, columns, kind, {fold(k): v for k, v in values.items()}, spec.get("default"),
                     spec.get("lookup"), bool(spec.get("many", False)), spec.get("separator"), on_missing,
                     {name: tuple(v) for name, v in when.items()})


def fold(text: str) -> str:
    """Export values are compared without case and surrounding or repeated spaces."""
    return " ".join(text.split()).casefold()

