"""Moving a record added on this branch to another ID: rename its file and rewrite every mention
of the old ID in records and KB articles, as text, so formatting and comments stay as written.
A record the base already had is never touched: IDs on the base are permanent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from opsbook.model import Record, Repository
from opsbook.workflow.git import Git, blob_id
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import id_number
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
    branch = _branch_files(repository, git, base)
    record = _branch_record(repository, record_id, branch, base)
    kind = record.kind
    new_id = to or next_free_id(repository, kind, git).id
    if id_number(new_id, kind.prefix) is None or new_id in repository.by_id:
        raise RenumberRefused(f"{new_id} is not a free {kind.label.lower()} ID")
    folder, _, name = record.path.rpartition("/")
    rest = name[len(record_id):] if name.startswith(record_id) else "." + name.rpartition(".")[2]
    new_path = f"{folder}/{new_id}{rest}"
    if (repository.config.root / new_path).exists():
        raise RenumberRefused(f"{new_path} already exists")
    rewritten = _rewrite_mentions(repository, record_id, new_id, branch.changed)
    (repository.config.root / record.path).rename(repository.config.root / new_path)
    return Renumbering(record_id, new_id, record.path, new_path, rewritten)


@dataclass(frozen=True)
class _BranchFiles:
    on_base: set[str]  # record files the branch had from the base (at its fork, or merged in since)
    changed: set[str]  # record files the branch added or changed since it forked


def _branch_files(repository: Repository, git: Git, base: str) -> _BranchFiles:
    """Which files are the branch's own. After the base was merged into the branch ("update
    branch") the fork point is the base itself, and the base's records sit in the working tree
    beside the branch's: only the branch's are renumbered, and only its files rewritten."""
    base_commit = git.commit(base)
    fork_commit = git.merge_base("HEAD", base_commit) or base_commit
    at_fork = record_files(git, repository, fork_commit)
    at_base = at_fork if fork_commit == base_commit else record_files(git, repository, base_commit)
    paths = {r.path for r in repository.records} | {u.path for u in repository.unloadable}
    blobs = {path: _blob(repository, path) for path in paths}
    # A file both sides added under one name (the base's is newer) is the branch's unless the
    # working tree holds the base's version of it.
    merged_in = {path for path, blob in at_base.items() if blobs.get(path) == blob}
    changed = {path for path in paths if blobs[path] != at_fork.get(path)}
    return _BranchFiles(set(at_fork) | merged_in, changed)


def _branch_record(repository: Repository, record_id: str, branch: _BranchFiles, base: str) -> Record:
    """The record with `record_id` that the branch added; the base's own IDs are permanent."""
    candidates = [r for r in repository.records if r.id == record_id]
    if not candidates:
        raise RenumberRefused(f"no record has ID {record_id}")
    added = [r for r in candidates if r.path not in branch.on_base]
    if not added:
        raise RenumberRefused(f"{record_id} exists on {base} ({candidates[0].path}); IDs on the base are "
                              "permanent, only records added on this branch can be renumbered")
    return added[0]


def _blob(repository: Repository, path: str) -> str | None:
    try:
        return blob_id((repository.config.root / path).read_bytes())
    except OSError:
        return None


def _rewrite_mentions(repository: Repository, old: str, new: str, paths: set[str]) -> dict[str, int]:
    """Mentions in the branch's own files; the base's records keep theirs (they mean the base's
    record of that ID, when both sides took it)."""
    token = id_token(old)
    rewritten: dict[str, int] = {}
    for path in sorted(paths):
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
