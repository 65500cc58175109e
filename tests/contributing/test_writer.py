"""The one YAML writer: every example record comes back byte for byte, an edit changes only
its own lines, and what is written always reads back as the data given."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pytest
from opsbook.load import open_repository
from opsbook.load.repository import split_front_matter
from opsbook.model import Record
from opsbook.writer import WriteRefused, record_text
from opsbook.writer.roundtrip import dump, load_layout

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = open_repository(ROOT)
RECORDS = sorted(EXAMPLES.records, key=lambda r: r.path)


def _text(record: Record) -> str:
    return (ROOT / record.path).read_bytes().decode("utf-8")


@pytest.mark.parametrize("record", RECORDS, ids=[r.path for r in RECORDS])
def test_every_example_record_round_trips_byte_for_byte(record: Record) -> None:
    text = _text(record)
    front = split_front_matter(text)[0] if record.kind.is_document else text
    # Through ruamel's round trip itself, not only the writer's "nothing changed" shortcut.
    assert dump(load_layout(front), front) == front
    assert record_text(record.kind, record.path, copy.deepcopy(record.data), previous=text) == text


@pytest.mark.parametrize("record", RECORDS, ids=[r.path for r in RECORDS])
def test_an_edit_changes_only_its_own_line(record: Record) -> None:
    text = _text(record)
    data = {**record.data, "title": record.title + " (edited)"}
    written = record_text(record.kind, record.path, data, previous=text)
    changed = [line for line in difflib.ndiff(text.splitlines(), written.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and changed[0].startswith("- title:") and changed[1].startswith("+ title:")


def test_new_values_follow_the_house_style() -> None:
    kind = EXAMPLES.kinds["incident"]
    data = {"id": "INC-0100", "title": "Upgrade: PostgreSQL", "status": "new", "service": "SVC-0001",
            "impact": "high", "urgency": "low", "opened_at": "2026-05-03T14:20:00+02:00",
            "description": "Two\nlines\n", "assets": ["AST-0001"], "users_affected": 3, "category": "yes"}
    text = record_text(kind, "records/incidents/INC-0100.yaml", data, schema_path="schemas/incident.schema.json")
    assert text.splitlines() == [
        "# yaml-language-server: $schema=../../schemas/incident.schema.json",
        "id: INC-0100", 'title: "Upgrade: PostgreSQL"', "status: new", "description: |", "  Two", "  lines",
        "service: SVC-0001", "assets:", "  - AST-0001", "impact: high", "urgency: low", "category: yes",
        'opened_at: "2026-05-03T14:20:00+02:00"', "users_affected: 3"]


def test_comments_blank_lines_and_quoting_survive_an_edit() -> None:
    kind = EXAMPLES.kinds["service"]
    text = ("# yaml-language-server: $schema=../../schemas/service.schema.json\n"
            "id: SVC-0100  # permanent\n\n# Who runs it\ntitle: 'Payments'\nstatus: pipeline\n"
            "tags:\n- a  # first\n- b\n")
    data = {"id": "SVC-0100", "title": "Payments", "status": "live", "tags": ["a", "b", "c"]}
    written = record_text(kind, "records/services/SVC-0100.yaml", data, previous=text)
    assert written == text.replace("status: pipeline", "status: live") + "- c\n"


def test_text_that_would_not_read_back_is_refused() -> None:
    kind = EXAMPLES.kinds["service"]
    with pytest.raises(WriteRefused):
        record_text(kind, "records/services/SVC-0100.yaml", {"id": "SVC-0100", "title": "\ud800"})
