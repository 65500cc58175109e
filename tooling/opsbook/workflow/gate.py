"""What `opsbook check --base REF` refuses. Each rule reads a Comparison and yields Diagnostics
at the working tree's file:line:col, with the base's value in the message; the lifecycle rules
read transitions, variants and frozen fields from the schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from opsbook.diagnostics import Diagnostic, error, warning
from opsbook.lifecycle import Lifecycle
from opsbook.model import Record
from opsbook.validate import validate
from opsbook.workflow.compare import Comparison
from opsbook.workflow.history import append_only, final_states

SHOWN_WIDTH = 60  # long Markdown plans are cut in messages


def removed_records(comparison: Comparison) -> Iterator[Diagnostic]:
    """Records are never deleted or moved: their IDs and URLs are permanent."""
    revision = comparison.base.revision
    for record in comparison.deleted:
        yield error(record.path, 1, 1, "record-deleted",
                    f"{record.id} ({_quote(record.title)}, {record.status} on {revision}) was deleted; "
                    "records stay: cancel, close or retire it instead")
    for before, after in comparison.renamed:
        line, column = after.position(("id",))
        yield error(after.path, line, column, "record-renamed",
                    f"{after.id} was renamed from {before.path} (its file on {revision}); a record keeps its file")


def changed_ids(comparison: Comparison) -> Iterator[Diagnostic]:
    for before, after in comparison.edited:
        if before.data.get("id") != after.data.get("id"):
            line, column = after.position(("id",))
            yield error(after.path, line, column, "id-changed",
                        f"id changed from {before.data.get('id')} (on {comparison.base.revision}) to "
                        f"{after.data.get('id')}; IDs are permanent")


def id_collisions(comparison: Comparison) -> Iterator[Diagnostic]:
    """Two pull requests took the same next ID; the second to merge must move."""
    revision = comparison.base.revision
    for work, base in comparison.collisions:
        line, column = work.position(("id",))
        yield error(work.path, line, column, "id-collision",
                    f"{work.id} is added on this branch in {work.path} ({_quote(work.title)}) but {revision} "
                    f"already has {base.id} in {base.path} ({_quote(base.title)}); "
                    f"run `opsbook renumber {work.id}` to move yours to the next free ID")


def transitions(comparison: Comparison) -> Iterator[Diagnostic]:
    """Status moves must follow the lifecycle, as the variant of the base record allows."""
    for before, after, lifecycle, old, new in _state_moves(comparison):
        if not isinstance(old, str) or not isinstance(new, str) or lifecycle.allows(before.data, old, new):
            continue
        allowed = lifecycle.next_states(before.data, old)
        variant = before.data.get(lifecycle.variant_field) if lifecycle.variant_field else None
        label = f"{variant} {after.kind.label.lower()}" if isinstance(variant, str) else after.kind.label.lower()
        line, column = after.position((lifecycle.field,))
        yield error(after.path, line, column, "lifecycle-transition",
                    f"{'an' if label[0] in 'aeiou' else 'a'} {label} cannot move from {old} (on {comparison.base.revision}) to {new}; from {old} it may "
                    f"move to: {', '.join(allowed) if allowed else 'nothing (final state)'}")


def frozen_fields(comparison: Comparison) -> Iterator[Diagnostic]:
    """Fields frozen in the base record's state stay as they were, unless the record goes back."""
    for before, after, lifecycle, old, new in _state_moves(comparison):
        for frozen in lifecycle.frozen:
            if old not in frozen.states or new in frozen.reset:
                continue
            for name in frozen.fields:
                if before.data.get(name) != after.data.get(name):
                    where = (name,) if name in after.data else (lifecycle.field,)
                    line, column = after.position(where)
                    back = f" unless it goes back to {' or '.join(sorted(frozen.reset))}" if frozen.reset else ""
                    yield error(after.path, line, column, "lifecycle-frozen",
                                f"{name} is frozen while the {after.kind.label.lower()} is {old}{back}; "
                                f"on {comparison.base.revision} it is {_shown(before.data.get(name))}")


def _state_moves(comparison: Comparison) -> Iterator[tuple[Record, Record, Lifecycle, Any, Any]]:
    """Each edited record that has a lifecycle, with its state on the base and now."""
    for before, after in comparison.edited:
        lifecycle = after.kind.lifecycle
        if lifecycle is not None:
            yield before, after, lifecycle, before.data.get(lifecycle.field), after.data.get(lifecycle.field)


def initial_states(comparison: Comparison) -> Iterator[Diagnostic]:
    """A new record normally starts at the beginning; a warning, since history gets backfilled."""
    for record in comparison.created:
        lifecycle = record.kind.lifecycle
        state = record.data.get(lifecycle.field) if lifecycle else None
        if lifecycle and isinstance(state, str) and state not in lifecycle.initial_states(record.data):
            line, column = record.position((lifecycle.field,))
            yield warning(record.path, line, column, "lifecycle-initial",
                          f"{record.id} is created in state {state}; a new {record.kind.label.lower()} starts "
                          f"in {' or '.join(lifecycle.initial_states(record.data))}")


def changed_records_valid(comparison: Comparison) -> Iterator[Diagnostic]:
    """The records the branch added or edited pass validation by the base's schemas; stray files
    and unreadable ones are reported wherever they are: the gate never vouches for them."""
    changed = {work.path for work in comparison.created}
    changed |= {after.path for _, after in [*comparison.edited, *comparison.renamed]}
    changed |= {work.path for work, _ in comparison.collisions}
    readable = {record.path for record in comparison.work.records}
    for diagnostic in validate(comparison.work):
        if diagnostic.path in changed or diagnostic.path not in readable:
            yield diagnostic


Rule = Callable[[Comparison], Iterator[Diagnostic]]
RULES: dict[str, Rule] = {
    "valid": changed_records_valid,
    "removed": removed_records,
    "id-changed": changed_ids,
    "id-collision": id_collisions,
    "transition": transitions,
    "frozen": frozen_fields,
    "final": final_states,
    "append-only": append_only,
    "initial": initial_states,
}


def gate(comparison: Comparison) -> list[Diagnostic]:
    """Every refusal, judged by the rules the comparison's repository was loaded with (the base's)."""
    found: list[Diagnostic] = []
    for rule in RULES.values():
        found.extend(rule(comparison))
    return sorted(set(found))


def _quote(text: str) -> str:
    return f'"{" ".join(text.split())}"'


def _shown(value: Any) -> str:
    if value is None:
        return "not set"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= SHOWN_WIDTH else text[: SHOWN_WIDTH - 3] + "...")

