"""`opsbook from-issue FILE`: turn a submitted GitHub issue form into a record file."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.load import open_repository
from opsbook.moments import instant
from opsbook.workflow.from_issue import Issue, record_from_issue
from opsbook.workflow.git import Git
from opsbook.workflow.issue_form import FormRefused
from opsbook.workflow.proposal import write
from opsbook.writer import WriteRefused

EXIT_REFUSED = 1


@dataclass(frozen=True)
class FromIssueOptions:
    file: str
    issue: Issue
    at: str | None
    dry_run: bool
    root: Path | None


def run_from_issue(options: FromIssueOptions, now: datetime | None = None) -> int:
    repository = open_repository(options.root)
    moment = now or datetime.now(UTC)
    at = instant(options.at.replace(" ", "T", 1)) if options.at else moment
    if at is None:
        raise WorkflowFailure(f"--at {options.at!r}: write a date, time and UTC offset, like 2026-05-03T14:20:00Z")
    try:
        proposal = record_from_issue(repository, Git(repository.config.root), options.issue, at, moment)
    except (FormRefused, WriteRefused) as exc:
        click.echo(f"opsbook: {options.file}: no record made: {exc}", err=True)
        return EXIT_REFUSED
    if options.dry_run or not proposal.valid:
        sys.stdout.write(proposal.after)
    if not proposal.valid:
        click.echo(f"opsbook: {options.file}: no record made, it would be invalid (positions are in the text above):",
                   err=True)
        for problem in proposal.problems:
            click.echo(f"  {problem}", err=True)
        return EXIT_REFUSED
    if not options.dry_run:
        write(repository, proposal)
        click.echo(f"created {proposal.record.path}")
    return 0


def _body(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WorkflowFailure(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise WorkflowFailure(f"{file}: {exc.strerror}") from None


@click.command(name="from-issue")
@click.argument("file", metavar="FILE")
@click.option("--title", required=True, help="The issue's title (the form's prefix, like [Incident], is dropped).")
@click.option("--author", help="Who opened the issue; becomes reported_by or requested_by.")
@click.option("--url", help="The issue's address, kept among the record's links.")
@click.option("--form", help="The issue form's file in .github/ISSUE_TEMPLATE (default: recognised from FILE).")
@click.option("--at", metavar="TIME", help="When the issue was opened (default: now), with a UTC offset.")
@click.option("--dry-run", is_flag=True, help="Print the record instead of writing it.")
@root_option
def from_issue(file: str, title: str, author: str | None, url: str | None, form: str | None, at: str | None,
               dry_run: bool, root: Path | None) -> None:
    """Make a record from a submitted GitHub issue form (FILE: its Markdown body, or - for stdin).

    The form is one of the repository's own (.github/ISSUE_TEMPLATE/*.yml); its labels say the
    kind. The record gets the next free ID, is validated like `opsbook validate` does, and is
    written only if valid; otherwise the message names what is missing (exit 1). The workflow
    .github/workflows/issue-to-record.yml runs it and opens a pull request.

    \b
    Example:
      opsbook from-issue body.md --title "[Incident] Checkout returns 500" --author lena \\
        --url https://github.com/kestrel/opsbook/issues/42 --at 2026-05-03T14:20:00Z
    """
    issue = Issue(_body(file), title, author, url, form)
    sys.exit(run_from_issue(FromIssueOptions(file, issue, at, dry_run, root)))
