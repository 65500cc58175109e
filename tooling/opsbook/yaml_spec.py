"""What the YAML spec refuses and libyaml lets through, checked on the composed nodes.

libyaml (and so PyYAML's C parser) accepts a few spec errors that editors' YAML parsers
reject, so a file could mean one thing to the author's editor and another to opsbook. The
yaml-test-suite's error cases that libyaml accepts fall into these groups, each refused here:

- a comment with no space before it, right after a quoted value or a block scalar's `|`/`>`;
- a quoted value or flow collection whose continuation lines are not indented past the
  block that holds it (tabs do not count as indentation);
- a block scalar whose leading empty lines hold more spaces than its first line.

Values decoded from escapes are checked too: a double-quoted value can spell a control or
bidirectional character (`\\e`, `\\x0c`, `\\u202e`) that the raw-text check never sees, and
such characters forge terminal and CI output or hide what a reviewer reads. (A `\\n` stays
allowed: multi-line text is legitimate, and reporters escape line breaks.)
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import Node, ScalarNode

# C0 controls but tab and LF; DEL; C1 controls (NEL among them); the bidirectional overrides and
# isolates; the byte-order mark: what the raw-text check refuses (load/files.py), plus the
# escapes for CR, vertical tab and form feed, which no record value needs.
FORBIDDEN_DECODED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
# Cheap whole-text test that decides whether the comment checks can find anything at all.
_BEFORE_COMMENT = re.compile(r"(?:['\"]|[|>][-+0-9]{0,2})\Z")
_BLOCK_HEADER_COMMENT = re.compile(r"[|>](?:[1-9][-+]?|[-+][1-9]?)?#")


class YamlRefusal(Exception):
    """The text is not an acceptable record; line and column are 1-based."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def _comment_after_anything(text: str) -> bool:
    """Whether some `#` follows a quote or a block indicator directly. A regular expression
    over the whole text cost more than parsing it; a file has only a few `#`s to look at."""
    at = text.find("#")
    while at > 0:
        if _BEFORE_COMMENT.search(text, max(0, at - 3), at):
            return True
        at = text.find("#", at + 1)
    return False


def refuse(code: str, message: str, mark: Any) -> YamlRefusal:
    return YamlRefusal(code, message, mark.line + 1, mark.column + 1)


class SpecCheck:
    """The checks for one text; each is skipped when the text cannot contain its problem."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.comments = _comment_after_anything(text)
        self.escapes = "\\" in text

    def scalar(self, node: ScalarNode, indent: int) -> None:
        style = node.style
        if style == '"' or style == "'":
            if self.comments:
                self._comment_after(node)
            if style == '"' and self.escapes:
                self._decoded(node)
            if indent >= 0 and node.start_mark.line != node.end_mark.line:
                self.continuation(node, indent)
        elif style == "|" or style == ">":
            if self.comments:
                self._block_header(node)
            self._leading_empty_lines(node, indent)

    def continuation(self, node: Node, indent: int) -> None:
        """A multi-line quoted value or flow collection: every continuation line that is not
        empty is indented, with spaces, past the column of the block entry holding it."""
        text = self.text
        line_start = text.find("\n", node.start_mark.index) + 1
        number = node.start_mark.line + 2
        while 0 < line_start <= node.end_mark.index:
            line_end = text.find("\n", line_start)
            line = text[line_start:line_end if line_end >= 0 else len(text)]
            spaces = len(line) - len(line.lstrip(" "))
            if spaces <= indent and line.strip():
                raise YamlRefusal("yaml-syntax", "this line continues the value above it and must be "
                                  f"indented with spaces past column {indent + 1}", number, spaces + 1)
            line_start, number = line_end + 1, number + 1

    def _comment_after(self, node: ScalarNode) -> None:
        end = node.end_mark
        if self.text[end.index:end.index + 1] == "#":
            raise refuse("yaml-syntax", "a comment needs a space before its '#'", end)

    def _block_header(self, node: ScalarNode) -> None:
        mark = node.start_mark
        if _BLOCK_HEADER_COMMENT.match(self.text, mark.index):
            raise refuse("yaml-syntax", "a comment after a block scalar's indicator needs a space "
                         "before its '#'", mark)

    def _leading_empty_lines(self, node: ScalarNode, indent: int) -> None:
        """No leading empty line of an auto-indented block scalar has more spaces than the
        scalar's first line (the spec's rule; libyaml lets it pass)."""
        text = self.text
        header_end = text.find("\n", node.start_mark.index)
        if header_end < 0 or _BLOCK_HEADER_HAS_INDENT.match(text, node.start_mark.index):
            return
        widest, position = 0, header_end + 1
        while position < len(text):
            line_end = text.find("\n", position)
            line = text[position:line_end if line_end >= 0 else len(text)]
            if line.strip(" "):
                first = len(line) - len(line.lstrip(" "))
                if first > indent and widest > first:
                    raise YamlRefusal("yaml-syntax", "a block scalar's leading empty line has more "
                                      "spaces than its first line", text.count("\n", 0, position) + 1, 1)
                return
            widest = max(widest, len(line))
            if line_end < 0:
                return
            position = line_end + 1

    def _decoded(self, node: ScalarNode) -> None:
        value = node.value
        bad = FORBIDDEN_DECODED.search(value)
        if bad:
            raise refuse("yaml-control-char", f"the escape for control or bidirectional character "
                         f"U+{ord(bad.group()):04X} is not allowed", node.start_mark)


_BLOCK_HEADER_HAS_INDENT = re.compile(r"[|>][-+]?[1-9]")
