"""`opsbook import csv` writes through the one writer: an update changes the lines of the
fields it maps and keeps the author's comments and layout."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from support import assemble, run

SAMPLES = Path(__file__).resolve().parents[1] / "interop"
ZONE = ("--timezone", "Europe/Berlin")


def test_an_update_keeps_comments_and_changes_only_mapped_lines(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    first = run("import", "csv", str(SAMPLES / "servicenow_incident.csv"), "--kind", "incident",
                "--root", str(repo), "--format", "json", *ZONE)
    outcome = next(o for o in json.loads(first.output)["outcomes"] if o["external_id"] == "INC0010233")
    path = repo / outcome["path"]
    edited = path.read_text("utf-8").replace("\nimpact:", "\n# Agreed with the service owner\nimpact:", 1)
    edited = edited.replace("\nurgency: medium", "\nurgency: medium  # for now", 1)
    path.write_text(edited, "utf-8")
    later = tmp_path / "later.csv"
    text = (SAMPLES / "servicenow_incident.csv").read_text("utf-8")
    later.write_text(text.replace('"In Progress","2 - Medium","2 - Medium"', '"On Hold","2 - Medium","1 - High"'),
                     "utf-8")
    result = run("import", "csv", str(later), "--kind", "incident", "--root", str(repo), *ZONE)
    assert "updated" in result.output
    after = path.read_text("utf-8")
    # An end-of-line comment keeps its column (ruamel.yaml aligns it as the author had it).
    changed = [" ".join(line.split()) for line in difflib.ndiff(edited.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert "# Agreed with the service owner" in after
    assert sorted(changed) == sorted(["- status: in_progress", "+ status: on_hold",
                                      "- urgency: medium # for now", "+ urgency: high # for now"])
