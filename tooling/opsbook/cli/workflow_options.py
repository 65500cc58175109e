"""Options and failures shared by the contributor-workflow commands (new, renumber, check,
show, list)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from opsbook.load import open_repository
from opsbook.model import Repository
from opsbook.workflow.git import Git, GitError

F = TypeVar("F", bound=Callable[..., Any])


class WorkflowFailure(click.ClickException):
    """A usage problem (unknown ID or revision, not a git repository): one line, exit 2."""

    exit_code = 2


def base_option(function: F) -> F:
    return click.option(
        "--base", "base", metavar="REF",
        help="The revision the branch goes into (default: origin/HEAD, origin/main, main, ...).",
    )(function)


def open_at(root: Path | None) -> tuple[Repository, Git]:
    repository = open_repository(root)
    return repository, Git(repository.config.root)


def resolve_base(git: Git, base: str | None) -> str:
    try:
        found = base or git.default_base()
    except GitError as exc:
        raise WorkflowFailure(str(exc)) from None
    if found is None:
        raise WorkflowFailure("no base branch found (origin/HEAD, origin/main, main...); pass --base REF")
    return found
