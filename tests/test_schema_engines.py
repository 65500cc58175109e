"""The validity gate (jsonschema-rs, ECMA-262 patterns) and the explaining validator (jsonschema,
patterns translated to ECMA-262's meaning) agree on every pattern and format the schemas use;
where they could still disagree, the record is reported invalid, never let through."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
from hypothesis import given
from hypothesis import strategies as st
from opsbook.formats import FUNCTIONS, format_checker
from opsbook.validate.ecma import EcmaDraft7Validator
from support import SCHEMAS, run


def _keyword_values(node: Any, keyword: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == keyword and isinstance(value, str):
                yield value
            yield from _keyword_values(value, keyword)
    elif isinstance(node, list):
        for value in node:
            yield from _keyword_values(value, keyword)


DOCUMENTS = [json.loads(path.read_text("utf-8")) for path in sorted(SCHEMAS.glob("*.schema.json"))]
PATTERNS = sorted({p for document in DOCUMENTS for p in _keyword_values(document, "pattern")})
FORMAT_NAMES = sorted({f for document in DOCUMENTS for f in _keyword_values(document, "format")})
# Where the two regular-expression dialects differ: line breaks at the end, other scripts'
# digits and letters, spaces that only one of them counts, and what `.` stops at.
TRICKY = "\n\r\u2028\u2029\x85\x1c\ufeff\xa0\u3000 \t٣١٢߀ÀéAz09-_:/.#?T+Z"


def _texts(pattern: str | None = None) -> st.SearchStrategy[str]:
    tricky = st.text(alphabet=st.sampled_from(TRICKY), max_size=12)
    if pattern is None:
        return st.one_of(tricky, st.text(max_size=30))
    near = st.from_regex(re.compile(pattern), fullmatch=True)
    suffixed = st.tuples(near, st.sampled_from(["\n", "\r", "\u2028", "", " "])).map("".join)
    return st.one_of(near, suffixed, tricky, st.text(max_size=20))


def _agree(schema: dict[str, Any], value: str) -> None:
    gate = jsonschema_rs.validator_for(schema, formats=FUNCTIONS, validate_formats=True)
    explainer = EcmaDraft7Validator(schema, format_checker=format_checker())
    assert gate.is_valid(value) == explainer.is_valid(value), (schema, value)


@given(data=st.data(), pattern=st.sampled_from(PATTERNS))
def test_both_engines_agree_on_every_pattern(data: st.DataObject, pattern: str) -> None:
    _agree({"type": "string", "pattern": pattern}, data.draw(_texts(pattern)))


@given(data=st.data(), name=st.sampled_from(FORMAT_NAMES))
def test_both_engines_agree_on_every_format(data: st.DataObject, name: str) -> None:
    samples = {"date": "2026-05-03", "date-time": "2026-05-03T14:20:00+02:00",
               "uri": "https://example.com/a", "uri-reference": "../kb/KB-0001.md", "ipv4": "10.0.12.7",
               "ipv6": "2001:db8::7"}
    sample = samples.get(name, "")
    mutated = st.tuples(st.integers(0, len(sample)), _texts()).map(lambda p: sample[:p[0]] + p[1] + sample[p[0]:])
    _agree({"type": "string", "format": name}, data.draw(st.one_of(_texts(), mutated)))


def test_every_format_a_schema_uses_has_one_check_for_both_engines() -> None:
    assert set(FORMAT_NAMES) <= set(FUNCTIONS)
    assert set(FORMAT_NAMES) <= set(format_checker().checkers)


def test_a_tag_ending_in_a_line_break_is_refused_at_its_position(base_repo: Path) -> None:
    path = base_repo / "records/services/SVC-0001.yaml"
    path.write_text(path.read_text("utf-8") + "tags:\n  - |\n    db\n", "utf-8")
    result = run("validate", "--root", str(base_repo), "--format", "json")
    assert result.exit_code == 1
    found = [(d["path"], d["code"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert ("records/services/SVC-0001.yaml", "schema-pattern") in found


def test_a_format_only_the_gate_checks_still_refuses_the_record(base_repo: Path) -> None:
    # A team adds a format that opsbook's own format checks do not cover: jsonschema-rs checks
    # hostnames, jsonschema (without its optional extras) lets every value pass.
    schema_path = base_repo / "schemas/service.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["properties"]["title"]["format"] = "hostname"
    schema_path.write_text(json.dumps(schema, indent=2), "utf-8")
    record = base_repo / "records/services/SVC-0001.yaml"
    text = re.sub(r"(?m)^title: .*$", "title: -not-a-host-", record.read_text("utf-8"))
    record.write_text(text, "utf-8")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1, result.output
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("title:"))
    assert f"records/services/SVC-0001.yaml:{line}:8: error: " in result.output
    assert "[schema-refused]" in result.output


def test_a_pattern_only_python_understands_is_a_configuration_error(base_repo: Path) -> None:
    schema_path = base_repo / "schemas/service.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["properties"]["title"]["pattern"] = "^a{,3}$"  # Python reads {,3}; ECMA-262 does not
    schema_path.write_text(json.dumps(schema, indent=2), "utf-8")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2, result.output
    assert "schemas/service.schema.json" in result.output
