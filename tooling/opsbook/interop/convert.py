"""One row's cells as record fields, by the rules of a mapping: values translated, timestamps
placed in the export's time zone, names resolved to IDs. What cannot be converted is a reason
to skip the row, or, for lookups the mapping lets go, a note that the field was left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from opsbook.interop.csv_rows import Row
from opsbook.interop.lookup import Directory
from opsbook.interop.mapping import FieldRule, Mapping, fold
from opsbook.interop.wall_clock import BadMoment, local_moment

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class RowRefused(ValueError):
    """The row cannot become a record; the message is the reason shown to the user."""


@dataclass
class Converted:
    fields: dict[tuple[str, ...], Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Converter:
    mapping: Mapping
    zone: ZoneInfo
    directory: Directory

    def row(self, row: Row) -> Converted:
        """Raises RowRefused with every reason found, so one run shows all that is wrong."""
        converted, refused = Converted(), []
        for rule in self.mapping.rules:
            try:
                value = self._field(rule, row, converted.notes)
            except RowRefused as refusal:
                refused.append((rule, str(refusal)))
                continue
            if value is not None:
                converted.fields[rule.path] = value
        # A field set only in some states is neither set nor a reason to refuse in the others.
        for rule in self.mapping.rules:
            if rule.path in converted.fields and not _holds(rule, converted.fields):
                del converted.fields[rule.path]
        reasons = [reason for rule, reason in refused if _holds(rule, converted.fields)]
        if reasons:
            raise RowRefused("; ".join(reasons))
        return converted

    def _field(self, rule: FieldRule, row: Row, notes: list[str]) -> Any:
        cells = _cells(rule, row)
        if not cells:
            return rule.default
        if rule.type == "lookup" and not rule.many:
            return self._first_found(rule, cells, notes)
        values = []
        for column, cell in cells:
            value = self._value(rule, column, cell, notes)
            if value is not None and value not in values:
                values.append(value)
        if rule.many:
            return values or None
        return values[0] if values else None

    def _first_found(self, rule: FieldRule, cells: list[tuple[str, str]], notes: list[str]) -> Any:
        """A single reference from a multi-valued column (Jira's Components): the first value
        that names a record; the others may name components that are no services."""
        refusal: RowRefused | None = None
        unresolved: list[str] = []
        for column, cell in cells:
            try:
                value = self._value(rule, column, cell, unresolved)
            except RowRefused as exc:
                refusal = refusal or exc
                continue
            if value is not None:
                return value
        if refusal is not None:
            raise refusal
        notes.extend(unresolved[:1])
        return None


    def _value(self, rule: FieldRule, column: str, cell: str, notes: list[str]) -> Any:
        if rule.values:
            key = fold(cell)
            if key not in rule.values:
                known = ", ".join(sorted({repr(k) for k in rule.values}))
                raise RowRefused(f"{rule.field}: {column} {cell.strip()!r} has no mapping (known: {known})")
            if rule.values[key] == "":
                return None  # mapped to nothing on purpose
            if rule.type not in ("lookup", "timestamp"):
                return rule.values[key]
            cell = str(rule.values[key])
        try:
            return self._typed(rule, column, cell, notes)
        except BadMoment as exc:
            raise RowRefused(f"{rule.field}: {column} {exc}") from None

    def _typed(self, rule: FieldRule, column: str, cell: str, notes: list[str]) -> Any:
        if rule.type == "markdown":
            text = "\n".join(line.rstrip() for line in cell.strip().split("\n"))
            return text + "\n" if "\n" in text else text  # written as a `|` block, like by hand
        if rule.type == "timestamp":
            moment, note = local_moment(cell, self.mapping.date_formats, self.zone)
            if note:
                notes.append(f"{rule.field}: {note}")
            return moment
        if rule.type == "integer":
            try:
                return int(cell.strip().replace(",", ""))
            except ValueError:
                raise RowRefused(f"{rule.field}: {column} {cell.strip()!r} is not a whole number") from None
        if rule.type == "tags":
            return _NOT_SLUG.sub("-", cell.strip().casefold()).strip("-")[:64].strip("-") or None
        if rule.type == "lookup":
            return self._lookup(rule, column, cell, notes)
        return " ".join(cell.split())

    def _lookup(self, rule: FieldRule, column: str, cell: str, notes: list[str]) -> str | None:
        found = self.directory.resolve(rule.lookup or "", cell.strip())
        if found.id is not None:
            return found.id
        if rule.on_missing == "omit":
            notes.append(f"{rule.field}: {found.reason} ({column}); left out")
            return None
        raise RowRefused(f"{rule.field}: {found.reason} ({column})")


def _holds(rule: FieldRule, fields: dict[tuple[str, ...], Any]) -> bool:
    return all(fields.get(tuple(name.split("."))) in wanted for name, wanted in rule.when.items())


def _cells(rule: FieldRule, row: Row) -> list[tuple[str, str]]:
    """(column, value) pairs; a multi-valued field takes every value, split at its separator."""
    cells = [(c, v) for c in rule.columns for v in row.cells.get(c, ()) if v.strip()]
    if not rule.many:
        return cells if rule.type == "lookup" else cells[:1]
    if rule.separator:
        cells = [(c, part) for c, v in cells for part in v.split(rule.separator) if part.strip()]
    return cells
