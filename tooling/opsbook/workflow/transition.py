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
    # Newly required moments are stamped again when a state is re-entered (an incident
    # resolved a second time gets its new resolved_at); others only when missing.
    newly = required_fields(kinds, record.kind, after) - required_fields(kinds, record.kind, before)
    newly.add(f"{state}_at")
    stamped = []
    # The moments the new state requires, and the one named after it (a problem's resolved_at).
    moments = required_fields(kinds, record.kind, after) | {f"{state}_at"} & set(record.kind.schema["properties"])
    for name in sorted(moments - given):
        form = moment_format(kinds, record.kind, name)
        if form is not None and (name not in after or name in newly):
            after[name] = timestamp(at) if form == "date-time" else at.date().isoformat()
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
        raise TransitionRefused(f"{state!r} is not a state of {record.kind.plural.lower()}; one of: "
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


def moment_format(kinds: Kinds, kind: Kind, name: str) -> str | None:
    """`date-time` or `date` for the moment of something that happens when a state is entered
    (`resolved_at`, a change's `actual_start`); None for planned ones (a window's start), which
    are the author's to give, and for other fields."""
    if name not in OCCURRED.get(kind.name, ()) and not name.endswith("_at"):
        return None
    form = resolved_schema(kinds, kind, kind.field_schema((name,))).get("format")
    return form if form in ("date-time", "date") else None


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
