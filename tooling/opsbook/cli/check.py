"""`opsbook check --base REF`: the pull-request gate, the working tree against its base, judged
by the base's rules (configuration, schemas, layout read from git)."""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from opsbook.ci_text import github_plain
from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure, base_option, resolve_base
from opsbook.config import find_root
from opsbook.diagnostics import Diagnostic
from opsbook.reporters import (
    REPORTERS,
    default_format,
    github_annotations,
    markdown_summary,
    report_text,
)
from opsbook.workflow.base_rules import load_by_base_rules
from opsbook.workflow.changeset import RecordChange, change_set, render_markdown, render_text
from opsbook.workflow.compare import compare
from opsbook.workflow.gate import gate
from opsbook.workflow.git import Git, GitError
from opsbook.workflow.governance import GovernanceChange, governance_changes, governance_findings


@dataclass(frozen=True)
class CheckOptions:
    base: str | None
    output_format: str
    summary_md: Path | None
    root: Path | None


@dataclass(frozen=True)
class Verdict:
    base: str
    diagnostics: list[Diagnostic]
    checked: int
    changes: list[RecordChange]
    governance: list[GovernanceChange]

    def text(self) -> str:
        out = io.StringIO()
        out.write(render_text(self.changes, self.base, self.governance))
        report_text(self.diagnostics, self.checked, out)
        return out.getvalue()

    def markdown(self) -> str:
        return (markdown_summary(self.diagnostics, self.checked, "opsbook check") + "\n"
                + render_markdown(self.changes, self.base, self.governance))


def judge(root: Path, git: Git, base: str) -> Verdict:
    """The gate's verdict: the working tree's records found and judged by the base's rules,
    and the branch's changes to those rules named as governance changes."""
    try:
        commit = git.commit(base)
        repository = load_by_base_rules(git, root, commit, base)
        comparison = compare(git, repository, base)
        governance = governance_changes(git, repository.config, git.merge_base("HEAD", commit) or commit)
    except GitError as exc:
        raise WorkflowFailure(str(exc)) from None
    diagnostics = sorted(set(gate(comparison)) | set(governance_findings(governance, repository.config)))
    return Verdict(base, diagnostics, comparison.checked, change_set(comparison), governance)


def run_check(options: CheckOptions) -> int:
    root = find_root(options.root or Path.cwd())
    git = Git(root)
    verdict = judge(root, git, resolve_base(git, options.base))
    REPORT[options.output_format](verdict, sys.stdout)
    if options.summary_md:
        options.summary_md.write_text(verdict.markdown(), encoding="utf-8")
    if os.environ.get("GITHUB_ACTIONS") == "true" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(verdict.markdown())
    return 1 if any(d.is_error for d in verdict.diagnostics) else 0


def _text(verdict: Verdict, out: IO[str]) -> None:
    out.write(verdict.text())


def _json(verdict: Verdict, out: IO[str]) -> None:
    buffer = io.StringIO()
    REPORTERS["json"](verdict.diagnostics, verdict.checked, buffer)
    document = {**json.loads(buffer.getvalue()), "base": verdict.base,
                "governance": [{"path": g.path, "status": g.status, "line": g.line} for g in verdict.governance],
                "changes": [c.as_dict() for c in verdict.changes]}
    json.dump(document, out, indent=2)
    out.write("\n")


def _github(verdict: Verdict, out: IO[str]) -> None:
    github_annotations(verdict.diagnostics, out)  # the step summary is written by run_check
    out.write(github_plain(verdict.text()))


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

    Judges the records by the base's rules (its [tool.opsbook] configuration, schemas and
    folder layout, read from git), never by rules the branch edits. Refuses deleted or renamed
    records, changed IDs, lifecycle moves the schemas do not allow, changes to frozen fields
    and to records in a final state, removed or altered approvals and timeline entries, and IDs
    the base already uses. Names every change to the rules (schemas, [tool.opsbook],
    mkdocs.yml, tooling/, .github/, .ci/, CODEOWNERS, .gitattributes) as a governance change.
    Prints the change set in record terms; under GitHub Actions it is also appended to the
    step summary.

    Exit status: 0 clean, 1 refused, 2 usage or configuration error.

    \b
    Examples:
      opsbook check --base origin/main
      opsbook check --base origin/main --summary-md change-set.md
      opsbook check --format json | jq '.changes'
    """
    sys.exit(run_check(CheckOptions(base, output_format or default_format(), summary_md, root)))
