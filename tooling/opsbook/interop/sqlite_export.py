"""`opsbook export sqlite FILE`: the records as an SQLite database for SQL and tools such as
Datasette.

- `records`: every record (id, kind, title, status, is_open, updated, path);
- one table per kind (`incident`, `change`, ...; see `sqlite_tables`), with `data` holding
  the record as written, and for incidents the KPI facts `opsbook report` uses: `priority`
  (from impact and urgency), `impact_started_at` (started_at, else detected_at, else
  opened_at), `kpi_resolved_at` (none while open) and `kpi_month` (the month the impact
  started, in the service's time zone);
- one table per reference relation (`incident_caused_by_change`: source_id, target_id);
- `search`: an FTS5 full-text index of titles and text (descriptions, notes, KB bodies).

The database is written to a temporary file beside FILE and moved over it when complete.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

from opsbook.graph import references_of
from opsbook.interop.api import last_change
from opsbook.interop.sqlite_tables import Column, KindTable, RelationTable, kind_table, quoted
from opsbook.kpis.facts import incident_month, incidents
from opsbook.model import Record, Repository
from opsbook.moments import instant

SQLITE_HEADER = b"SQLite format 3\x00"
INCIDENT_FACTS = (("priority", "TEXT"), ("impact_started_at", "TEXT"), ("kpi_resolved_at", "TEXT"),
                  ("kpi_month", "TEXT"))


class ExportRefused(ValueError):
    """FILE cannot be written (it is something other than an SQLite database)."""


def export_sqlite(repository: Repository, target: Path) -> dict[str, int]:
    """Writes the database; returns the number of rows per table."""
    if target.exists() and target.stat().st_size and not target.read_bytes()[:16] == SQLITE_HEADER:
        raise ExportRefused(f"{target} exists and is not an SQLite database; not overwritten")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        with connection:
            counts = _fill(connection, repository)
    finally:
        connection.close()
    os.replace(partial, target)
    return counts


def _fill(db: sqlite3.Connection, repository: Repository) -> dict[str, int]:
    counts = {"records": _records(db, repository)}
    for kind in repository.kinds:
        table = kind_table(repository.kinds, kind)
        counts[table.name] = _kind_rows(db, repository, table)
        for field in kind.references:
            relation = RelationTable(kind, field)
            counts[relation.name] = _relation_rows(db, repository, relation)
    counts["search"] = _search(db, repository)
    return counts


def _records(db: sqlite3.Connection, repository: Repository) -> int:
    db.execute("CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT, status TEXT, "
               "is_open INTEGER, updated TEXT, path TEXT NOT NULL)")
    rows = [(r.id, r.kind.name, r.title, r.status, _is_open(r), _utc(last_change(r)), r.path)
            for r in _unique(repository)]
    db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("CREATE INDEX records_kind ON records (kind, status)")
    return len(rows)


def _kind_rows(db: sqlite3.Connection, repository: Repository, table: KindTable) -> int:
    columns = [*((c.name, c.sql_type) for c in table.columns), ("is_open", "INTEGER"), ("data", "TEXT")]
    facts = _incident_facts(repository) if table.name == "incident" else None
    if facts is not None:
        columns += INCIDENT_FACTS
    body = ", ".join(f"{quoted(name)} {sql_type}" + (" PRIMARY KEY" if name == "id" else "")
                     for name, sql_type in columns)
    db.execute(f"CREATE TABLE {quoted(table.name)} ({body})")
    rows = []
    for record in _unique(repository, table.name):
        row = [_value(record.data, column) for column in table.columns]
        row += [_is_open(record), json.dumps(record.data, ensure_ascii=False)]
        if facts is not None:
            row += facts.get(record.id, (None,) * len(INCIDENT_FACTS))
        rows.append(row)
    marks = ", ".join("?" * len(columns))
    db.executemany(f"INSERT INTO {quoted(table.name)} VALUES ({marks})", rows)
    return len(rows)


def _relation_rows(db: sqlite3.Connection, repository: Repository, relation: RelationTable) -> int:
    name = quoted(relation.name)
    db.execute(f"CREATE TABLE {name} (source_id TEXT NOT NULL, target_id TEXT NOT NULL, "
               f"PRIMARY KEY (source_id, target_id))")
    rows = {(ref.source.id, ref.target_id) for record in _unique(repository, relation.kind.name)
            for ref in references_of(record) if ref.field == relation.field}
    db.executemany(f"INSERT INTO {name} VALUES (?, ?)", sorted(rows))
    db.execute(f"CREATE INDEX {quoted(relation.name + '_target')} ON {name} (target_id)")
    return len(rows)


def _search(db: sqlite3.Connection, repository: Repository) -> int:
    db.execute("CREATE VIRTUAL TABLE search USING fts5 (id UNINDEXED, kind UNINDEXED, title, text, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    rows = [(r.id, r.kind.name, r.title, "\n\n".join(_texts(repository, r))) for r in _unique(repository)]
    db.executemany("INSERT INTO search VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def _texts(repository: Repository, record: Record) -> Iterator[str]:
    """The record's prose, at any depth: strings with a space in them (IDs, states, codes and
    timestamps have none), and a KB article's body."""
    yield from _prose(record.data)
    if record.body:
        yield record.body


def _prose(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "title":
                yield from _prose(item)
    elif isinstance(value, list):
        for item in value:
            yield from _prose(item)
    elif isinstance(value, str) and " " in value.strip():
        yield value


def _incident_facts(repository: Repository) -> dict[str, tuple[Any, ...]]:
    return {i.id: (i.priority, _utc_moment(i.started), _utc_moment(i.resolved), incident_month(repository, i))
            for i in incidents(repository)}


def _unique(repository: Repository, kind: str | None = None) -> list[Record]:
    """Each ID once (a repository with a duplicate ID is invalid, but still exported)."""
    seen: set[str] = set()
    chosen = []
    for record in repository.of_kind(kind) if kind else repository.records:
        if record.id not in seen:
            seen.add(record.id)
            chosen.append(record)
    return chosen


def _value(data: dict[str, Any], column: Column) -> Any:
    value: Any = data
    for step in column.path:
        value = value.get(step) if isinstance(value, dict) else None
    if value is None:
        return None
    if column.shape == "timestamp":
        return _utc(value) or str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return int(value) if isinstance(value, bool) else value


def _is_open(record: Record) -> int | None:
    lifecycle = record.kind.lifecycle
    return None if lifecycle is None or record.status is None else int(lifecycle.is_open(record.status))


def _utc(value: Any) -> str | None:
    return _utc_moment(instant(value))


def _utc_moment(moment: Any) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None
