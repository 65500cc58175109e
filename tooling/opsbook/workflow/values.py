"""FIELD=VALUE arguments, read with the strict loader's scalar rules (so `2026-05-03` and `yes`
stay strings, `3` is a number, `[SVC-0001, SVC-0002]` a list); the writer (opsbook.writer)
writes them back as YAML that the strict loader reads as the same value."""

from __future__ import annotations

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


def _read(text: str, default: Any) -> Any:
    try:
        return parse(f"value: {text}\n")["value"]
    except YamlRefusal:
        return default
