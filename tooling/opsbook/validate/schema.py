"""JSON Schema validation, each error reported at the offending value's own line."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from opsbook.diagnostics import ConfigurationError, Diagnostic, error
from opsbook.formats import FUNCTIONS, format_checker
from opsbook.kinds import RS_BASE, Kind, Kinds, SchemaResolver, absolute
from opsbook.model import Record

if TYPE_CHECKING:  # the explainer is imported when a record needs explaining (see format_checker)
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError

_FORMAT_HINTS = {
    "date-time": "write a date, time and UTC offset, like 2026-05-03T14:20:00+02:00",
    "date": "write a calendar day, like 2026-05-03",
    "uri": "only http, https and mailto links are allowed",
    "uri-reference": "only http, https, mailto and relative links are allowed",
}
_RANGE = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
          "minItems", "maxItems", "minProperties", "maxProperties", "multipleOf"}




class SchemaCheck:
    """Validity is decided by a compiled validator (jsonschema-rs, tens of times faster); the
    few invalid records are explained by jsonschema, whose errors carry the schema paths that
    the positioned, friendly messages are made from. Both use opsbook's own format checks, and
    the explainer reads patterns as ECMA-262 does (validate/ecma.py).

    The gate is authoritative: a record it refuses is reported invalid even if the explainer
    finds nothing to say, with the gate's own findings (never "no problems")."""

    def __init__(self, kinds: Kinds) -> None:
        registry = jsonschema_rs.Registry([(RS_BASE + k.schema_file, absolute(k.schema, k.schema_file))
                                           for k in kinds] + _shared(kinds))
        self._gates = {kind.name: _gate(kind, registry) for kind in kinds}
        self._kinds = kinds
        self._explainers: dict[str, Draft7Validator] = {}

    def __call__(self, record: Record) -> Iterator[Diagnostic]:
        if self._gates[record.kind.name].is_valid(record.data):
            return
        from jsonschema.exceptions import best_match

        errors = [best_match([found]) for found in self._explainer(record.kind).iter_errors(record.data)]
        # A value that breaks its format usually breaks the pattern beside it too: say it once.
        formatted = {tuple(e.absolute_path) for e in errors if e.validator == "format"}
        resolver = self._kinds.registry.resolver(base_uri=record.kind.schema.get("$id", record.kind.schema_file))
        for found in errors:
            if found.validator == "pattern" and tuple(found.absolute_path) in formatted:
                continue
            yield from _explain(record, found, resolver)
        if not errors:
            yield from self._unexplained(record)

    def _unexplained(self, record: Record) -> Iterator[Diagnostic]:
        """The gate's own findings, when the explainer disagrees and finds none."""
        for found in self._gates[record.kind.name].iter_errors(record.data):
            yield _at(record, tuple(found.instance_path), "schema-refused",
                      f"{found.message} (refused by the schema check that decides validity)")

    def _explainer(self, kind: Kind) -> Draft7Validator:
        if kind.name not in self._explainers:
            from opsbook.validate.ecma import EcmaDraft7Validator

            self._explainers[kind.name] = EcmaDraft7Validator(
                kind.schema, registry=self._kinds.registry, format_checker=format_checker())
        return self._explainers[kind.name]


def _gate(kind: Kind, registry: jsonschema_rs.Registry) -> Any:
    try:
        return jsonschema_rs.validator_for(absolute(kind.schema, kind.schema_file), registry=registry,
                                           formats=FUNCTIONS, validate_formats=True)
    except jsonschema_rs.ValidationError as exc:
        # Python's `re` passed the metaschema's `regex` check; ECMA-262 (`a{,3}`) did not.
        raise ConfigurationError(f"schemas/{kind.schema_file}: {exc.message}; patterns are ECMA-262 "
                                 "regular expressions") from None


def _shared(kinds: Kinds) -> list[tuple[str, dict[str, Any]]]:
    """Schemas that define no kind (defs.schema.json), as registered by their relative $id."""
    kind_files = {kind.schema_file for kind in kinds}
    return [(RS_BASE + uri, absolute(document, uri)) for uri, document in kinds.documents.items()
            if uri not in kind_files]


