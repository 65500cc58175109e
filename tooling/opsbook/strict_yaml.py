"""A YAML loader that refuses what a record never needs and keeps what YAML 1.1 would mangle.

PyYAML's C parser does the parsing; resolution and construction are replaced so that only
plain scalars that are unambiguously numbers, booleans or null become such, and everything
else (dates, times, `yes`/`no`, `0755`, `1:30`) stays the string the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from sys import intern
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from opsbook.yaml_spec import SpecCheck, YamlRefusal, refuse

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


_refuse = refuse
# Strings shorter than this are shared between records (see _Builder._sequence).
SHARED_LENGTH = 64
# Records nest a few levels (a project's tasks, their dependencies); hundreds of levels are an
# attack on every recursive walk after loading (RecursionError), refused where they start.
MAX_DEPTH = 32


# YAML 1.2 core scalars only, minus the YAML 1.1 surprises: these words, and numbers.
_WORDS = {**dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), BOOL),
          **dict.fromkeys(("~", "null", "Null", "NULL", ""), NULL)}
_NUMBER_START = frozenset("-+0123456789.")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class _Loader(_Parser, BaseResolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        BaseResolver.__init__(self)
        self.yaml_version = None

    # The composer calls these three for every node. BaseResolver's versions walk path
    # resolvers (there are none) and every implicit resolver in turn: a third of the load time.
    # Plain scalars only (implicit[0]) can be anything but a string; most are words, which one
    # dictionary lookup settles.
    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return SEQ if kind is SequenceNode else MAP
        if not implicit[0]:
            return STR
        word = _WORDS.get(value)
        if word is not None:
            return word
        if value[:1] in _NUMBER_START:
            if _INT.fullmatch(value):
                return INT
            if _FLOAT.fullmatch(value):
                return FLOAT
        return STR

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_SCALARS: dict[str, Any] = {
    STR: str, INT: int, FLOAT: float, BOOL: lambda value: value.lower() == "true", NULL: lambda value: None,
}


class _Builder:
    """The value of a node tree: a direct walk, without BaseConstructor's per-node bookkeeping,
    that also refuses what libyaml let through (see yaml_spec) and nesting past MAX_DEPTH.

    parse() refuses aliases before this runs; `seen` is the backstop that keeps an alias it
    missed from expanding (the C composer hands an alias back as the anchored node itself).
    """

    def __init__(self, text: str) -> None:
        self.spec = SpecCheck(text)
        self.seen: set[int] = set()

    def build(self, node: Node, depth: int, indent: int) -> Any:
        """`indent`: column of the block entry holding `node`; -2 inside a flow collection,
        whose own continuation lines were checked as a whole."""
        if type(node) is ScalarNode:
            return self._scalar(node, indent)
        if depth >= MAX_DEPTH:
            raise _refuse("yaml-too-deep", f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                          node.start_mark)
        if id(node) in self.seen:
            raise _refuse("yaml-anchor", "aliases are not allowed in records", node.start_mark)
        self.seen.add(id(node))
        if node.flow_style and indent >= 0:  # type: ignore[attr-defined]
            if node.start_mark.line != node.end_mark.line:
                self.spec.continuation(node, indent)
            inner = -2
        else:
            inner = node.start_mark.column if indent >= -1 else -2
        if type(node) is MappingNode and node.tag == MAP:
            return self._mapping(node, depth + 1, inner)
        if type(node) is SequenceNode and node.tag == SEQ:
            return self._sequence(node, depth + 1, inner)
        raise _refuse("yaml-tag", f"explicit tags are not allowed ({node.tag})", node.start_mark)

    def _scalar(self, node: ScalarNode, indent: int) -> Any:
        if node.style:
            self.spec.scalar(node, indent)
        if node.tag == STR:
            value = node.value
            return intern(value) if len(value) < SHARED_LENGTH else value
        make = _SCALARS.get(node.tag)
        if make is None:
            raise _refuse("yaml-tag", f"explicit tags are not allowed ({node.tag})", node.start_mark)
        return make(node.value)

    # Most values are plain strings: they are taken inline, without a call per value (a
    # fifth of the load's CPU went to those calls). Short ones (states, names, IDs, field
    # names) are shared: two in three strings of a large repository repeat one seen before, and
    # memory that is not allocated costs no time either.
    def _sequence(self, node: Node, depth: int, indent: int) -> list[Any]:
        return [(intern(child.value) if len(child.value) < SHARED_LENGTH else child.value)
                if type(child) is ScalarNode and child.tag == STR and not child.style
                else self.build(child, depth, indent) for child in node.value]

    def _mapping(self, node: Node, depth: int, indent: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != STR:
                raise _refuse("yaml-key-type", f"keys must be strings, not {_describe(key_node)}; quote the key",
                              key_node.start_mark)
            key = intern(key_node.value)
            if key == "<<" and not key_node.style:
                raise _refuse("yaml-merge-key", "merge keys (<<) are not allowed", key_node.start_mark)
            if key in mapping:
                raise _refuse("yaml-duplicate-key", f"duplicate key {key!r}", key_node.start_mark)
            if key_node.style:
                self.spec.scalar(key_node, indent)
            if type(value_node) is ScalarNode and value_node.tag == STR and not value_node.style:
                value = value_node.value
                mapping[key] = intern(value) if len(value) < SHARED_LENGTH else value
            else:
                mapping[key] = self.build(value_node, depth, indent)
        return mapping


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


@lru_cache(maxsize=256)
def _compose(text: str) -> Node | None:
    """The node tree of `text`, kept for the files most recently asked about: a file with
    thousands of findings is composed once, not once per finding (which was quadratic)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse(text: str) -> dict[str, Any]:
    """Parse one record's YAML text into a mapping, or raise YamlRefusal."""
    try:
        # The substring tests are nearly free; the regular expression is not, on every file.
        if ("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text):
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
            return _Builder(text).build(node, 0, -1)
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
    A mapping's keys are searched in order: records have tens of keys, and a long list is
    indexed directly.
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
