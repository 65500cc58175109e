"""The change set in record terms, for the reviewer: what was created, which records moved
through their lifecycle, which fields changed and which approvals were added."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from opsbook.ci_text import markdown_text
from opsbook.model import Record
from opsbook.workflow.compare import Comparison
from opsbook.workflow.describe import describe_edit, list_edits, value_change
from opsbook.workflow.governance import GovernanceChange

APPROVALS = "approvals"
HISTORIES = ("approvals", "timeline")  # lists described entry by entry in every kind
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
    approvals: tuple[str, ...] = field(default=())  # approvals added
    details: tuple[str, ...] = ()  # what happened, in record terms

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def change_set(comparison: Comparison) -> list[RecordChange]:
    changes = [_simple(r, "created") for r in comparison.created]
    changes += [_edited(before, after) for before, after in comparison.edited]
    changes += [_simple(r, "deleted") for r in comparison.deleted]
    changes += [_simple(after, "renamed", (f"from {before.path}",)) for before, after in comparison.renamed]
    changes += [_simple(work, "collides", (f"with {base.path}",)) for work, base in comparison.collisions]
    return sorted(changes, key=lambda c: (c.kind, c.id, c.path))


def _simple(record: Record, action: str, details: tuple[str, ...] = ()) -> RecordChange:
    return RecordChange(record.id, record.kind.label, record.title, record.path, action, details=details)


def _edited(before: Record, after: Record) -> RecordChange:
    lifecycle = after.kind.lifecycle
    status_field = lifecycle.field if lifecycle else None
    histories = {*(lifecycle.append_only if lifecycle else ()), *HISTORIES}
    old, new = before.data.get(status_field or ""), after.data.get(status_field or "")
    transition = (str(old), str(new)) if status_field and old != new else None
    changed = tuple(name for name in dict.fromkeys([*before.data, *after.data])
                    if name != status_field and before.data.get(name) != after.data.get(name))
    details: list[str] = []
    for name in changed:
        if name in histories and _lists(before.data.get(name), after.data.get(name)):
            details += [describe_edit(name, e) for e in list_edits(before.data.get(name) or [], after.data.get(name) or [])]
        else:
            details.append(value_change(name, before.data.get(name), after.data.get(name)))
    if (before.body or "") != (after.body or ""):
        details.append("article text rewritten")
    return RecordChange(after.id, after.kind.label, after.title, after.path, "changed", transition, changed,
                        _approvals_added(before, after), tuple(details))


def _lists(*values: Any) -> bool:
    return all(value is None or isinstance(value, list) for value in values)


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
    parts += change.details
    return "; ".join(p for p in parts if p) or "edited (the text changed, not the record's data)"


def render_text(changes: list[RecordChange], revision: str, governance: Sequence[GovernanceChange] = ()) -> str:
    lines = []
    if governance:
        lines.append(f"Governance changes against {revision} (the rules; their owners must review): {len(governance)}")
        lines += [f"  {g.describe()}" for g in governance]
    if not changes:
        lines.append(f"Change set against {revision}: no record changes")
    else:
        lines.append(f"Change set against {revision}: {_counts(changes)}")
        lines += [f"  {_line(c.id)}  {_line(c.title)}  [{c.kind.lower()}]: {_line(describe(c))}" for c in changes]
    return "\n".join(lines) + "\n"


def render_markdown(changes: list[RecordChange], revision: str, governance: Sequence[GovernanceChange] = ()) -> str:
    lines = ["## opsbook change set", ""]
    if governance:
        lines += ["### Governance changes", "",
                  "These change the rules the gate applies; they need their owners' review (CODEOWNERS) "
                  "and apply from the next pull request after this one merges.", ""]
        lines += [f"- {_cell(g.path)}: {_cell(g.status)}" for g in governance] + [""]
    lines += [f"Against {_cell(revision)}: {_counts(changes) or 'no record changes'}.", ""]
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


def _line(text: str) -> str:
    """Record text on one line of the plain change set."""
    return " ".join(text.split())


def _cell(text: str) -> str:
    """Record text is untrusted: escaped as literal Markdown text."""
    return markdown_text(text)
