"""Editing a record's YAML in place with ruamel.yaml's round-trip mode: what did not change
keeps its comments, key order, quoting and blank lines, so a pull request's diff shows only
what changed. ruamel only carries the text's layout; what the values are is always decided
by the strict loader (the record's data before and after), never by ruamel's own reading."""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from opsbook.writer.style import styled, styled_text

# Lines are never folded: a folded long line would be a change the author did not make.
_WIDTH = 1_000_000
_SEQUENCE_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
_NESTED_KEY = re.compile(r"^[^ #\n][^:\n]*:\n( +)[^ \-#\n]", re.MULTILINE)


def yaml_engine(text: str = "") -> YAML:
    """A round-trip YAML set up for the indentation `text` uses (the house style if none)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    mapping, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def _indentation(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset): `  - item` under its key is offset 2, `- item` offset 0."""
    nested = _NESTED_KEY.search(text)
    mapping = len(nested.group(1)) if nested else 2
    for match in _SEQUENCE_ITEM.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if before.rstrip().endswith(":"):
            key_indent = len(before) - len(before.lstrip(" "))
            return mapping, max(0, len(match.group(1)) - key_indent)
    return mapping, 2


def load_layout(text: str) -> Any:
    return yaml_engine(text).load(text)


def dump(node: Any, text: str = "") -> str:
    out = io.StringIO()
    yaml_engine(text).dump(node, out)
    return out.getvalue()


def merge_mapping(node: CommentedMap, before: dict[str, Any], after: dict[str, Any],
                  order: list[str]) -> None:
    """Make `node` (laid out like `before`) say `after`; new keys go where `order` puts them."""
    for key in [k for k in node if k not in after]:
        del node[key]
    for key, value in after.items():
        if key in node and key in before:
            if not _same(before[key], value):
                node[key] = merged(node[key], before[key], value)
        else:
            node.insert(_position(list(node), key, order), key, styled(value))


def merge_sequence(node: CommentedSeq, before: list[Any], after: list[Any]) -> None:
    for index, value in enumerate(after[: len(before)]):
        if not _same(before[index], value):
            node[index] = merged(node[index], before[index], value)
    del node[len(after):]
    for value in after[len(before):]:
        node.append(styled(value))


def merged(node: Any, before: Any, after: Any) -> Any:
    """The node for `after` in the place of `node`; containers are edited in place."""
    if isinstance(node, CommentedMap) and isinstance(before, dict) and isinstance(after, dict):
        merge_mapping(node, before, after, list(after))
        return node
    if isinstance(node, CommentedSeq) and isinstance(before, list) and isinstance(after, list):
        merge_sequence(node, before, after)
        return node
    if isinstance(node, ScalarString) and isinstance(after, str) and "\n" not in after:
        return type(node)(after)  # the author's quoting, for a value that stays one line
    if isinstance(after, str):
        return styled_text(after)
    return styled(after)


def _same(before: Any, after: Any) -> bool:
    # 1 == 1.0 == True in Python, but they are different YAML.
    return type(before) is type(after) and before == after


def _position(keys: list[str], key: str, order: list[str]) -> int:
    """After the last existing key that comes before `key` in `order`; unknown keys go last."""
    if key not in order:
        return len(keys)
    rank = order.index(key)
    earlier = [i for i, k in enumerate(keys) if k in order and order.index(k) < rank]
    later = [i for i, k in enumerate(keys) if k in order and order.index(k) > rank]
    if earlier:
        return earlier[-1] + 1
    return later[0] if later else len(keys)
