"""The next free ID of a kind: one more than the highest number in use in the working tree or
at any ref git knows, so that parallel branches in one clone never pick the same ID and IDs
of deleted records are not handed out again."""

from __future__ import annotations

import os
from dataclasses import dataclass

from opsbook.kinds import Kind
from opsbook.model import Repository
from opsbook.workflow.git import Git, GitError
from opsbook.workflow.layout import id_in_name, id_number, kind_folder


@dataclass(frozen=True)
class Allocation:
    id: str
    revisions_seen: int  # refs (and HEAD) whose trees were searched; 0 outside git


def next_free_id(repository: Repository, kind: Kind, git: Git | None, *, after: int = 0) -> Allocation:
    folder = kind_folder(repository.config, kind)
    names = set(_names_on_disk(repository, folder))
    names.update(r.id for r in repository.of_kind(kind.name))
    revisions: list[str] = []
    if git is not None:
        try:
            revisions = git.ref_commits()
            names.update(git.names_in_folder(revisions, folder))
        except GitError:
            revisions = []  # not a repository: the working tree is all there is
    numbers = {id_number(name, kind.prefix) for name in names}
    highest = max((n for n in numbers if n is not None), default=0)
    number = max(highest, after) + 1
    return Allocation(f"{kind.prefix}-{str(number).zfill(repository.config.id_width)}", len(revisions))


def _names_on_disk(repository: Repository, folder: str) -> list[str]:
    try:
        return [name for name in os.listdir(repository.config.root / folder) if id_in_name(name)]
    except FileNotFoundError:
        return []
