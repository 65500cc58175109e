"""Helpers for the KPI tests: each scenario in tests/kpis/ is a tiny repository (its own
pyproject.toml and hand-written records) assembled with the real schemas and run through
`opsbook report --format json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from opsbook.load import open_repository
from opsbook.validate import validate
from support import assemble, run

KPI_EXAMPLES = Path(__file__).resolve().parent / "kpis"
# Later than every timestamp in the scenarios, so "lies in the future" never fires.
VALIDATED_AT = datetime(2026, 12, 1, tzinfo=UTC)

Rows = list[dict[str, Any]]


def scenario(tmp_path: Path, name: str) -> Path:
    """The scenario's repository, checked to be valid: a KPI of an invalid record proves nothing."""
    root = assemble(tmp_path / name, KPI_EXAMPLES / name)
    problems = [str(d) for d in validate(open_repository(root), now=VALIDATED_AT)]
    assert problems == []
    return root


def report(root: Path, name: str, *options: str) -> dict[str, Rows]:
    """Table name -> rows (as dicts) of `opsbook report NAME --format json`."""
    result = run("report", name, "--root", str(root), "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return {table["name"]: table["rows"] for table in json.loads(result.stdout)["tables"]}


def row(rows: Rows, **match: Any) -> dict[str, Any]:
    """The one row whose columns equal `match`."""
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, rows)
    return found[0]