def _explain(record: Record, found: ValidationError, resolver: SchemaResolver) -> Iterator[Diagnostic]:
    path = tuple(found.absolute_path)
    keyword = found.validator
    if keyword == "required":
        for name in found.validator_value:
            if isinstance(found.instance, dict) and name not in found.instance:
                yield _at(record, path, "schema-required",
                          f"missing required field {name!r}{_condition(record, found, resolver)}")
    elif keyword == "additionalProperties" and isinstance(found.instance, dict):
        known = list(found.schema.get("properties", {}))
        for name in sorted(set(found.instance) - set(known)):
            yield _at(record, (*path, name), "schema-unknown-field",
                      f"unknown field {name!r}{_suggest(name, known)}", key=True)
    elif keyword == "type":
        yield _at(record, path, "schema-type", _type_message(found))
    elif keyword in ("enum", "const"):
        choices = found.validator_value if keyword == "enum" else [found.validator_value]
        yield _at(record, path, "schema-enum",
                  f"{_show(found.instance)} is not one of: {', '.join(map(str, choices))}"
                  f"{_suggest(str(found.instance), [str(c) for c in choices])}")
    elif keyword == "pattern":
        # Identity and reference checks own the form of IDs, with messages that name the kind.
        if path != ("id",) and "x-ref" not in found.schema:
            yield _at(record, path, "schema-pattern", _pattern_message(found))
    elif keyword == "format":
        hint = _FORMAT_HINTS.get(found.validator_value, "")
        yield _at(record, path, "schema-format",
                  f"{_show(found.instance)} is not a valid {found.validator_value}" + (f"; {hint}" if hint else ""))
    elif keyword in _RANGE:
        yield _at(record, path, "schema-range", found.message)
    elif keyword == "uniqueItems":
        yield _at(record, path, "schema-unique", "list items must be unique")
    else:
        yield _at(record, path, "schema-invalid", found.message)


def _at(record: Record, path: tuple[Any, ...], code: str, message: str, *, key: bool = False) -> Diagnostic:
    line, column = record.position(path, key=key)
    return error(record.path, line, column, code, message)


def _condition(record: Record, found: ValidationError, resolver: SchemaResolver) -> str:
    """' when status is resolved' for a field required by an if/then clause."""
    schema_path = list(found.absolute_schema_path)
    if len(schema_path) < 2 or schema_path[-2] != "then":
        return ""
    node: Any = record.kind.schema
    for step in schema_path[:-2]:
        # Schema paths do not name the `$ref`s they pass through (an if/then in a shared definition).
        while isinstance(node, dict) and step not in node and isinstance(node.get("$ref"), str):
            resolved = resolver.lookup(node["$ref"])
            node, resolver = resolved.contents, resolved.resolver
        node = node[step]
    clauses = [_describe_clause(name, rule) for name, rule in node.get("if", {}).get("properties", {}).items()]
    clauses = [c for c in clauses if c]
    return f" when {' and '.join(clauses)}" if clauses else ""


def _describe_clause(name: str, rule: dict[str, Any]) -> str:
    if "const" in rule:
        return f"{name} is {rule['const']}"
    if "enum" in rule:
        return f"{name} is {' or '.join(map(str, rule['enum']))}"
    return ""


def _type_message(found: ValidationError) -> str:
    expected = found.validator_value
    expected = " or ".join(expected) if isinstance(expected, list) else expected
    got = _json_type(found.instance)
    hint = "; put it in quotes if it is text" if expected == "string" and got in ("number", "boolean") else ""
    return f"expected {_article(expected)}, got {_article(got)} ({_show(found.instance)}){hint}"


def _pattern_message(found: ValidationError) -> str:
    examples = found.schema.get("examples")
    expected = f"like {examples[0]!r}" if examples else f"matching {found.validator_value}"
    # The shared date and timestamp definitions bound the year (see defs.schema.json).
    years = "; years run from 1900 to 2199" if str(found.validator_value).startswith("^(19|2[01])") else ""
    return f"{_show(found.instance)} does not have the expected form; write it {expected}{years}"


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string"}.get(type(value), type(value).__name__)


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word if word != "null" else "null"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
