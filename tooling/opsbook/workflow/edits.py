"""FIELD=VALUE edits of a record's data: dotted paths reach nested fields (`resolution.code`)
and list items by number (`outages.0.end`); `FIELD+=VALUE` appends to a list."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from opsbook.workflow.values import BadAssignment, parse_value


@dataclass(frozen=True)
class Edit:
    path: tuple[str | int, ...]
    value: Any
    append: bool = False

    @property
    def name(self) -> str:
        return ".".join(map(str, self.path))


def parse_edit(argument: str) -> Edit:
    field, equals, text = argument.partition("=")
    append = field.endswith("+")
    field = field.removesuffix("+").strip()
    if not equals or not field or any(not step for step in field.split(".")):
        raise BadAssignment(f"expected FIELD=VALUE or FIELD+=VALUE, got {argument!r}")
    path = tuple(int(step) if step.isdigit() else step for step in field.split("."))
    if isinstance(path[0], int):
        raise BadAssignment(f"{field!r}: a field name comes first, like outages.0.end")
    return Edit(path, parse_value(text), append)


def applied(data: dict[str, Any], edits: list[Edit]) -> dict[str, Any]:
    """A copy of `data` with the edits made, in order."""
    result = copy.deepcopy(data)
    for edit in edits:
        _apply(result, edit)
    return result


def _apply(data: dict[str, Any], edit: Edit) -> None:
    parent: Any = data
    for depth, step in enumerate(edit.path[:-1]):
        following = edit.path[depth + 1]
        parent = _child(parent, step, edit, create=[] if isinstance(following, int) else {})
    last = edit.path[-1]
    if edit.append:
        target = _child(parent, last, edit, create=[])
        if not isinstance(target, list):
            raise BadAssignment(f"{edit.name} is not a list; `+=` appends to lists")
        target.append(edit.value)
    elif isinstance(parent, list):
        _check_index(parent, last, edit)
        parent[last] = edit.value  # type: ignore[index]
    else:
        parent[last] = edit.value


def _child(parent: Any, step: str | int, edit: Edit, create: Any) -> Any:
    if isinstance(parent, list):
        _check_index(parent, step, edit)
        return parent[step]  # type: ignore[index]
    if not isinstance(parent, dict):
        raise BadAssignment(f"{edit.name}: {step} is inside a value that has no fields")
    if isinstance(step, int):
        raise BadAssignment(f"{edit.name}: {step} is a list position, but this is not a list")
    if parent.get(step) is None:
        parent[step] = create
    return parent[step]


def _check_index(items: list[Any], step: str | int, edit: Edit) -> None:
    if not isinstance(step, int) or step >= len(items):
        raise BadAssignment(f"{edit.name}: the list has {len(items)} item(s), numbered from 0")
