"""Failures outside the records (a broken schema, an unreadable file, a full disk) end
`opsbook validate`, `opsbook build` and `mkdocs build` with a one-line cause and a non-zero
exit; a traceback only when asked for (`opsbook --debug`, `mkdocs --verbose`)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import HERE, make_repository
from support import run

FULL_DISK = HERE.parent / "hostile" / "full_disk"


def _run(root: Path, *argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *argv], cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, check=False)


COMMANDS = {
    "opsbook validate": ("opsbook", "validate"),
    "opsbook build": ("opsbook", "build"),
    "mkdocs build": ("mkdocs", "build", "--strict"),
}


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if "rror" in line and "Aborted with a BuildError" not in line]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_broken_schema_is_one_line_naming_it(tmp_path: Path, command: str) -> None:
    root = make_repository(tmp_path / "repo")
    schema = root / "schemas/incident.schema.json"
    schema.write_text(schema.read_text("utf-8").replace('"type": "object"', '"type": "objekt"', 1), "utf-8")
    done = _run(root, *COMMANDS[command])
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = _errors(done.stderr)
    assert len(errors) == 1 and "schemas/incident.schema.json: /type:" in errors[0], done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_files_are_refused_and_the_rest_still_checked(tmp_path: Path, command: str) -> None:
    root = make_repository(tmp_path / "repo")
    os.mkfifo(root / "records/incidents/INC-0009.yaml")
    (root / "kb/KB-0009-folder.md").mkdir()
    (root / "records/incidents/INC-0008.yaml").write_text("id: INC-0008\ntitle: x\nstatus: nope\n", "utf-8")
    done = _run(root, *COMMANDS[command])
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "records/incidents/INC-0009.yaml:1:1: error: not a regular file [file-unreadable]" in output
    assert "kb/KB-0009-folder.md:1:1: error: not a regular file [file-unreadable]" in output
    assert "records/incidents/INC-0008.yaml:3:9: error:" in output


def test_a_file_the_system_refuses_to_read_is_a_diagnostic(base_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refused = (base_repo / "records/services/SVC-0002.yaml").resolve()
    read_bytes = Path.read_bytes

    def deny(path: Path) -> bytes:
        if path.resolve() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1
    assert "records/services/SVC-0002.yaml:1:1: error: cannot read file: Permission denied [file-unreadable]" \
        in result.stdout


@pytest.mark.parametrize("command", ["opsbook build", "mkdocs build"])
def test_a_full_disk_during_the_build_is_one_line_and_exit_1(tmp_path: Path, command: str) -> None:
    root = make_repository(tmp_path / "repo")
    env = {"PYTHONPATH": str(FULL_DISK), "OPSBOOK_TEST_FULL_DISK": str(root / "site")}
    done = _run(root, *COMMANDS[command], env=env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in _errors(done.stderr) if "No space left on device" in line]
    assert errors and all(line.count("\n") == 0 for line in errors), done.stderr
    assert done.stderr.count("Error: opsbook: No space left on device") == 1, done.stderr


def test_a_full_disk_shows_a_traceback_with_debug(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    env = {"PYTHONPATH": str(FULL_DISK), "OPSBOOK_TEST_FULL_DISK": str(root / "site")}
    done = _run(root, "opsbook", "--debug", "build", env=env)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "OSError: [Errno 28]" in done.stderr


def test_a_records_folder_that_is_a_file_is_one_line(base_repo: Path) -> None:
    shutil.rmtree(base_repo / "records/services")
    (base_repo / "records/services").write_text("not a folder", "utf-8")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
