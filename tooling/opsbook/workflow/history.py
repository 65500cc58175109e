"""Closed history is immutable. A record in a final state of its lifecycle (the schema's
`terminal.states`) keeps every field but the schema's `terminal.may_change` allowlist (links to
later records); the lists a schema names `append_only` (approvals, timeline) only ever grow, in
every state. Each finding names the entry's position on the base and in the working tree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opsbook.diagnostics import Diagnostic, error
from opsbook.lifecycle import Lifecycle
from opsbook.model import Record
from opsbook.workflow.compare import Comparison
from opsbook.workflow.describe import describe_edit, list_edits, value_change


def final_states(comparison: Comparison) -> Iterator[Diagnostic]:
    """Fields of a record that was in a final state on the base changed."""
    revision = comparison.base.revision
    for before, after in comparison.edited:
        lifecycle = after.kind.lifecycle
        state = before.data.get(lifecycle.field) if lifecycle else None
        if lifecycle is None or state not in lifecycle.terminal:
            continue
        allowed = ", ".join(lifecycle.may_change) or "nothing"
        why = (f"{after.id} is {state} on {revision}, a final state: only {allowed} may change "
               "(and the lists that only grow)")
        for name in _frozen_names(before, after, lifecycle, state):
            where = (name,) if name in after.data else (lifecycle.field,)
            line, column = after.position(where)
            base_line, base_column = before.position((name,)) if name in before.data else (1, 1)
            yield error(after.path, line, column, "lifecycle-final",
                        f"{value_change(name, before.data.get(name), after.data.get(name))} "
                        f"(on {revision} at {before.path}:{base_line}:{base_column}); {why}")
        if (before.body or "") != (after.body or ""):
            yield error(after.path, after.body_line or 1, 1, "lifecycle-final", f"the article's text changed; {why}")


def _frozen_names(before: Record, after: Record, lifecycle: Lifecycle, state: Any) -> list[str]:
    """Changed fields the final state freezes; those `frozen` already covers are reported there."""
    covered = {name for frozen in lifecycle.frozen if state in frozen.states for name in frozen.fields}
    exempt = {lifecycle.field, *lifecycle.may_change, *lifecycle.append_only, *covered}
    return [name for name in dict.fromkeys([*before.data, *after.data])
            if name not in exempt and before.data.get(name) != after.data.get(name)]


def append_only(comparison: Comparison) -> Iterator[Diagnostic]:
    """An approval or timeline entry on the base was removed or altered."""
    revision = comparison.base.revision
    for before, after in comparison.edited:
        lifecycle = after.kind.lifecycle
        for name in lifecycle.append_only if lifecycle else ():
            old, new = _entries(before.data.get(name)), _entries(after.data.get(name))
            for edit in list_edits(old, new):
                if edit.old_index is None:
                    continue  # an addition: what the list is for
                base_line, base_column = before.position((name, edit.old_index))
                where: tuple[str | int, ...] = (name, edit.new_index) if edit.new_index is not None else \
                    ((name,) if name in after.data else (lifecycle.field,))  # type: ignore[union-attr]
                line, column = after.position(where)
                yield error(after.path, line, column, "history-rewritten",
                            f"{describe_edit(name, edit)} (on {revision} at {before.path}:{base_line}:{base_column}); "
                            f"{name} are append-only: add a new entry instead of changing or removing one")


def _entries(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
