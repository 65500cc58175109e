"""YAML the spec refuses is refused whichever libyaml is installed: every error case of the public
yaml-test-suite is a `yaml-*` finding at a position in its file, never a schema finding. And
values decoded from escapes are held to the same rules as the raw text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from support import run

sys.path.insert(0, str(Path(__file__).parent / "yamlsuite"))
from fetch import cases

ERROR_CASES = [(name, case["yaml"]) for name, case in cases() if case.get("fail")]
VALID_CASES = [(name, case["yaml"]) for name, case in cases() if not case.get("fail")]


def _validate(repo: Path) -> dict[str, list[dict[str, object]]]:
    result = run("validate", "--root", str(repo), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[dict[str, object]]] = {}
    for diagnostic in json.loads(result.stdout)["diagnostics"]:
        found.setdefault(str(diagnostic["path"]), []).append(diagnostic)
    return found


def test_the_suite_has_its_error_cases() -> None:
    assert len(ERROR_CASES) >= 90


def test_every_error_case_of_the_yaml_test_suite_is_refused_as_yaml(base_repo: Path) -> None:
    files = {}
    for number, (name, text) in enumerate(ERROR_CASES, start=9000):
        path = f"records/services/SVC-{number}.yaml"
        (base_repo / path).write_text(text, "utf-8")
        files[path] = (name, text)
    found = _validate(base_repo)
    for path, (name, text) in files.items():
        findings = found.get(path, [])
        assert findings, f"{name} was accepted: {text!r}"
        assert all(str(f["code"]).startswith(("yaml-", "file-")) for f in findings), (name, findings)
        lines = text.count("\n") + 2
        assert all(1 <= int(f["line"]) <= lines and int(f["column"]) >= 1 for f in findings), (name, findings)


def test_the_spec_checks_refuse_no_valid_case_of_the_suite(base_repo: Path) -> None:
    """The checks added for libyaml's gaps must not refuse YAML the spec allows (the suite's
    valid cases may still be refused for what a record never needs: anchors, tags, lists...)."""
    for number, (_, text) in enumerate(VALID_CASES, start=9000):
        (base_repo / f"records/services/SVC-{number}.yaml").write_text(text, "utf-8")
    for path, findings in _validate(base_repo).items():
        for finding in findings:
            message = str(finding["message"])
            assert not ("indented with spaces" in message or "space before its '#'" in message
                        or "leading empty line" in message), (path, finding)


@pytest.mark.parametrize(("text", "line", "column"), [
    ('title: "Checkout down"# comment\n', 1, 23),
    ("description: |# comment\n  text\n", 1, 14),
    ('title: "Checkout\ndown"\n', 2, 1),
    ("tags: [a,\nb]\n", 2, 1),
    ('title: "Checkout\n\tdown"\n', 2, 1),
    ("description: >\n \n   \n  text\n", 4, 3),
])
def test_spec_errors_libyaml_accepts_are_refused_at_their_position(
        base_repo: Path, text: str, line: int, column: int) -> None:
    path = base_repo / "records/services/SVC-0001.yaml"
    path.write_text("id: SVC-0001\nstatus: live\n" + text, "utf-8")
    findings = _validate(base_repo)["records/services/SVC-0001.yaml"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("yaml-syntax", line + 2, column)]


@pytest.mark.parametrize("escaped", [
    r"\n::error file=x::forged\u202e", r"\e[31m", r"\x0c", r"\u0000", r"\u202e", r"\x85",
    r"\ufeff",
])
def test_control_characters_written_as_escapes_are_refused_at_the_value(base_repo: Path, escaped: str) -> None:
    path = base_repo / "records/services/SVC-0001.yaml"
    path.write_text(f'id: SVC-0001\nstatus: live\ntitle: "Checkout {escaped}"\n', "utf-8")
    findings = _validate(base_repo)["records/services/SVC-0001.yaml"]
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [("yaml-control-char", 3, 8)]


def test_line_breaks_stay_allowed_where_the_text_shows_them(base_repo: Path) -> None:
    path = base_repo / "records/services/SVC-0001.yaml"
    text = path.read_text("utf-8")
    extra = 'description: |\n  First line.\n  Second line.\nnotes: "folded\n\n  over lines, tab\\there"\n'
    path.write_text(text + extra, "utf-8")
    findings = _validate(base_repo).get("records/services/SVC-0001.yaml", [])
    assert not [f for f in findings if str(f["code"]).startswith("yaml-")]
