"""`opsbook transition`, `opsbook set` and `opsbook note`: edit one record without hand-writing
YAML. Each checks the result as `opsbook validate` and the gate would, and writes the record's
own file only when it is valid; otherwise the file stays byte for byte as it was (exit 1)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.load import open_repository
from opsbook.model import Record, Repository
from opsbook.moments import instant
from opsbook.workflow.edits import Edit, applied, parse_edit
from opsbook.workflow.proposal import Proposal, propose, write
from opsbook.workflow.transition import (
    TIMELINE,
    Note,
    TransitionRefused,
    has_timeline,
    move,
    timeline_entry,
)
from opsbook.workflow.values import BadAssignment
from opsbook.writer import WriteRefused

F = TypeVar("F", bound=Callable[..., Any])
EXIT_REFUSED = 1


@dataclass(frozen=True)
class EditOptions:
    """One edit of one record: what `transition`, `set` and `note` share."""

    record_id: str
    root: Path | None = None
    at: str | None = None
    dry_run: bool = False
    note: str | None = None
    public: bool = False
    author: str | None = None
    assignments: tuple[str, ...] = field(default=())


def run_transition(options: EditOptions, state: str, now: datetime | None = None) -> int:
    return _run(options, now, lambda repository, record, at: move(
        repository.kinds, record, state, at, _note(options), _edits(options.assignments)).data)


def run_set(options: EditOptions, now: datetime | None = None) -> int:
    def change(repository: Repository, record: Record, at: datetime) -> dict[str, Any]:
        edits = _edits(options.assignments)
        lifecycle = record.kind.lifecycle
        if lifecycle and any(edit.path[0] == lifecycle.field for edit in edits):
            raise TransitionRefused(f"use `opsbook transition {record.id} STATE` to change its {lifecycle.field}: "
                                    "it stamps the times the new state needs and checks the lifecycle")
        return applied(record.data, edits)

    return _run(options, now, change)


def run_note(options: EditOptions, now: datetime | None = None) -> int:
    def change(repository: Repository, record: Record, at: datetime) -> dict[str, Any]:
        if not has_timeline(record.kind):
            raise TransitionRefused(f"{record.kind.plural.lower()} have no timeline to add a note to")
        entry = timeline_entry(at, _note(options) or Note(""))
        return {**record.data, TIMELINE: [*(record.data.get(TIMELINE) or []), entry]}

    return _run(options, now, change)


def _run(options: EditOptions, now: datetime | None,
         change: Callable[[Repository, Record, datetime], dict[str, Any]]) -> int:
    repository = open_repository(options.root)
    record = _record(repository, options.record_id)
    moment = now or datetime.now(UTC)
    at = _at(options.at) if options.at else moment.astimezone()
    try:
        proposal = propose(repository, record, change(repository, record, at), moment)
    except (TransitionRefused, BadAssignment, WriteRefused) as exc:
        click.echo(f"opsbook: {record.id} not changed: {exc}", err=True)
        return EXIT_REFUSED
    return _report(repository, proposal, options.dry_run)


def _report(repository: Repository, proposal: Proposal, dry_run: bool) -> int:
    if dry_run or not proposal.valid:
        sys.stdout.write(proposal.diff())
    if not proposal.valid:
        click.echo(f"opsbook: {proposal.record.id} not changed: the result would be invalid "
                   "(positions are in the text above):", err=True)
        for problem in proposal.problems:
            click.echo(f"  {problem}", err=True)
        return EXIT_REFUSED
    if dry_run:
        return 0
    if proposal.changed:
        write(repository, proposal)
        click.echo(f"updated {proposal.record.path}")
    else:
        click.echo(f"{proposal.record.path} already says that; not changed")
    return 0


def _record(repository: Repository, record_id: str) -> Record:
    record = repository.by_id.get(record_id) or repository.by_id.get(record_id.upper())
    if record is None:
        unreadable = [u.path for u in repository.unloadable if u.stem.upper().startswith(record_id.upper())]
        hint = f" ({unreadable[0]} does not load; `opsbook validate` says why)" if unreadable else ""
        raise WorkflowFailure(f"no record has ID {record_id}{hint}")
    return record


def _at(text: str) -> datetime:
    moment = instant(text.strip().replace(" ", "T", 1))
    if moment is None:
        raise WorkflowFailure(f"--at {text!r}: write a date, time and UTC offset, like 2026-05-03T14:20:00+02:00")
    return moment


def _note(options: EditOptions) -> Note | None:
    return Note(options.note, options.public, options.author) if options.note is not None else None


def _edits(assignments: tuple[str, ...]) -> list[Edit]:
    return [parse_edit(argument) for argument in assignments]


def _record_options(function: F) -> F:
    for option in reversed((
        click.option("--at", metavar="TIME", help="When it happened (default: now), with a UTC offset."),
        click.option("--dry-run", is_flag=True, help="Print the diff instead of writing the file."),
        root_option,
    )):
        function = option(function)
    return function


def _note_options(function: F) -> F:
    for option in reversed((
        click.option("--public", is_flag=True, help="The note is customer-visible (status page)."),
        click.option("--author", help="Who writes the note (a person or team)."),
    )):
        function = option(function)
    return function


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("state")
@click.option("--note", help="The timeline entry's text (kinds with a timeline).")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Also set a field (dotted paths; FIELD+=VALUE appends); repeatable.")
@_note_options
@_record_options
def transition(record_id: str, state: str, note: str | None, assignments: tuple[str, ...], public: bool,
               author: str | None, at: str | None, dry_run: bool, root: Path | None) -> None:
    """Move a record to STATE, as its lifecycle allows.

    Checks the move against the kind's lifecycle (per-type variants included, as `opsbook
    check` does), stamps the times the new state requires (now, or --at), adds a timeline entry
    where the kind has one, sets the --set fields, and writes the file only if the result
    validates. Otherwise it names what is missing and leaves the file as it was (exit 1).

    \b
    Examples:
      opsbook transition INC-0042 in_progress --note "Taken by Lena"
      opsbook transition INC-0042 resolved --set resolution.code=fixed --note "Pool resized" --public
      opsbook transition CHG-0007 implement --at 2026-05-03T22:00:00+02:00 --dry-run
    """
    options = EditOptions(record_id, root, at, dry_run, note, public, author, assignments)
    sys.exit(run_transition(options, state))


@click.command(name="set")
@click.argument("record_id", metavar="ID")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@_record_options
def set_fields(record_id: str, assignments: tuple[str, ...], at: str | None, dry_run: bool,
               root: Path | None) -> None:
    """Set fields of a record, keeping the rest of the file as written.

    Dotted paths reach nested fields and list items (`outages.0.end`); `FIELD+=VALUE` appends
    to a list. Values are read like YAML (`[a, b]` is a list, `2026-05-03` stays text). The
    file is written only if the result validates.

    \b
    Examples:
      opsbook set INC-0042 assignee="Lena Vogt" resolution.code=fixed
      opsbook set INC-0042 assets+=AST-0003 kb+=KB-0007
    """
    sys.exit(run_set(EditOptions(record_id, root, at, dry_run, assignments=assignments)))


@click.command()
@click.argument("record_id", metavar="ID")
@click.argument("text")
@_note_options
@_record_options
def note(record_id: str, text: str, public: bool, author: str | None, at: str | None, dry_run: bool,
         root: Path | None) -> None:
    """Add a note to a record's timeline (a work note, or --public for customers).

    \b
    Examples:
      opsbook note INC-0042 "Vendor ticket 4711 opened" --author "Lena Vogt"
      opsbook note INC-0042 "Checkout works again for most customers" --public
    """
    sys.exit(run_note(EditOptions(record_id, root, at, dry_run, text, public, author)))
