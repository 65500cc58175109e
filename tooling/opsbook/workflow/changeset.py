"""The change set in record terms, for the reviewer: what was created, which records moved
through their lifecycle, which fields changed and which approvals were added."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from opsbook.model import Record
from opsbook.workflow.compare import Comparison

APPROVALS = "approvals"
ACTIONS = ("created", "changed", "renamed", "deleted", "collides")


@dataclass(frozen=True)
class RecordChange:
    id: str
    kind: str
    title: str
    path: str
    action: str  # created, changed, deleted, renamed, collides
    transition: tuple[str, str] | None = None
    fields: tuple[str, ...] = ()
    approvals: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def change_set(comparison: Comparison) -> list[RecordChange]:
    changes = [_simple(r, "created") for r in comparison.created]
    changes += [_edited(before, after) for before, after in comparison.edited]
    changes += [_simple(r, "deleted") for r in comparison.deleted]
    changes += [_simple(after, "renamed", fields=(f"from {before.path}",)) for before, after in comparison.renamed]
    changes += [_simple(work, "collides", fields=(f"with {base.path}",)) for work, base in comparison.collisions]
    return sorted(changes, key=lambda c: (c.kind, c.id, c.path))


def _simple(record: Record, action: str, fields: tuple[str, ...] = ()) -> RecordChange:
    return RecordChange(record.id, record.kind.label, record.title, record.path, action, fields=fields)


def _edited(before: Record, after: Record) -> RecordChange:
    status_field = after.kind.lifecycle.field if after.kind.lifecycle else None
    old, new = before.data.get(status_field or ""), after.data.get(status_field or "")
    transition = (str(old), str(new)) if status_field and old != new else None
    changed = tuple(name for name in dict.fromkeys([*before.data, *after.data])
                    if name not in (status_field, APPROVALS) and before.data.get(name) != after.data.get(name))
    return RecordChange(after.id, after.kind.label, after.title, after.path, "changed", transition, changed,
                        _approvals_added(before, after))


def _approvals_added(before: Record, after: Record) -> tuple[str, ...]:
    old = [a for a in before.data.get(APPROVALS) or [] if isinstance(a, dict)]
    added = [a for a in after.data.get(APPROVALS) or [] if isinstance(a, dict) and a not in old]
    return tuple(_approval(a) for a in added)


def _approval(approval: dict[str, Any]) -> str:
    role = f" ({approval['role']})" if approval.get("role") else ""
    return f"{approval.get('decision', 'pending')} by {approval.get('by', 'someone')}{role}"


def describe(change: RecordChange) -> str:
    """What happened to one record, in one line of plain text."""
    parts = [change.action if change.action != "changed" else ""]
    if change.transition:
        parts.append(f"{change.transition[0]} -> {change.transition[1]}")
    if change.approvals:
        count = len(change.approvals)
        parts.append(f"{count} approval{'s' * (count != 1)} added ({'; '.join(change.approvals)})")
    if change.fields:
        label = "fields: " if change.action == "changed" else ""
        parts.append(label + ", ".join(change.fields))
    return "; ".join(p for p in parts if p) or "changed"


def render_text(changes: list[RecordChange], revision: str) -> str:
    if not changes:
        return f"Change set against {revision}: no record changes\n"
    lines = [f"Change set against {revision}: {_counts(changes)}"]
    lines += [f"  {c.id}  {c.title}  [{c.kind.lower()}]: {describe(c)}" for c in changes]
    return "\n".join(lines) + "\n"


def render_markdown(changes: list[RecordChange], revision: str) -> str:
    lines = ["## opsbook change set", "", f"Against {_cell(revision)}: {_counts(changes) or 'no record changes'}.", ""]
    if changes:
        lines += ["| Record | Kind | Change |", "| --- | --- | --- |"]
        lines += [_markdown_row(change) for change in changes]
    return "\n".join(lines) + "\n"


def _markdown_row(change: RecordChange) -> str:
    what = describe(change).replace(" -> ", " → ")
    return f"| {_cell(change.id)} {_cell(change.title)} | {_cell(change.kind)} | {_cell(what)} |"


def _counts(changes: list[RecordChange]) -> str:
    counted = {action: sum(c.action == action for c in changes) for action in ACTIONS}
    return ", ".join(f"{number} {action}" for action, number in counted.items() if number)


def _cell(text: str) -> str:
    """Record text is untrusted: escape what Markdown or HTML would act on inside a table cell."""
    for char in "\\|`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())
