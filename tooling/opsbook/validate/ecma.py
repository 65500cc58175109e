"""JSON Schema `pattern`s read as ECMA-262 reads them, for the explaining validator.

The validity gate (jsonschema-rs) follows ECMA-262, as JSON Schema says; Python's `re` differs
in ways that matter to a record: `$` also matches before a final line break (so `"db\\n"` would
pass `^[a-z0-9-]*$`), `\\d` and `\\w` match any script's digits and letters, `\\s` has another
set of spaces, and `.` matches a carriage return. Each pattern is translated to a Python
expression with ECMA-262's meaning, so the two engines agree (a property test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import ValidationError

# ECMA-262 WhiteSpace and LineTerminator, the set `\s` stands for.
_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_IN_CLASS = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_OUTSIDE = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]",
            "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]"}


class UntranslatablePattern(ValueError):
    """A construct this translation does not cover (a negated class escape inside a class)."""


@cache
def compile_ecma(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(_translate(pattern)))


def _translate(pattern: str) -> Iterator[str]:
    in_class, index = False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            index += 2
            if in_class and escaped in _IN_CLASS:
                yield _IN_CLASS[escaped]
            elif in_class and escaped in "DWS":
                raise UntranslatablePattern(f"\\{escaped} inside a character class: {pattern}")
            elif not in_class and escaped in _OUTSIDE:
                yield _OUTSIDE[escaped]
            else:
                yield "\\" + escaped
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            if pattern[index + 1:index + 2] == "]":  # ECMA's `[]` matches nothing; Python's is an error
                yield "(?!)"
                index += 2
                continue
            in_class = True
        elif char == "$":
            char = r"\Z"
        elif char == ".":
            char = "[^\\n\\r\\u2028\\u2029]"
        yield char
        index += 1


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    try:
        expression = compile_ecma(pattern)
    except (re.error, UntranslatablePattern):
        return  # ECMA-262 syntax Python lacks (`\p{L}`): the gate decides, and its finding is shown
    if not expression.search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


EcmaDraft7Validator = validators.extend(Draft7Validator, {"pattern": _pattern})
