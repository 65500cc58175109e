"""The schemas themselves: draft-07, an $id, and a description on every property (editors show
it as hover text and the site as field help)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft7Validator
from support import SCHEMAS

SCHEMA_FILES = sorted(SCHEMAS.glob("*.schema.json"))


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}.{name}", child
        for key, child in node.items():
            if key not in ("properties", "if"):  # an `if` clause tests properties, it does not define them
                yield from properties(child, f"{path}/{key}")
        for name, child in node.get("properties", {}).items():
            yield from properties(child, f"{path}.{name}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from properties(child, f"{path}[{index}]")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schema_is_draft_07_with_id(path: Any) -> None:
    schema = json.loads(path.read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == path.name


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_every_property_has_a_description(path: Any) -> None:
    schema = json.loads(path.read_text("utf-8"))
    missing = [where for where, prop in properties(schema) if isinstance(prop, dict) and not prop.get("description")]
    assert missing == []


def test_every_kind_declares_a_lifecycle() -> None:
    kinds = [json.loads(p.read_text("utf-8")) for p in SCHEMA_FILES if p.name != "defs.schema.json"]
    assert len(kinds) == 12
    for schema in kinds:
        lifecycle = schema["x-opsbook"]["lifecycle"]
        assert set(schema["properties"]["status"]["enum"]) == set(lifecycle["transitions"]), schema["$id"]
