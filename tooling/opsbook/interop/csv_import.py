"""`opsbook import csv`: rows of an export become records, matched to earlier imports by the
external ID kept on each record, so importing the same export again updates instead of
duplicating. Every candidate is validated in memory, with the same schema check and rules as
`opsbook validate`, before anything is written; a row that would not validate is skipped with
its reasons, and fields the import does not map are kept as they are."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsbook.interop.convert import Converter, RowRefused
from opsbook.interop.csv_rows import Row, Table
from opsbook.interop.lookup import Directory
from opsbook.interop.mapping import Mapping
from opsbook.interop.wall_clock import zone as time_zone
from opsbook.kinds import Kind
from opsbook.load.repository import parse_record
from opsbook.model import Record, Repository, Unloadable
from opsbook.validate.rules import check_rules
from opsbook.validate.schema import SchemaCheck
from opsbook.workflow.git import Git
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import id_number, kind_folder
from opsbook.writer import WriteRefused, record_text, replace_file

ACTIONS = ("created", "updated", "unchanged", "skipped")


@dataclass(frozen=True)
class Outcome:
    action: str
    line: int
    external_id: str | None
    record_id: str | None = None
    path: str | None = None
    reasons: tuple[str, ...] = ()  # why a row was skipped, or notes on what was left out


@dataclass
class ImportReport:
    source: str
    mapping: str
    timezone: str
    written: bool
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file as a whole

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)


class ImportRefused(ValueError):
    """The whole file cannot be imported (wrong kind, no key column); exit 2."""


def import_table(repository: Repository, table: Table, mapping: Mapping, *, source: str,
                 timezone: str | None, write: bool, now: datetime | None = None) -> ImportReport:
    kind = _kind(repository, mapping)
    if mapping.key not in table.header:
        raise ImportRefused(f"{source}: no column {mapping.key!r} with the {mapping.system} ID "
                            f"(is this a {mapping.system} {kind.name} export?)")
    zone_name = timezone or mapping.timezone or "UTC"
    run = _Run(repository, kind, mapping, write, now,
               Converter(mapping, time_zone(zone_name), Directory(repository)))
    report = ImportReport(source, mapping.name, zone_name, write, notes=_header_notes(table, mapping))
    seen: dict[str, int] = {}
    for row in table.rows:
        report.outcomes.append(run.row(row, seen))
    return report


def _kind(repository: Repository, mapping: Mapping) -> Kind:
    try:
        kind = repository.kinds[mapping.kind]
    except KeyError:
        raise ImportRefused(f"{mapping.name}: unknown kind {mapping.kind!r}") from None
    if kind.is_document or "external_ids" not in kind.schema.get("properties", {}):
        raise ImportRefused(f"{kind.plural} cannot be imported: their schema has no `external_ids` field")
    return kind


def _header_notes(table: Table, mapping: Mapping) -> list[str]:
    return [f"{rule.field}: no column {' or '.join(map(repr, rule.columns))} in the export; not imported"
            for rule in mapping.rules if rule.columns and not set(rule.columns) & set(table.header)]


@dataclass
class _Run:
    repository: Repository
    kind: Kind
    mapping: Mapping
    write: bool
    now: datetime | None
    converter: Converter

    def __post_init__(self) -> None:
        self.check = SchemaCheck(self.repository.kinds)
        self.claimed = _claims(self.repository.of_kind(self.kind.name), self.mapping.system)
        self.last_number: int | None = None

    def row(self, row: Row, seen: dict[str, int]) -> Outcome:
        key = (row.first((self.mapping.key,)) or "").strip()
        if not key:
            return Outcome("skipped", row.line, None, reasons=(f"no {self.mapping.key} (the external ID)",))
        if key in seen:
            return Outcome("skipped", row.line, key, reasons=(f"{key} already imported from line {seen[key]}",))
        seen[key] = row.line
        try:
            converted = self.converter.row(row)
            existing = self._existing(key)
        except RowRefused as refusal:
            return Outcome("skipped", row.line, key, reasons=(str(refusal),))
        return self._place(row, key, converted.fields, tuple(converted.notes), existing)

    def _existing(self, key: str) -> Record | None:
        owners = self.claimed.get(key, [])
        if len(owners) > 1:
            raise RowRefused(f"{key} is claimed by several records ({', '.join(r.id for r in owners)})")
        return owners[0] if owners else None

    def _place(self, row: Row, key: str, fields: dict[tuple[str, ...], Any], notes: tuple[str, ...],
               existing: Record | None) -> Outcome:
        data = copy.deepcopy(existing.data) if existing else {}
        for path, value in fields.items():
            _put(data, path, value)
        _claim(data, self.mapping.system, key)
        if existing is None:
            record_id = self._allocate()
            data = {"id": record_id, **data}
            lifecycle = self.kind.lifecycle
            if lifecycle and lifecycle.field not in data and lifecycle.initial_states(data):
                data[lifecycle.field] = lifecycle.initial_states(data)[0]
            path = f"{kind_folder(self.repository.config, self.kind)}/{record_id}.yaml"
        else:
            record_id, path = existing.id, existing.path
            if data == existing.data:
                return Outcome("unchanged", row.line, key, record_id, path, notes)
        try:
            # An update edits the file in place: the author's comments and layout stay.
            previous = (self.repository.config.root / path).read_text("utf-8") if existing else None
            text = record_text(self.kind, path, data, previous=previous, schema_path=self._schema_path())
            problems = self._problems(path, text, data)
        except WriteRefused as refusal:
            problems = [str(refusal)]
        if problems:
            if existing is None:
                self.last_number = (self.last_number or 1) - 1  # the ID was not used after all
            return Outcome("skipped", row.line, key, reasons=(*problems, *notes))
        if self.write:
            replace_file(self.repository.config.root / path, text, create=existing is None)
        return Outcome("updated" if existing else "created", row.line, key, record_id, path, notes)

    def _problems(self, path: str, text: str, data: dict[str, Any]) -> list[str]:
        record = parse_record(self.kind, path, text)
        if isinstance(record, Unloadable) or record.data != data:
            return ["the record would not read back as written (please report this)"]
        found = [*self.check(record), *check_rules([record], self.now)]
        lines = text.split("\n")
        # The candidate has no file yet: the field at the diagnostic's line says where it is.
        reasons = []
        for d in sorted(found):
            if d.is_error:
                where = _field_at(lines, d.line, parent=d.code == "schema-required")
                reasons.append(f"{where + ': ' if where else ''}{d.message} [{d.code}]")
        return reasons

    def _allocate(self) -> str:
        if self.last_number is None:
            first = next_free_id(self.repository, self.kind, Git(self.repository.config.root)).id
            self.last_number = id_number(first, self.kind.prefix) or 1
        else:
            self.last_number += 1
        return f"{self.kind.prefix}-{str(self.last_number).zfill(self.repository.config.id_width)}"

    def _schema_path(self) -> str:
        config = self.repository.config
        return (config.schemas_dir / self.kind.schema_file).relative_to(config.root).as_posix()


def _field_at(lines: list[str], line: int, *, parent: bool) -> str:
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


def _claims(records: list[Record], system: str) -> dict[str, list[Record]]:
    claims: dict[str, list[Record]] = {}
    for record in records:
        for entry in record.data.get("external_ids") or []:
            if isinstance(entry, dict) and entry.get("system") == system and isinstance(entry.get("id"), str):
                claims.setdefault(entry["id"], []).append(record)
    return claims


def _put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for name in path[:-1]:
        if not isinstance(data.get(name), dict):
            data[name] = {}
        data = data[name]
    data[path[-1]] = value


def _claim(data: dict[str, Any], system: str, key: str) -> None:
    entries = data.get("external_ids")
    entries = entries if isinstance(entries, list) else []
    if not any(isinstance(e, dict) and e.get("system") == system and e.get("id") == key for e in entries):
        entries.append({"system": system, "id": key})
    data["external_ids"] = entries
