"""Output formats for diagnostics; REPORTERS is the registry the CLI offers."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from typing import IO

from opsbook.ci_text import escape_data, escape_property, github_plain, markdown_code, markdown_text
from opsbook.diagnostics import Diagnostic


def summary_line(diagnostics: list[Diagnostic], checked: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    if not diagnostics:
        return f"{checked} files checked: no problems"
    return (f"{checked} files checked: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)} in {files} file{'s' * (files != 1)}")


def report_text(diagnostics: list[Diagnostic], checked: int, out: IO[str]) -> None:
    for diagnostic in diagnostics:
        out.write(f"{diagnostic}\n")
    out.write(summary_line(diagnostics, checked) + "\n")


def report_json(diagnostics: list[Diagnostic], checked: int, out: IO[str]) -> None:
    document = {
        "diagnostics": [
            {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity.value,
             "code": d.code, "message": d.message}
            for d in diagnostics
        ],
        "summary": {"files": checked, "errors": sum(d.is_error for d in diagnostics),
                    "warnings": sum(not d.is_error for d in diagnostics)},
    }
    json.dump(document, out, indent=2)
    out.write("\n")


def report_github(diagnostics: list[Diagnostic], checked: int, out: IO[str]) -> None:
    """Workflow commands for annotations, plus the full list in the step summary, because
    GitHub shows only the first ten annotations of each kind per step. The plain lines are
    data: none may start a workflow command."""
    github_annotations(diagnostics, out)
    plain = io.StringIO()
    report_text(diagnostics, checked, plain)
    out.write(github_plain(plain.getvalue()))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(markdown_summary(diagnostics, checked))


def github_annotations(diagnostics: list[Diagnostic], out: IO[str]) -> None:
    for d in diagnostics:
        properties = ",".join(f"{name}={escape_property(str(value))}" for name, value in
                              (("file", d.path), ("line", d.line), ("col", d.column), ("title", d.code)))
        out.write(f"::{d.severity.value} {properties}::{escape_data(d.message)}\n")


def markdown_summary(diagnostics: list[Diagnostic], checked: int, title: str = "opsbook validate") -> str:
    lines = [f"## {title}", "", summary_line(diagnostics, checked), ""]
    if diagnostics:
        lines += ["| Location | Severity | Code | Message |", "| --- | --- | --- | --- |"]
        lines += [f"| {markdown_code(f'{d.path}:{d.line}:{d.column}')} | {d.severity.value} | "
                  f"{markdown_code(d.code)} | {markdown_text(d.message)} |" for d in diagnostics]
    return "\n".join(lines) + "\n"


Reporter = Callable[[list[Diagnostic], int, IO[str]], None]
REPORTERS: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
