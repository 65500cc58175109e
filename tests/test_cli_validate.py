"""`opsbook validate` through the CLI: exit codes, output formats, path selection, configuration errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import run

BAD_SERVICE = "id: SVC-0003\ntitle: Payments\nstatus: liv\n"


def break_one(repo: Path) -> None:
    (repo / "records/services/SVC-0003.yaml").write_text(BAD_SERVICE)


def test_clean_repository_exits_0_with_summary(base_repo: Path) -> None:
    result = run("validate", "--root", str(base_repo), "--format", "text")
    assert result.exit_code == 0
    assert result.stdout == "7 files checked: no problems\n"


def test_invalid_record_exits_1_with_positioned_text(base_repo: Path) -> None:
    break_one(base_repo)
    result = run("validate", "--root", str(base_repo), "--format", "text")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "records/services/SVC-0003.yaml:3:9: error: 'liv' is not one of: pipeline, live, retired; "
        "did you mean 'live'? [schema-enum]",
        "8 files checked: 1 error, 0 warnings in 1 file",
    ]


def test_json_format(base_repo: Path) -> None:
    break_one(base_repo)
    document = json.loads(run("validate", "--root", str(base_repo), "--format", "json").stdout)
    assert document["summary"] == {"files": 8, "errors": 1, "warnings": 0}
    assert document["diagnostics"][0] | {"message": ""} == {
        "path": "records/services/SVC-0003.yaml", "line": 3, "column": 9,
        "severity": "error", "code": "schema-enum", "message": ""}


def test_github_format_is_chosen_under_actions_and_escapes(base_repo: Path, tmp_path: Path) -> None:
    (base_repo / "records/services/SVC-0003.yaml").write_text("id: SVC-0003\ntitle: x\nstatus: 'a%b,c:d'\n")
    summary = tmp_path / "summary.md"
    result = run("validate", "--root", str(base_repo),
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    annotation = result.stdout.splitlines()[0]
    assert annotation.startswith(
        "::error file=records/services/SVC-0003.yaml,line=3,col=9,title=schema-enum::'a%25b,c:d' is not one of")
    assert "| `records/services/SVC-0003.yaml:3:9` | error | `schema-enum` |" in summary.read_text()


def test_github_annotation_properties_escape_colon_comma_and_newlines() -> None:
    from opsbook.reporters import escape_data, escape_property
    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert escape_data("50% done\nnext") == "50%25 done%0Anext"


def test_every_error_reaches_the_log_and_summary_beyond_the_annotation_cap(base_repo: Path, tmp_path: Path) -> None:
    for number in range(3, 18):
        (base_repo / f"records/services/SVC-{number:04d}.yaml").write_text(
            f"id: SVC-{number:04d}\ntitle: x\nstatus: liv\n")
    summary = tmp_path / "summary.md"
    result = run("validate", "--root", str(base_repo), "--format", "github",
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.stdout.count("::error ") == 15
    assert result.stdout.count(": error: ") == 15
    assert summary.read_text().count("`schema-enum`") == 15


def test_paths_narrow_what_is_reported(base_repo: Path) -> None:
    break_one(base_repo)
    (base_repo / "records/assets/AST-0002.yaml").write_text("id: AST-0002\ntitle: x\nstatus: nope\n")
    result = run("validate", "--root", str(base_repo), "--format", "text",
                 str(base_repo / "records/assets"))
    assert result.exit_code == 1
    assert "AST-0002" in result.stdout and "SVC-0003" not in result.stdout


def test_paths_alone_find_the_repository(base_repo: Path) -> None:
    break_one(base_repo)
    result = run("validate", str(base_repo / "records/services/SVC-0003.yaml"), "--format", "text")
    assert result.exit_code == 1
    assert result.stdout.startswith("records/services/SVC-0003.yaml:3:9:")


def test_broken_schema_is_one_line_and_exit_2(base_repo: Path) -> None:
    schema = base_repo / "schemas/service.schema.json"
    schema.write_text(schema.read_text().replace('"type": "object"', '"type": "objekt"', 1))
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("opsbook: configuration error: schemas/service.schema.json: /type: ")


def test_schema_that_is_not_json_is_exit_2(base_repo: Path) -> None:
    (base_repo / "schemas/service.schema.json").write_text("{ not json")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2
    assert "schemas/service.schema.json:1:3: invalid JSON" in result.stderr


def test_unresolvable_schema_reference_is_exit_2(base_repo: Path) -> None:
    schema = base_repo / "schemas/service.schema.json"
    schema.write_text(schema.read_text().replace("defs.schema.json#/definitions/person",
                                                 "defs.schema.json#/definitions/nobody", 1))
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2
    assert "does not resolve" in result.stderr


def test_broken_extension_keyword_is_exit_2(base_repo: Path) -> None:
    schema = base_repo / "schemas/service.schema.json"
    schema.write_text(schema.read_text().replace('"prefix": "SVC"', '"prefix": "svc"', 1))
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2
    assert "schemas/service.schema.json: x-opsbook: /prefix:" in result.stderr


def test_unknown_configuration_key_is_exit_2(base_repo: Path) -> None:
    (base_repo / "pyproject.toml").write_text("[tool.opsbook]\nrecord = 'records'\n")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 2
    assert "unknown [tool.opsbook] setting(s): record" in result.stderr


def test_usage_error_is_exit_2(base_repo: Path) -> None:
    assert run("validate", "--root", str(base_repo), "--format", "xml").exit_code == 2
    assert run("validate", str(base_repo / "no-such-file")).exit_code == 2


def test_required_by_a_condition_inside_a_shared_definition_is_explained(base_repo: Path) -> None:
    # The approval's if/then lives behind a $ref; explaining it once crashed the validator.
    change = base_repo / "records/changes/CHG-0001.yaml"
    change.write_text(change.read_text().replace("    at: 2026-11-20T16:00:00+01:00\n", ""))
    result = run("validate", "--root", str(base_repo), "--format", "text")
    assert result.exit_code == 1
    assert "records/changes/CHG-0001.yaml:16:5: error: missing required field 'at' when decision is " \
           "approved or rejected [schema-required]" in result.stdout


def test_checks_on_every_core_report_what_one_core_reports(
        base_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    break_one(base_repo)  # a schema error
    (base_repo / "records/services/SVC-0004.yaml").write_text(  # a rule error (time order)
        "id: SVC-0004\ntitle: Search\nstatus: live\nowner: Search Team\n")
    (base_repo / "records/incidents/INC-0009.yaml").write_text(
        "id: INC-0009\ntitle: Slow search\nstatus: resolved\nseverity: P3\nservice: SVC-0001\n"
        "opened_at: 2026-03-02T10:00:00+01:00\nresolved_at: 2026-03-01T10:00:00+01:00\n")
    monkeypatch.setenv("OPSBOOK_WORKERS", "1")
    serial = run("validate", "--root", str(base_repo), "--format", "json").stdout
    monkeypatch.setenv("OPSBOOK_WORKERS", "3")
    monkeypatch.setattr("opsbook.validate.MIN_RECORDS_PER_WORKER", 1)
    monkeypatch.setattr("opsbook.load.parallel.MIN_FILES_PER_WORKER", 1)  # checked where parsed
    spread = run("validate", "--root", str(base_repo), "--format", "json").stdout
    codes = {d["code"] for d in json.loads(serial)["diagnostics"]}
    assert {"schema-enum", "time-order"} <= codes
    assert spread == serial


def test_a_valid_repository_is_checked_without_importing_the_explainer(base_repo: Path) -> None:
    """jsonschema (a tenth of a second to import, on every run in CI) words what is invalid;
    the compiled check decides validity, so a clean run never needs it."""
    probe = ("import sys\nfrom opsbook.cli import cli\ntry:\n    cli(['validate', '--root', sys.argv[1]])\n"
             "except SystemExit as exit:\n    print(exit.code, 'jsonschema' in sys.modules, 'referencing' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(base_repo)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "0 False False", result.stdout + result.stderr
    break_one(base_repo)
    result = subprocess.run([sys.executable, "-c", probe, str(base_repo)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "1 True True"
