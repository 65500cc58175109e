"""`opsbook export sqlite`: the example repository as an SQLite database. The README's three
example queries run against it and give the answers `opsbook report` gives."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from opsbook.graph import references_of
from opsbook.load import open_repository
from support import ROOT, run

AS_OF = ("--as-of", "2030-01-01")  # after every record: the report's period covers them all


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("sqlite") / "opsbook.db"
    result = run("export", "sqlite", str(path), "--root", str(ROOT))
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def readme_queries() -> dict[str, str]:
    """The SQL blocks of the README's SQLite section, by the sentence introducing each."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### SQLite", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"```sql\n(.*?)```", section, flags=re.DOTALL)
    return {text.strip().split("\n\n")[-1]: sql for text, sql in zip(parts[::2], parts[1::2])}


def report(*args: str) -> dict[str, list[dict]]:
    result = run("report", *args, "--root", str(ROOT), "--format", "json", *AS_OF)
    assert result.exit_code == 0, result.output
    return {table["name"]: table["rows"] for table in json.loads(result.output)["tables"]}


def query(db: sqlite3.Connection, start: str) -> list[sqlite3.Row]:
    queries = readme_queries()
    assert len(queries) == 3, list(queries)
    return db.execute(next(sql for intro, sql in queries.items() if intro.startswith(start))).fetchall()


def test_open_p1_incidents_by_service_match_the_report(db: sqlite3.Connection) -> None:
    rows = query(db, "Open P1 incidents by service")
    assert rows, "the example repository has an open P1 incident"
    p1 = {r["priority"]: r for r in report("incidents")["mttr-priority"]}["P1"]
    assert sum(r["open_p1"] for r in rows) == p1["open"]
    for row in rows:
        per_service = {r["priority"]: r for r in report("incidents", "--service", row["service"])["mttr-priority"]}
        assert row["open_p1"] == per_service["P1"]["open"], row["service"]


def test_mttr_by_month_matches_the_report(db: sqlite3.Connection) -> None:
    rows = query(db, "MTTR by month")
    months = {r["month"]: r for r in report("incidents")["mttr-month"] if r["month"] not in ("all", "-")}
    assert [r["month"] for r in rows] == sorted(months)
    for row in rows:
        assert (row["resolved"], row["mttr_minutes"]) == (months[row["month"]]["resolved"],
                                                          months[row["month"]]["mttr_mean"]), row["month"]


def test_changes_that_caused_incidents_match_the_report(db: sqlite3.Connection) -> None:
    rows = query(db, "Changes that caused incidents")
    assert rows
    failed = {r["change"]: r for r in report("changes")["changes-failed"] if r["caused"]}
    assert {r["change"]: set(r["caused"].split(", ")) for r in rows} == \
        {change: set(r["caused"].split(", ")) for change, r in failed.items()}
    assert all(r["outcome"] == failed[r["change"]]["outcome"] for r in rows)


def test_tables_have_typed_columns_and_every_record(db: sqlite3.Connection) -> None:
    repository = open_repository(ROOT)
    types = {row["name"]: row["type"] for row in db.execute("PRAGMA table_info(incident)")}
    assert (types["id"], types["users_affected"], types["major"], types["resolution_code"]) == (
        "TEXT", "INTEGER", "INTEGER", "TEXT")
    assert {row["name"]: row["type"] for row in db.execute("PRAGMA table_info(asset)")}["cost_purchase"] == "REAL"
    assert db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == len(repository.records)
    for kind in repository.kinds:
        count = db.execute(f'SELECT COUNT(*) FROM "{kind.name}"').fetchone()[0]
        assert count == len(repository.of_kind(kind.name)), kind.name
    incident = repository.of_kind("incident")[0]
    row = db.execute("SELECT * FROM incident WHERE id = ?", (incident.id,)).fetchone()
    assert json.loads(row["data"]) == incident.data
    assert row["opened_at"].endswith("Z")
    assert db.execute("SELECT julianday(?) = julianday(?)", (row["opened_at"], incident.data["opened_at"])).fetchone()[0]


def test_one_table_per_reference_relation_holds_every_reference(db: sqlite3.Connection) -> None:
    repository = open_repository(ROOT)
    for kind in repository.kinds:
        for field in kind.references:
            table = f"{kind.name}_{field.name.replace('.', '_')}"
            stored = set(db.execute(f'SELECT source_id, target_id FROM "{table}"').fetchall())
            expected = {(ref.source.id, ref.target_id) for record in repository.of_kind(kind.name)
                        for ref in references_of(record) if ref.field == field}
            assert {tuple(r) for r in stored} == expected, table


def test_full_text_search_finds_titles_and_text(db: sqlite3.Connection) -> None:
    repository = open_repository(ROOT)
    incident = next(r for r in repository.of_kind("incident") if "mailbox" in r.data.get("description", ""))
    found = {r["id"] for r in db.execute("SELECT id FROM search WHERE search MATCH 'mailbox'")}
    assert incident.id in found
    article = repository.of_kind("kb")[0]
    word = max(re.findall(r"[A-Za-z]{8,}", article.body or ""), key=len)
    assert article.id in {r["id"] for r in db.execute("SELECT id FROM search WHERE text MATCH ?", (word,))}


def test_another_kind_of_file_is_not_overwritten(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", "utf-8")
    result = run("export", "sqlite", str(notes), "--root", str(ROOT))
    assert result.exit_code == 2 and "is not an SQLite database; not overwritten" in result.output
    assert notes.read_text("utf-8") == "keep me"
    database = tmp_path / "again.db"
    assert run("export", "sqlite", str(database), "--root", str(ROOT)).exit_code == 0
    assert run("export", "sqlite", str(database), "--root", str(ROOT)).exit_code == 0  # replaced
