"""What changed, in record terms: "approval by X removed", "approver changed from X to Y",
"type changed from normal to standard". Shared by the gate's findings and the change set, so a
reviewer reads the same words in both."""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

SHOWN_WIDTH = 60  # long values (Markdown plans) are cut, and a rewrite is said as such

# How an entry of a history list is named: by whom, or when.
ENTRY_NAMES = {"approvals": ("approval", "by"), "timeline": ("timeline entry", "at")}
ENTRY_ROLES = {"by": "approver", "at": "time"}


@dataclass(frozen=True)
class ListEdit:
    """One entry of a list changed: removed (new is None), added (old is None) or altered,
    with its index in the base list and in the working tree's."""

    old: Any
    new: Any
    old_index: int | None
    new_index: int | None


def list_edits(old: list[Any], new: list[Any]) -> list[ListEdit]:
    """Entries removed, altered and added, base order kept; unchanged ones left out."""
    keys = [_key(v) for v in old], [_key(v) for v in new]
    edits: list[ListEdit] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, *keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        edits += [ListEdit(old[i1 + k], new[j1 + k], i1 + k, j1 + k) for k in range(paired)]
        edits += [ListEdit(old[i], None, i, None) for i in range(i1 + paired, i2)]
        edits += [ListEdit(None, new[j], None, j) for j in range(j1 + paired, j2)]
    return edits


def entry_name(field: str, entry: Any) -> str:
    noun, key = ENTRY_NAMES.get(field, (f"{field} entry", ""))
    value = entry.get(key) if isinstance(entry, dict) and key else None
    joiner = " by " if key == "by" else " of "
    return f"{noun}{joiner}{shown(value, quote=False)}" if value is not None else noun


def describe_edit(field: str, edit: ListEdit) -> str:
    if edit.new is None:
        return f"{entry_name(field, edit.old)} removed"
    if edit.old is None:
        return f"{entry_name(field, edit.new)} added{_entry_facts(edit.new)}"
    return f"{entry_name(field, edit.old)}: {'; '.join(_entry_changes(edit.old, edit.new))}"


def _entry_facts(entry: Any) -> str:
    if not isinstance(entry, dict):
        return ""
    facts = [shown(entry[k], quote=False) for k in ("decision", "role", "status") if entry.get(k) is not None]
    return f" ({', '.join(facts)})" if facts else ""


def _entry_changes(old: Any, new: Any) -> list[str]:
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [value_change("entry", old, new)]
    return [value_change(ENTRY_ROLES.get(k, k), old.get(k), new.get(k))
            for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]


def value_change(name: str, old: Any, new: Any) -> str:
    """One field's change in words, naming both values when they are short."""
    if old is None:
        return f"{name} set to {shown(new)}"
    if new is None:
        return f"{name} removed (was {shown(old)})"
    if _scalar_list(old) and _scalar_list(new):
        added = [shown(v, quote=False) for v in new if v not in old]
        removed = [shown(v, quote=False) for v in old if v not in new]
        parts = [f"{', '.join(added)} added"] * bool(added) + [f"{', '.join(removed)} removed"] * bool(removed)
        return f"{name}: {'; '.join(parts) or 'reordered'}"
    if isinstance(old, dict) and isinstance(new, dict):
        return "; ".join(value_change(f"{name}.{k}", old.get(k), new.get(k))
                         for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k))
    if _short(old) and _short(new):
        return f"{name} changed from {_word(old)} to {_word(new)}"
    return f"{name} rewritten (was {shown(old)})"


def shown(value: Any, quote: bool = True) -> str:
    if value is None:
        return "not set"
    text = " ".join(str(value).split()) if not isinstance(value, list | dict) else json.dumps(value)
    text = text if len(text) <= SHOWN_WIDTH else text[: SHOWN_WIDTH - 3] + "..."
    return repr(text) if quote else text


def _word(value: Any) -> str:
    """A short value as it reads: `normal` or a name bare, a phrase quoted so that
    "changed from ... to ..." still parses."""
    text = shown(value, quote=False)
    phrase = text.count(" ") > 2 or any(word in f" {text} " for word in (" to ", " from ", ";"))
    return repr(text) if phrase or not text else text


def _short(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and "\n" not in str(value).strip() \
        and len(str(value)) <= SHOWN_WIDTH


def _scalar_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str | int | float | bool) for v in value)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)
