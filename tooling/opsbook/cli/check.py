"""`opsbook check --base REF`: the pull-request gate, the working tree against its base."""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import (
    WorkflowFailure,
    base_option,
    open_at,
    resolve_base,
)
from opsbook.diagnostics import Diagnostic
from opsbook.reporters import (
    REPORTERS,
    default_format,
    github_annotations,
    markdown_summary,
    report_text,
)
from opsbook.workflow.changeset import RecordChange, change_set, render_markdown, render_text
from opsbook.workflow.compare import compare
from opsbook.workflow.gate import gate
from opsbook.workflow.git import GitError


@dataclass(frozen=True)
class CheckOptions:
    base: str | None
    output_format: str
    summary_md: Path | None
    root: Path | None


def run_check(options: CheckOptions) -> int:
    repository, git = open_at(options.root)
    base = resolve_base(git, options.base)
    try:
        comparison = compare(git, repository, base)
    except GitError as exc:
        raise WorkflowFailure(str(exc)) from None
    diagnostics = gate(comparison)
    changes = change_set(comparison)
    REPORT[options.output_format](diagnostics, comparison.checked, changes, base, sys.stdout)
    markdown = markdown_summary(diagnostics, comparison.checked, "opsbook check") + "\n" + render_markdown(changes, base)
    if options.summary_md:
        options.summary_md.write_text(markdown, encoding="utf-8")
    if os.environ.get("GITHUB_ACTIONS") == "true" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(markdown)
    return 1 if any(d.is_error for d in diagnostics) else 0


def _text(diagnostics: list[Diagnostic], checked: int, changes: list[RecordChange], base: str, out: IO[str]) -> None:
    out.write(render_text(changes, base))
    report_text(diagnostics, checked, out)


def _json(diagnostics: list[Diagnostic], checked: int, changes: list[RecordChange], base: str, out: IO[str]) -> None:
    buffer = io.StringIO()
    REPORTERS["json"](diagnostics, checked, buffer)
    document = {**json.loads(buffer.getvalue()), "base": base, "changes": [c.as_dict() for c in changes]}
    json.dump(document, out, indent=2)
    out.write("\n")


def _github(diagnostics: list[Diagnostic], checked: int, changes: list[RecordChange], base: str, out: IO[str]) -> None:
    github_annotations(diagnostics, out)  # the step summary is written by run_check, with the change set
    _text(diagnostics, checked, changes, base, out)


REPORT = {"text": _text, "json": _json, "github": _github}


@click.command()
@base_option
@click.option("--format", "output_format", type=click.Choice(sorted(REPORT)), default=None,
              help="Output format; 'github' is chosen automatically under GitHub Actions.")
@click.option("--summary-md", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the findings and the change set as Markdown to this file.")
@root_option
def check(base: str | None, output_format: str | None, summary_md: Path | None, root: Path | None) -> None:
    """Check the working tree against a base revision, as a pull-request gate.

    Refuses deleted or renamed records, changed IDs, lifecycle moves the schemas do not allow,
    changes to fields frozen in the record's state, and IDs added on this branch that the base
    already uses. Prints the change set in record terms; under GitHub Actions it is also
    appended to the step summary.

    Exit status: 0 clean, 1 refused, 2 usage or configuration error.

    \b
    Examples:
      opsbook check --base origin/main
      opsbook check --base origin/main --summary-md change-set.md
      opsbook check --format json | jq '.changes'
    """
    sys.exit(run_check(CheckOptions(base, output_format or default_format(), summary_md, root)))
