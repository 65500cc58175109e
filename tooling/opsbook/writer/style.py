"""How a new value looks in a record file: the house style of the hand-written records.

Several lines become a literal block (`|`); timestamps and dates are double-quoted, as the
schemas ask; any other string is plain when the strict loader reads it back unchanged, and
double-quoted otherwise. Mappings and lists are block style."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
)

from opsbook.strict_yaml import YamlRefusal, parse

# Dates and timestamps are strings to opsbook; quoted, they read as strings to every YAML tool.
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def styled(value: Any) -> Any:
    """`value` as ruamel nodes carrying the house style."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = styled(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(styled(item) for item in value)
    if isinstance(value, str):
        return styled_text(value)
    return value


def styled_text(text: str) -> str:
    if "\n" in text.rstrip("\n") and _block_safe(text):
        return LiteralScalarString(text)
    if _DATE_LIKE.match(text) or not plain_reads_back(text):
        return DoubleQuotedScalarString(text)
    return PlainScalarString(text)


def plain_reads_back(text: str) -> bool:
    """Written plain, the strict loader reads the same string (so `yes` and `0755` stay plain)."""
    if not text or text != text.strip() or "#" in text or "\n" in text:
        return False
    try:
        return parse(f"value: {text}\n").get("value") == text
    except YamlRefusal:
        return False


def _block_safe(text: str) -> bool:
    """Literal blocks cannot hold leading spaces on the first line, tabs or trailing spaces
    without surprises; such text is written double-quoted instead."""
    first = text.split("\n", 1)[0]
    return not first.startswith(" ") and "\t" not in text and not any(
        line != line.rstrip(" ") for line in text.split("\n"))
