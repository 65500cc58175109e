"""Moving a record added on this branch to another ID: rename its file and rewrite every mention
of the old ID in records and KB articles, as text, so formatting and comments stay as written.
A record the base already had is never touched: IDs on the base are permanent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opsbook.model import Repository
from opsbook.workflow.git import Git, blob_id
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import id_in_name, id_number
from opsbook.workflow.snapshot import record_files


class RenumberRefused(Exception):
    """The record cannot be moved; the message says why."""


@dataclass(frozen=True)
class Renumbering:
    old_id: str
    new_id: str
    old_path: str
    new_path: str
    rewritten: dict[str, int] = field(default_factory=dict)  # path -> mentions replaced

    @property
    def references(self) -> int:
        return sum(self.rewritten.values())


def id_token(record_id: str) -> re.Pattern[str]:
    """The exact ID, not a longer one (INC-00021) nor part of a word; `KB-0001-slug` matches."""
    return re.compile(rf"(?<![\w-]){re.escape(record_id)}(?!\w)")


def renumber(repository: Repository, git: Git, record_id: str, base: str, to: str | None = None) -> Renumbering:
    record = repository.by_id.get(record_id)
    if record is None:
        raise RenumberRefused(f"no record has ID {record_id}")
    _refuse_if_on_base(repository, git, record_id, record.path, base)
    kind = record.kind
    new_id = to or next_free_id(repository, kind, git).id
    if id_number(new_id, kind.prefix) is None or new_id in repository.by_id:
        raise RenumberRefused(f"{new_id} is not a free {kind.label.lower()} ID")
    folder, _, name = record.path.rpartition("/")
    rest = name[len(record_id):] if name.startswith(record_id) else "." + name.rpartition(".")[2]
    new_path = f"{folder}/{new_id}{rest}"
    if (repository.config.root / new_path).exists():
        raise RenumberRefused(f"{new_path} already exists")
    rewritten = _rewrite_mentions(repository, record_id, new_id)
    (repository.config.root / record.path).rename(repository.config.root / new_path)
    return Renumbering(record_id, new_id, record.path, new_path, rewritten)


def _refuse_if_on_base(repository: Repository, git: Git, record_id: str, path: str, base: str) -> None:
    """On the base means: there when the branch forked, or merged there since as it is now."""
    base_commit = git.commit(base)
    fork_commit = git.merge_base("HEAD", base_commit) or base_commit
    at_fork = record_files(git, repository, fork_commit)
    existing = [p for p in at_fork if p == path or id_in_name(p) == record_id]
    at_base = at_fork if fork_commit == base_commit else record_files(git, repository, base_commit)
    current = blob_id((repository.config.root / path).read_bytes())
    if not existing and at_base.get(path) == current:
        existing = [path]
    if existing:
        raise RenumberRefused(f"{record_id} exists on {base} ({existing[0]}); IDs on the base are permanent, "
                              "only records added on this branch can be renumbered")


def _rewrite_mentions(repository: Repository, old: str, new: str) -> dict[str, int]:
    token = id_token(old)
    rewritten: dict[str, int] = {}
    paths = sorted({r.path for r in repository.records} | {u.path for u in repository.unloadable})
    for path in paths:
        file = repository.config.root / path
        try:
            text = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # unreadable files are validate's to report; they cannot be rewritten safely
        replaced, count = token.subn(new, text)
        if count:
            file.write_bytes(replaced.encode("utf-8"))
            rewritten[path] = count
    return rewritten
