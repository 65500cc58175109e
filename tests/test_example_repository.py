"""The example organisation in records/ and kb/: valid, coherent, and exercising every kind,
every reference field and every lifecycle state, as a newcomer's guide."""

from __future__ import annotations

from collections import Counter

import pytest
from opsbook.graph import references_of
from opsbook.load import open_repository
from support import ROOT, run

MINIMUM = {"service": 10, "asset": 30, "incident": 25, "problem": 8, "change": 20, "release": 4,
           "sla": 4, "maintenance": 4, "project": 3, "improvement": 6, "request": 6, "kb": 12}


@pytest.fixture(scope="module")
def repository():  # type: ignore[no-untyped-def]
    return open_repository(ROOT)


def test_example_repository_validates_clean() -> None:
    result = run("validate", "--root", str(ROOT), "--format", "text")
    assert result.exit_code == 0, result.stdout


def test_every_kind_has_enough_examples(repository) -> None:  # type: ignore[no-untyped-def]
    counts = Counter(record.kind.name for record in repository.records)
    assert {kind: counts[kind] for kind in MINIMUM if counts[kind] < MINIMUM[kind]} == {}


def test_every_lifecycle_state_is_exercised(repository) -> None:  # type: ignore[no-untyped-def]
    used = {(record.kind.name, record.status) for record in repository.records}
    unused = [(kind.name, state) for kind in repository.kinds for state in kind.lifecycle.states
              if (kind.name, state) not in used]
    assert unused == []


def test_every_reference_field_is_exercised(repository) -> None:  # type: ignore[no-untyped-def]
    used = {(ref.source.kind.name, ref.relation) for record in repository.records for ref in references_of(record)}
    unused = [(kind.name, field.name) for kind in repository.kinds for field in kind.references
              if (kind.name, field.name) not in used]
    assert unused == []


def test_records_span_six_months(repository) -> None:  # type: ignore[no-untyped-def]
    months = {record.data["opened_at"][:7] for record in repository.of_kind("incident")}
    assert len(months) >= 6


def test_every_record_file_carries_the_editor_modeline(repository) -> None:  # type: ignore[no-untyped-def]
    missing = [record.path for record in repository.records if not record.kind.is_document
               and not record.text.startswith(f"# yaml-language-server: $schema=../../schemas/{record.kind.schema_file}")]
    assert missing == []
