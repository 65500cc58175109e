"""Hand-made repositories for the calendar, conflict and impact tests: the real schemas, a
pyproject with [tool.opsbook], and records written out line by line so positions are known.

Each record is given without its `id` line, which `handmade` adds as line 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from support import SCHEMAS, run

FOLDERS = {"AST": "assets", "SVC": "services", "CHG": "changes", "MW": "maintenance",
           "REL": "releases", "SLA": "slas", "INC": "incidents"}


def handmade(tmp_path: Path, records: dict[str, str], settings: str = "") -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SCHEMAS, root / "schemas")
    (root / "pyproject.toml").write_text('[tool.opsbook]\nrecords = "records"\n' + settings, "utf-8")
    for record_id, body in records.items():
        write(root, record_id, body)
    return root


def write(root: Path, record_id: str, body: str) -> Path:
    folder = root / "records" / FOLDERS[record_id.split("-")[0]]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    path.write_text(f"id: {record_id}\n{body}", "utf-8")
    return path


def asset(title: str, **links: Any) -> str:
    """An operational asset; list links as lists, single ones (runs_on, hosted_on) as strings."""
    return f"title: {title}\nstatus: operational\n" + "".join(
        f"{name}: {json.dumps(value)}\n" for name, value in links.items())


def service(title: str, **fields: Any) -> str:
    return f"title: {title}\nstatus: live\n" + "".join(
        f"{name}: {json.dumps(value)}\n" for name, value in fields.items())


def change(start: str, end: str, *, status: str = "authorize", type: str = "normal", **items: list[str]) -> str:
    """A change whose planned_start is on line 5, column 16."""
    return (f"title: Change\nstatus: {status}\ntype: {type}\nplanned_start: \"{start}\"\n"
            f"planned_end: \"{end}\"\n" + "".join(f"{name}: {json.dumps(v)}\n" for name, v in items.items()))


def window(start: str, end: str, *, type: str = "maintenance", timezone: str | None = None,
           recurrence: dict[str, Any] | None = None, status: str = "scheduled", **scope: list[str]) -> str:
    """A window whose start is on line 5."""
    text = (f"title: Window\nstatus: {status}\ntype: {type}\nstart: \"{start}\"\nend: \"{end}\"\n")
    if timezone:
        text += f"timezone: {timezone}\n"
    if recurrence:
        text += f"recurrence: {json.dumps(recurrence)}\n"
    return text + "".join(f"{name}: {json.dumps(v)}\n" for name, v in scope.items())


def diagnostics(root: Path, *codes: str) -> list[str]:
    """`opsbook validate` lines, without the summary; only those with `codes` if given."""
    lines = run("validate", "--root", str(root), "--format", "text").stdout.splitlines()[:-1]
    return [line for line in lines if not codes or any(line.endswith(f"[{code}]") for code in codes)]


def calendar_json(root: Path, *args: str) -> list[dict[str, Any]]:
    result = run("calendar", "--root", str(root), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["events"]
