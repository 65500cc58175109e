"""Property tests: records with extreme numbers, dates at the ends of the range (and past them)
and deep structures never crash a command. Every command exits 0 or 1, never 3 (internal
error); validation refuses what the schemas bound, at the value's own line."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from sitebuild import make_repository, mkdocs_build
from support import run

# The reports that read the most dates and numbers (the summary reads every other one's figures).
REPORTED = ["summary", "availability", "sla", "status", "projects"]

TIMESTAMPS = ["1900-01-01T00:00:00+14:00", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59-12:00",
              "2199-12-31T23:59:59Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
              "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z"]
DAYS = ["1900-01-01", "2199-12-31", "0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"]
NUMBERS = [0, 1, -1, 1000, 1001, 10_000, 36_500, 5_256_000, 200_000_000, 10**12, 10**15, -(10**15),
           2**63, 10**30, 1e308, 0.5]
OUT_OF_RANGE_YEAR = ("0001", "9999", "1899", "2200")


def _records(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")
                  if p.parts[-3] == "records")


@contextmanager
def repository() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = make_repository(Path(folder) / "repo")
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A"],
                       cwd=root, check=True)
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm",
                        "base"], cwd=root, check=True)
        yield root


with tempfile.TemporaryDirectory() as _folder:
    RECORDS = _records(make_repository(Path(_folder) / "repo"))


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*path, index))
    else:
        yield path, value


def _replacement(old: Any, draw: st.DrawFn) -> Any:
    if isinstance(old, bool) or old is None:
        return old
    if isinstance(old, (int, float)):
        return draw(st.sampled_from(NUMBERS))
    if isinstance(old, str) and len(old) >= 16 and old[:4].isdigit() and old[10:11] in "Tt":
        return draw(st.sampled_from(TIMESTAMPS))
    if isinstance(old, str) and len(old) == 10 and old[:4].isdigit() and old[4] == "-":
        return draw(st.sampled_from(DAYS))
    return old


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@st.composite
def extreme_record(draw: st.DrawFn) -> tuple[str, str, bool]:
    """One record of the fixture with some of its numbers and dates pushed to the extremes, and
    maybe a deeply nested value: (relative path, YAML text, whether the schema must refuse it)."""
    record = draw(st.sampled_from(RECORDS))
    with tempfile.TemporaryDirectory() as folder:
        data = yaml.safe_load((make_repository(Path(folder) / "r") / record).read_text("utf-8"))
    changeable = [(path, value) for path, value in _leaves(data) if _replacement(value, lambda s: None) is None
                  or _replacement(value, lambda s: None) != value]
    refused = False
    for path, value in draw(st.lists(st.sampled_from(changeable), max_size=4, unique_by=lambda p: p[0])
                            if changeable else st.just([])):
        new = _replacement(value, draw)
        refused = refused or (isinstance(new, str) and new[:4] in OUT_OF_RANGE_YEAR)
        _set(data, path, new)
    if "recurrence" in data or (record.startswith("records/maintenance/") and draw(st.booleans())):
        data["recurrence"] = {"frequency": draw(st.sampled_from(["daily", "weekly", "monthly"])),
                              "interval": draw(st.sampled_from([1, 1000, 1001, 200_000_000])),
                              "count": draw(st.sampled_from([1, 10_000, 10**9]))}
        refused = refused or data["recurrence"]["interval"] > 1000 or data["recurrence"]["count"] > 10_000
    depth = draw(st.sampled_from([0, 0, 8, 31, 33, 300]))
    if depth:
        data[draw(st.sampled_from(["tags", "extra"]))] = json.loads("[" * depth + "]" * depth)
        refused = True  # a nested list is neither valid tags nor a known field
    return record, yaml.safe_dump(data, sort_keys=False, width=1000, default_flow_style=None), refused


def _commands(record_id: str) -> list[list[str]]:
    commands = [["validate"], ["check", "--base", "main"], ["calendar", "--from", "2026-01-01", "--to",
                "2026-12-31"], ["calendar", "--format", "ics"], ["impact", record_id]]
    return commands + [["report", name, "--as-of", "2026-03-11T12:00:00Z"] for name in REPORTED]


def _assert_positioned(root: Path, output: str) -> None:
    findings = json.loads(output)["diagnostics"]
    assert findings
    for finding in findings:
        assert (root / finding["path"]).exists(), finding
        assert finding["line"] >= 1 and finding["column"] >= 1, finding


# Shrinking re-runs every command many times over (minutes); the failing example is printed as drawn.
@settings(max_examples=10, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(case=extreme_record())
def test_extreme_records_never_crash_a_command(case: tuple[str, str, bool]) -> None:
    record, text, refused = case
    with repository() as root:
        (root / record).write_text(text, "utf-8")
        record_id = Path(record).stem
        for command in _commands(record_id):
            result = run(*command, "--root", str(root))
            # 2 is a usage error: `impact` of a record that could not be loaded.
            assert result.exit_code in (0, 1, 2), (command, result.output)
        result = run("validate", "--root", str(root), "--format", "json")
        assert result.exit_code in (0, 1), result.output
        if refused:
            assert result.exit_code == 1, text
            _assert_positioned(root, result.stdout)


@settings(max_examples=3, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(case=extreme_record())
def test_extreme_records_never_crash_the_site_build(case: tuple[str, str, bool]) -> None:
    record, text, _ = case
    with repository() as root:
        (root / record).write_text(text, "utf-8")
        # Not strict, so that every page of a refused record is still rendered (flagged).
        build = mkdocs_build(root, strict=False)
        assert "Traceback" not in build.stderr and "internal error" not in build.stderr, build.stderr
        assert build.returncode == 0, build.stderr
