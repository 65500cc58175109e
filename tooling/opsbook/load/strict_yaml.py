"""A YAML loader that refuses what a record never needs and keeps what YAML 1.1 would mangle.

PyYAML's C parser does the parsing; resolution and construction are replaced so that only
plain scalars that are unambiguously numbers, booleans or null become such, and everything
else (dates, times, `yes`/`no`, `0755`, `1:30`) stays the string the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.constructor import BaseConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# Anchors, aliases and tags can only start a node; text without such a start skips the event scan.
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},])[&*!]", re.MULTILINE)


class YamlRefusal(Exception):
    """The text is not an acceptable record; line and column are 1-based."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _refuse(code: str, message: str, mark: Any) -> YamlRefusal:
    return YamlRefusal(code, message, mark.line + 1, mark.column + 1)


class _Resolver(BaseResolver):
    """YAML 1.2 core scalars only, minus the YAML 1.1 surprises."""

    yaml_implicit_resolvers: dict = {}


_Resolver.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    FLOAT,
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


class _Constructor(BaseConstructor):
    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            # The C composer hands an alias back as the anchored node itself.
            raise _refuse("yaml-anchor", "aliases are not allowed in records", node.start_mark)
        return super().construct_object(node, deep=True)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                raise _refuse("yaml-merge-key", "merge keys (<<) are not allowed", key_node.start_mark)
            if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                raise _refuse(
                    "yaml-key-type",
                    f"keys must be strings, not {_describe(key_node)}; quote the key",
                    key_node.start_mark,
                )
            key = key_node.value
            if key in mapping:
                raise _refuse(
                    "yaml-duplicate-key", f"duplicate key {key!r}", key_node.start_mark
                )
            mapping[key] = self.construct_object(value_node)
        return mapping

    def construct_undefined(self, node: Node) -> Any:
        raise _refuse("yaml-tag", f"explicit tags are not allowed ({node.tag})", node.start_mark)


def _construct_int(constructor: _Constructor, node: ScalarNode) -> int:
    return int(node.value)


def _construct_float(constructor: _Constructor, node: ScalarNode) -> float:
    return float(node.value)


_Constructor.add_constructor(STR, lambda c, n: n.value)
_Constructor.add_constructor(INT, _construct_int)
_Constructor.add_constructor(FLOAT, _construct_float)
_Constructor.add_constructor(BOOL, lambda c, n: n.value.lower() == "true")
_Constructor.add_constructor(NULL, lambda c, n: None)
_Constructor.add_constructor(SEQ, lambda c, n: [c.construct_object(child) for child in n.value])
_Constructor.add_constructor(MAP, _Constructor.construct_mapping)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.yaml_version = None


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {INT: "a number", FLOAT: "a number", BOOL: "a boolean", NULL: "null"}.get(
        node.tag, "a tagged value"
    )


def _scan_node_properties(text: str) -> None:
    """Refuse anchors, aliases and explicit tags at their own position, before construction."""
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.AliasEvent):
            raise _refuse("yaml-anchor", f"aliases (*{event.anchor}) are not allowed in records", event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _refuse("yaml-anchor", f"anchors (&{anchor}) are not allowed in records", event.start_mark)
        if getattr(event, "tag", None) is not None:
            raise _refuse("yaml-tag", f"explicit tags are not allowed ({event.tag})", event.start_mark)


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse(text: str) -> dict[str, Any]:
    """Parse one record's YAML text into a mapping, or raise YamlRefusal."""
    try:
        if _NODE_PROPERTY.search(text):
            _scan_node_properties(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise YamlRefusal("yaml-empty", "the file holds no YAML document", 1, 1)
            if not isinstance(node, MappingNode):
                raise _refuse(
                    "yaml-not-mapping",
                    f"a record must be a mapping of fields, not {_describe(node)}",
                    node.start_mark,
                )
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _from_yaml_error(exc) from None
    except yaml.YAMLError as exc:
        raise YamlRefusal("yaml-syntax", str(exc).splitlines()[0], 1, 1) from None


def _from_yaml_error(exc: yaml.MarkedYAMLError) -> YamlRefusal:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if "expected a single document" in (exc.context or ""):
        return _refuse(
            "yaml-multiple-documents", "a record file holds exactly one YAML document", mark
        )
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context = f" ({exc.context})" if exc.context and exc.problem else ""
    return YamlRefusal("yaml-syntax", f"{problem}{context}", line, column)


def locate(text: str, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
    """Line and column of the value at `path` (or of its key), found by composing again.

    Positions are only needed for what is reported, so they are not kept while loading.
    The deepest node that exists on the path answers when the path runs past the data.
    """
    try:
        node = _compose(text)
    except yaml.YAMLError:
        return 1, 1
    if node is None:
        return 1, 1
    mark = node.start_mark
    for step in path:
        found = _child(node, step)
        if found is None:
            break
        key_node, node = found
        mark = key_node.start_mark if key and step == path[-1] and key_node is not None else node.start_mark
    return mark.line + 1, mark.column + 1


def _child(node: Node, step: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == step:
                return key_node, value_node
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return None, node.value[step]
    return None
