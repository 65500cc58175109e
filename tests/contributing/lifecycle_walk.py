"""Walking every lifecycle transition of every kind through the CLI, on copies of the example
records: a small repository per kind (example records in each state and what they reference),
and a breadth-first walk that reaches each state with `opsbook transition` itself."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from opsbook.cli import cli
from opsbook.kinds import Kind
from opsbook.load import open_repository
from opsbook.model import Record
from opsbook.strict_yaml import parse

ROOT = Path(__file__).resolve().parents[2]
MENTION = re.compile(r"\b[A-Z]{2,5}-[0-9]{4,}\b")
STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}(?:[+-][0-9]{2}:[0-9]{2}|Z)")

# What a state needs that only a person can say, given with --set when the record lacks it.
SUPPLIES: dict[tuple[str, str], dict[str, str]] = {
    ("incident", "resolved"): {"resolution": "resolution.code=fixed"},
    ("incident", "closed"): {"resolution": "resolution.code=fixed",
                             "post_incident_review": "post_incident_review={date: 2026-11-30, summary: Reviewed}"},
    ("change", "scheduled"): {"planned_start": "planned_start=2027-03-01T22:00:00+01:00",
                              "planned_end": "planned_end=2027-03-01T23:00:00+01:00",
                              "implementation_plan": "implementation_plan=Do it",
                              "backout_plan": "backout_plan=Undo it"},
    ("change", "review"): {"outcome": "outcome=successful"},
    ("project", "planning"): {"baseline": "baseline={start: 2026-01-05, finish: 2026-12-18, budget: 1000}"},
    ("problem", "closed"): {"resolution_code": "resolution_code=fixed"},
}
APPROVAL = "approvals+={by: CAB, role: CAB, decision: approved, at: '%s'}"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def kind_repository(kind: Kind, target: Path) -> list[Record]:
    """The example records of `kind`, one per state (and change type), with the records they
    mention, copied to `target` with the schemas and configuration."""
    examples = open_repository(ROOT)
    seeds: dict[tuple[object, ...], Record] = {}
    for record in examples.of_kind(kind.name):
        seeds.setdefault((record.status, record.data.get("type")), record)
    wanted, queue = set(), [r.id for r in seeds.values()]
    while queue:
        record = examples.by_id.get(queue.pop())
        if record is None or record.id in wanted:
            continue
        wanted.add(record.id)
        queue += MENTION.findall((ROOT / record.path).read_text("utf-8"))
    for record_id in wanted:
        path = examples.by_id[record_id].path
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, target / path)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    shutil.copyfile(ROOT / "pyproject.toml", target / "pyproject.toml")
    return list(seeds.values())


def moment_after(text: str, now: datetime) -> str:
    """A minute after the latest moment the record holds that is not in the future."""
    moments = [datetime.fromisoformat(m) for m in STAMP.findall(text)]
    past = [m for m in moments if m <= now]
    latest = max(past, default=now - timedelta(days=1))
    return (latest + timedelta(minutes=1)).isoformat()


@dataclass(frozen=True)
class Step:
    record_id: str
    before: str  # state
    after: str
    arguments: tuple[str, ...]


def supplies(kind: Kind, data: dict[str, object], state: str, at: str) -> Iterator[str]:
    for field, argument in SUPPLIES.get((kind.name, state), {}).items():
        if field == "post_incident_review" and data.get("major") is not True:
            continue
        if field not in data:
            yield argument
    if kind.name == "change" and state in {"scheduled", "implement", "review", "closed"}:
        approvals = data.get("approvals") or []
        if not any(isinstance(a, dict) and a.get("decision") == "approved" for a in approvals):
            yield APPROVAL % at


def top_level_blocks(text: str, names: set[str]) -> str:
    """The text without the lines of the top-level fields `names` (a key line and every
    indented or continued line under it): what a transition must leave byte for byte."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        top = line[:1] not in (" ", "#", "\n", "-") and ":" in line
        if top:
            skipping = line.split(":", 1)[0] in names
        if not skipping:
            kept.append(line)
    return "".join(kept)


def changed_fields(before: str, after: str) -> set[str]:
    old, new = parse(before), parse(after)
    return {name for name in {*old, *new} if old.get(name) != new.get(name)}
