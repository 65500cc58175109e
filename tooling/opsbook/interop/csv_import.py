"""`opsbook import csv`: rows of an export become records, matched to earlier imports by the
external ID kept on each record, so importing the same export again updates instead of
duplicating. Several rows with one external ID are one record's history (`history`): the latest
state wins and the states before it become its timeline. Every candidate is validated in memory,
with the same schema check and rules as `opsbook validate`, before anything is written; a row
that would not validate is skipped with its reasons, and fields the import does not map are
kept as they are."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsbook.interop.convert import Converter, RowRefused
from opsbook.interop.csv_rows import Row, Table
from opsbook.interop.dates import DateFormat, DateFormatError, file_dates
from opsbook.interop.history import (
    Snapshot,
    backwards,
    grouped,
    in_order,
    last_told,
    merged_timeline,
    state_changes,
)
from opsbook.interop.lookup import Directory
from opsbook.interop.mapping import Mapping
from opsbook.interop.record_data import claim as _claim
from opsbook.interop.record_data import claims as _claims
from opsbook.interop.record_data import field_at as _field_at
from opsbook.interop.record_data import put as _put
from opsbook.interop.wall_clock import zone as time_zone
from opsbook.kinds import Kind
from opsbook.load.repository import parse_record
from opsbook.model import Record, Repository, Unloadable
from opsbook.moments import instant
from opsbook.validate.rules import check_rules
from opsbook.validate.schema import SchemaCheck
from opsbook.workflow.git import Git
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import id_number, kind_folder
from opsbook.writer import WriteRefused, record_text, replace_file

ACTIONS = ("created", "updated", "unchanged", "conflict", "skipped")


@dataclass(frozen=True)
class Outcome:
    action: str
    line: int
    external_id: str | None
    record_id: str | None = None
    path: str | None = None
    reasons: tuple[str, ...] = ()  # why a row was skipped, or notes on what was left out
    earlier: tuple[int, ...] = ()  # the lines of the record's earlier rows, oldest first


@dataclass
class ImportReport:
    source: str
    mapping: str
    timezone: str
    date_formats: str
    written: bool
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file as a whole

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)


class ImportRefused(ValueError):
    """The whole file cannot be imported (wrong kind, no key column); exit 2."""


class _Backwards(RowRefused):
    """The rows would move the record backwards in its lifecycle: a conflict, not a bad row."""


def import_table(repository: Repository, table: Table, mapping: Mapping, *, source: str,
                 timezone: str | None, write: bool, now: datetime | None = None,
                 date_formats: tuple[DateFormat, ...] = ()) -> ImportReport:
    """`date_formats`, when given, override the mapping's (the user's --date-format)."""
    kind = _kind(repository, mapping)
    if mapping.key not in table.header:
        raise ImportRefused(f"{source}: no column {mapping.key!r} with the {mapping.system} ID "
                            f"(is this a {mapping.system} {kind.name} export?)")
    zone_name = timezone or mapping.timezone or "UTC"
    cells = [v for row in table.rows for v in row.values(mapping.date_columns)]
    try:
        dates = file_dates(date_formats or mapping.date_formats, cells, declared=bool(date_formats))
    except DateFormatError as exc:
        raise ImportRefused(f"{source}: {exc}") from None
    run = _Run(repository, kind, mapping, write, now,
               Converter(mapping, time_zone(zone_name), Directory(repository), dates))
    report = ImportReport(source, mapping.name, zone_name, dates.shown, write, notes=_header_notes(table, mapping))
    for key, rows in grouped(table.rows, mapping.key).items():
        report.outcomes.extend(run.record(key, rows))
    report.outcomes.sort(key=lambda outcome: outcome.line)
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
    notes = [f"{rule.field}: no column {' or '.join(map(repr, rule.columns))} in the export; not imported"
             for rule in mapping.rules if rule.columns and not set(rule.columns) & set(table.header)]
    if mapping.updated and not set(mapping.updated) & set(table.header):
        notes.append(f"no column {' or '.join(map(repr, mapping.updated))} with the update time: several rows "
                     "of one record are taken in the order of the file, and make no timeline")
    return notes


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

    def record(self, key: str, rows: list[Row]) -> list[Outcome]:
        """The outcome of one record's rows: the latest row's outcome, or every row skipped."""
        if not key:
            return [Outcome("skipped", r.line, None, reasons=(f"no {self.mapping.key} (the external ID)",))
                    for r in rows]
        snapshots, refused = [], []
        for row in rows:
            try:
                snapshots.append(self._snapshot(row))
            except RowRefused as refusal:
                refused.append(Outcome("skipped", row.line, key, reasons=(str(refusal),)))
        if refused:
            lines = ", ".join(str(o.line) for o in refused)
            reason = f"another row of {key} (line {lines}) cannot be imported"
            return refused + [Outcome("skipped", s.row.line, key, reasons=(reason,)) for s in snapshots]
        history = in_order(snapshots)
        latest, earlier = history[-1], tuple(s.row.line for s in history[:-1])
        existing = None
        try:
            existing = self._existing(key)
            self._progress(history, existing)
        except RowRefused as refusal:
            action = "conflict" if isinstance(refusal, _Backwards) else "skipped"
            return [Outcome(action, latest.row.line, key, existing.id if existing else None,
                            existing.path if existing else None, (str(refusal),), earlier)]
        outcome = self._place(latest.row, key, self._fields(history, existing), latest.notes, existing)
        return [Outcome(outcome.action, outcome.line, key, outcome.record_id, outcome.path, outcome.reasons, earlier)]

    def _snapshot(self, row: Row) -> Snapshot:
        converted = self.converter.row(row)
        at = self.converter.moment(row, self.mapping.updated, "updated")
        author = self.converter.text(row, self.mapping.updated_by, "updated_by")
        return Snapshot(row, converted.fields, tuple(converted.notes), at, author)

    def _progress(self, history: list[Snapshot], existing: Record | None) -> None:
        """Refuses a latest row older than the record's timeline, or in a state the lifecycle
        cannot reach from the record's. The rows before the latest are history: a reopened
        record passed through them."""
        lifecycle = self.kind.lifecycle
        if lifecycle is None or existing is None:
            return
        latest = history[-1]
        before, after = existing.data.get(lifecycle.field), latest.get(lifecycle.field)
        if before == after or before not in lifecycle.states or not isinstance(after, str):
            return
        told = last_told(existing.data.get("timeline"))
        if told is not None and latest.at is not None and instant(latest.at) <= instant(told):
            raise _Backwards(f"{lifecycle.field}: line {latest.row.line} says {after!r} as of {latest.at}, but "
                             f"{existing.id} is {before!r} since {told} (an older state); left as it is")
        if backwards(lifecycle, existing.data, before, after):
            raise _Backwards(f"{lifecycle.field}: {existing.id} is {before!r}; line {latest.row.line} says "
                             f"{after!r}, which its lifecycle cannot reach from {before!r} (a move backwards); "
                             "left as it is")

    def _fields(self, history: list[Snapshot], existing: Record | None) -> dict[tuple[str, ...], Any]:
        fields = dict(history[-1].fields)
        lifecycle = self.kind.lifecycle
        if lifecycle is not None and "timeline" in self.kind.schema.get("properties", {}):
            before = existing.data.get(lifecycle.field) if existing else None
            entries = state_changes(history, lifecycle.field, before if isinstance(before, str) else None,
                                    self.mapping.system)
            timeline = merged_timeline(existing.data.get("timeline") if existing else None, entries)
            if timeline is not None:
                fields[("timeline",)] = timeline
        return fields

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
