"""A lifecycle move as data: the record's next state if its kind's lifecycle allows it (the
gate's rules, per-type variants included), the moments the new state requires stamped, a
timeline entry where the kind keeps one, and the author's own edits last."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jsonschema import Draft7Validator

from opsbook.kinds import Kind, Kinds
from opsbook.lifecycle import Lifecycle
from opsbook.model import Record
from opsbook.validate.rules import OCCURRED
from opsbook.workflow.edits import Edit, applied

TIMELINE = "timeline"


class TransitionRefused(ValueError):
    """The move is not allowed or cannot be made; the message says why."""


@dataclass(frozen=True)
class Note:
    text: str
    public: bool = False
    author: str | None = None


@dataclass
class Move:
    data: dict[str, Any]
    stamped: list[str] = field(default_factory=list)


def timestamp(moment: datetime) -> str:
    """RFC 3339 with seconds and the moment's own offset, as the records write it."""
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def move(kinds: Kinds, record: Record, state: str, at: datetime, note: Note | None,
         edits: list[Edit]) -> Move:
    lifecycle = _lifecycle(record)
    before = record.data
    current = before.get(lifecycle.field)
    _check_allowed(record, lifecycle, current, state)
    after = copy.deepcopy(before)
    after[lifecycle.field] = state
    given = {edit.path[0] for edit in edits}
    newly = required_fields(kinds, record.kind, after) - required_fields(kinds, record.kind, before)
    stamped = []
    for name in sorted(required_fields(kinds, record.kind, after) - given):
        if is_moment(kinds, record.kind, name) and (name not in after or name in newly):
            after[name] = timestamp(at)
            stamped.append(name)
    if has_timeline(record.kind):
        entry = timeline_entry(at, note or Note(f"Moved from {current} to {state}."), state)
        after[TIMELINE] = [*(after.get(TIMELINE) or []), entry]
    return Move(applied(after, edits), stamped)


def _lifecycle(record: Record) -> Lifecycle:
    lifecycle = record.kind.lifecycle
    if lifecycle is None:
        raise TransitionRefused(f"{record.kind.plural.lower()} have no lifecycle")
    return lifecycle


def _check_allowed(record: Record, lifecycle: Lifecycle, current: Any, state: str) -> None:
    if state not in lifecycle.states:
        raise TransitionRefused(f"{state!r} is not a {record.kind.label.lower()} state; one of: "
                                f"{', '.join(lifecycle.states)}")
    if not isinstance(current, str) or current not in lifecycle.states:
        raise TransitionRefused(f"{record.id} has no valid {lifecycle.field} now ({current!r}); fix it by hand")
    if current == state:
        raise TransitionRefused(f"{record.id} is already {state}")
    if not lifecycle.allows(record.data, current, state):
        allowed = lifecycle.next_states(record.data, current)
        variant = record.data.get(lifecycle.variant_field) if lifecycle.variant_field else None
        label = f"{variant} {record.kind.label.lower()}" if isinstance(variant, str) else record.kind.label.lower()
        article = "an" if label[0] in "aeiou" else "a"
        raise TransitionRefused(f"{record.id}: {article} {label} cannot move from {current} to {state}; from {current} "
                                f"it may move to: {', '.join(allowed) if allowed else 'nothing (final state)'}")


def required_fields(kinds: Kinds, kind: Kind, data: dict[str, Any]) -> set[str]:
    """The top-level fields the schema requires of `data`: always, and by its `if`/`then`s."""
    required = set(kind.schema.get("required", ()))
    for rule in kind.schema.get("allOf", ()):
        condition, then = rule.get("if"), rule.get("then", {})
        if condition is not None and Draft7Validator(condition, registry=kinds.registry).is_valid(data):
            required |= set(then.get("required", ()))
    return required


def is_moment(kinds: Kinds, kind: Kind, name: str) -> bool:
    """A timestamp of something that happens when the state is entered (`resolved_at`,
    a change's `actual_start`); planned ones (a window's start) are the author's to give."""
    if name not in OCCURRED.get(kind.name, ()) and not name.endswith("_at"):
        return False
    return resolved_schema(kinds, kind, kind.field_schema((name,))).get("format") == "date-time"


def resolved_schema(kinds: Kinds, kind: Kind, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in schema:
        return schema
    resolver = kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
    return {**resolver.lookup(schema["$ref"]).contents, **schema}


def has_timeline(kind: Kind) -> bool:
    return TIMELINE in kind.schema.get("properties", {})


def timeline_entry(at: datetime, note: Note, state: str | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": timestamp(at)}
    if state is not None:
        entry["status"] = state
    entry["note"] = note.text
    if note.author:
        entry["author"] = note.author
    entry["public"] = note.public
    return entry
