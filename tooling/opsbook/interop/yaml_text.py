"""A record's data as YAML in the style of the hand-written records: the editor modeline first,
fields in the schema's order, block lists and mappings, `|` blocks for several lines, and
timestamps and dates quoted. Every value is checked to read back unchanged with the strict
loader; a value that would not is written as a quoted string instead."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from opsbook.kinds import Kind
from opsbook.strict_yaml import YamlRefusal, parse
from opsbook.workflow.scaffold import MODELINE
from opsbook.workflow.values import yaml_scalar

INDENT = "  "
# Dates and timestamps are strings to opsbook, but quoted they read as such to every YAML tool.
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def record_text(kind: Kind, path: str, schema_path: str, data: dict[str, Any]) -> str:
    """`schema_path` is the kind's schema file relative to the repository root."""
    modeline = MODELINE.format(schema=posixpath.relpath(schema_path, posixpath.dirname(path)))
    return "\n".join([modeline, *_mapping(ordered(kind, data), 0)]) + "\n"


def ordered(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """The fields in the schema's order; fields the schema does not know keep theirs, last."""
    known = list(kind.schema.get("properties", {}))
    rank = {name: index for index, name in enumerate(known)}
    return dict(sorted(data.items(), key=lambda item: rank.get(item[0], len(known))))


def _mapping(data: dict[str, Any], depth: int) -> list[str]:
    lines: list[str] = []
    pad = INDENT * depth
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines += [f"{pad}{key}:", *_mapping(value, depth + 1)]
        elif isinstance(value, list) and value:
            lines += [f"{pad}{key}:", *_sequence(value, depth + 1)]
        else:
            lines += _scalar_lines(f"{pad}{key}:", value, depth)
    return lines


def _sequence(items: list[Any], depth: int) -> list[str]:
    lines: list[str] = []
    pad = INDENT * depth
    for item in items:
        if isinstance(item, dict) and item:
            # The first field shares the dash's line; the rest line up under it.
            inner = _mapping(item, depth + 1)
            lines += [f"{pad}- {inner[0].lstrip()}", *inner[1:]]
        elif isinstance(item, list) and item:
            lines += [f"{pad}-", *_sequence(item, depth + 1)]
        else:
            lines += _scalar_lines(f"{pad}-", item, depth)
    return lines


def _scalar_lines(lead: str, value: Any, depth: int) -> list[str]:
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        block = _block(value, depth + 1)
        if block is not None:
            return [f"{lead} {block[0]}", *block[1:]]
    return [f"{lead} {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if value == {}:
        return "{}"
    if value == []:
        return "[]"
    if isinstance(value, str) and _DATE_LIKE.match(value):
        return json.dumps(value, ensure_ascii=False)
    return yaml_scalar(value)


def _block(value: str, depth: int) -> list[str] | None:
    """A literal block scalar, or None when the text cannot be one and read back the same."""
    chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else "-" if not value.endswith("\n") else "+"
    pad = INDENT * depth
    body = [f"{pad}{line}" if line else "" for line in value.rstrip("\n").split("\n")]
    if chomp == "+":
        body += [""] * (len(value) - len(value.rstrip("\n")) - 1)
    lines = [f"|{chomp}", *body]
    try:
        readback = parse("v: " + "\n".join(line[len(pad) - len(INDENT):] if line else "" for line in lines) + "\n")
    except YamlRefusal:
        return None
    return lines if readback.get("v") == value else None
