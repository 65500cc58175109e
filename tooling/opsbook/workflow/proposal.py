"""An edit of one record, checked before it is written: the new text comes from the one
writer, is read back by the strict loader, validated with the whole repository around it (the
same checks as `opsbook validate`) and judged by the gate's lifecycle rules against the file
as it is. Only a valid proposal is written, and only to the record's own file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from opsbook.diagnostics import Diagnostic
from opsbook.kinds import Kind
from opsbook.load.repository import parse_record
from opsbook.model import Record, Repository
from opsbook.validate import validate
from opsbook.workflow.compare import Comparison
from opsbook.workflow.gate import frozen_fields, transitions
from opsbook.workflow.snapshot import Snapshot
from opsbook.writer import WriteRefused, record_text, replace_file

# What the gate's messages call the version the proposal is compared with.
AS_IT_IS = "the file as it is"


@dataclass
class Proposal:
    record: Record
    before: str
    after: str
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        path = self.record.path
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True),
                                            self.after.splitlines(keepends=True), f"a/{path}", f"b/{path}"))


def propose(repository: Repository, record: Record, data: dict[str, Any], now: datetime) -> Proposal:
    """Raises WriteRefused when the data cannot be written as YAML that reads back the same."""
    before = (repository.config.root / record.path).read_bytes().decode("utf-8")
    after = record_text(record.kind, record.path, data, previous=before)
    proposal = Proposal(record, before, after)
    edited = _parsed(record, after)
    proposal.problems = _problems(repository, record, edited, now)
    return proposal


def propose_new(repository: Repository, kind: Kind, path: str, data: dict[str, Any], now: datetime) -> Proposal:
    """A record that does not exist yet, checked with the repository around it."""
    schema = (repository.config.schemas_dir / kind.schema_file).relative_to(repository.config.root)
    text = record_text(kind, path, data, schema_path=schema.as_posix())
    created = _parsed(Record(kind, data, path, ""), text)
    proposal = Proposal(created, "", text)
    proposal.problems = _problems(repository, None, created, now)
    return proposal


def write(repository: Repository, proposal: Proposal) -> None:
    if not proposal.valid:
        raise WriteRefused(f"{proposal.record.path}: not written, the result is invalid")
    replace_file(repository.config.root / proposal.record.path, proposal.after, create=not proposal.before)


def _parsed(record: Record, text: str) -> Record:
    loaded = parse_record(record.kind, record.path, text)
    if not isinstance(loaded, Record):
        raise WriteRefused(f"{record.path}: the new text would not load")
    return loaded


def _problems(repository: Repository, record: Record | None, edited: Record, now: datetime) -> list[Diagnostic]:
    """The errors the edited (or new) record would have: its own, not other files' (they are
    not this edit's doing), and the gate's lifecycle refusals against the record as it is."""
    records = [edited if r is record else r for r in repository.records] + ([edited] if record is None else [])
    around = replace(repository, records=records, unloadable=[], diagnostics=[])
    found = [d for d in validate(around, now) if d.path == edited.path and d.is_error]
    if record is not None:
        comparison = Comparison(Snapshot(AS_IT_IS, "", {}), around, edited=[(record, edited)])
        found += [d for rule in (transitions, frozen_fields) for d in rule(comparison) if d.is_error]
    return sorted(set(found))
