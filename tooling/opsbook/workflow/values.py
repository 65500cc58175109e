"""FIELD=VALUE arguments, read with the strict loader's scalar rules (so `2026-05-03` and `yes`
stay strings, `3` is a number, `[SVC-0001, SVC-0002]` a list) and written back as YAML that the
strict loader reads as the same value."""

from __future__ import annotations

import json
from typing import Any

from opsbook.strict_yaml import YamlRefusal, parse


class BadAssignment(ValueError):
    """An argument that is not FIELD=VALUE."""


def parse_assignment(argument: str) -> tuple[str, Any]:
    field, equals, text = argument.partition("=")
    if not equals or not field.strip():
        raise BadAssignment(f"expected FIELD=VALUE, got {argument!r}")
    return field.strip(), parse_value(text)


def parse_value(text: str) -> Any:
    """The value YAML text means to the strict loader; text it refuses stays a string."""
    if "\n" in text or not text.strip() or "#" in text:
        return text  # nobody means a YAML comment on the command line: keep the text whole
    return _read(text, default=text)


def yaml_lines(field: str, value: Any, comment: str = "") -> list[str]:
    """`field: value` as YAML lines, lists in block style; `comment` follows a scalar."""
    suffix = f"  # {comment}" if comment else ""
    if isinstance(value, list) and value and all(_is_scalar(item) for item in value):
        return [f"{field}:{suffix}", *(f"  - {yaml_scalar(item)}" for item in value)]
    if _is_scalar(value):
        return [f"{field}: {yaml_scalar(value)}{suffix}"]
    return [f"{field}: {json.dumps(value, ensure_ascii=False)}{suffix}"]


def yaml_scalar(value: Any) -> str:
    """A scalar as plain YAML when the strict loader reads it back unchanged, else quoted."""
    if isinstance(value, str):
        plain_ok = value == value.strip() and "#" not in value and "\n" not in value
        return value if plain_ok and _read(value, default=None) == value else json.dumps(value, ensure_ascii=False)
    return json.dumps(value)


def _read(text: str, default: Any) -> Any:
    try:
        return parse(f"value: {text}\n")["value"]
    except YamlRefusal:
        return default


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
