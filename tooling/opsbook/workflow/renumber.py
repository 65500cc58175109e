"""Moving a record added on this branch to another ID: rename its file and rewrite every mention
of the old ID in the values of records and in KB articles' text, through the one writer, so
formatting and comments stay as written. A record the base already had is never touched: IDs
on the base are permanent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from opsbook.model import Record, Repository
from opsbook.workflow.git import Git, blob_id
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import id_number
from opsbook.workflow.snapshot import record_files
from opsbook.writer import WriteRefused, record_text, replace_file


class RenumberRefused(Exception):
    """The record cannot be moved; the message says why."""


@dataclass(frozen=True)
class Renumbering:
    old_id: str
    new_id: str
    old_path: str
    new_path: str
    rewritten: dict[str, int] = field(default_factory=dict)  # path -> mentions replaced
    unreadable: tuple[str, ...] = ()  # files that do not load, left as they are

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
    texts, counts = _rewritten_texts(repository, record_id, new_id, branch.changed | {record.path})
    for path, text in texts.items():
        target = new_path if path == record.path else path
        replace_file(repository.config.root / target, text, create=target == new_path)
    if record.path not in texts:
        (repository.config.root / record.path).rename(repository.config.root / new_path)
    else:
        (repository.config.root / record.path).unlink()
    unreadable = tuple(sorted(u.path for u in repository.unloadable))
    return Renumbering(record_id, new_id, record.path, new_path, counts, unreadable)


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


def _rewritten_texts(repository: Repository, old: str, new: str,
                     paths: set[str]) -> tuple[dict[str, str], dict[str, int]]:
    """The new text of each of `paths` (the branch's own files: the base's records keep their
    mentions, which mean the base's record of that ID when both sides took it), all made before
    any is written: a refusal leaves every file as it was."""
    token = id_token(old)
    texts: dict[str, str] = {}
    counts: dict[str, int] = {}
    for record in sorted((r for r in repository.records if r.path in paths), key=lambda r: r.path):
        data, count = _replaced(record.data, token, new)
        body, in_body = token.subn(new, record.body) if record.body is not None else (None, 0)
        if not count + in_body:
            continue
        previous = (repository.config.root / record.path).read_bytes().decode("utf-8")
        try:
            texts[record.path] = record_text(record.kind, record.path, data, previous=previous, body=body)
        except WriteRefused as refusal:
            raise RenumberRefused(str(refusal)) from None
        counts[record.path] = count + in_body
    return texts, counts


def _replaced(value: Any, token: re.Pattern[str], new: str) -> tuple[Any, int]:
    """`value` with the ID replaced in every string in it, and how many times it was."""
    if isinstance(value, str):
        return token.subn(new, value)
    if isinstance(value, dict):
        pairs = {key: _replaced(item, token, new) for key, item in value.items()}
        return {key: pair[0] for key, pair in pairs.items()}, sum(pair[1] for pair in pairs.values())
    if isinstance(value, list):
        items = [_replaced(item, token, new) for item in value]
        return [item[0] for item in items], sum(item[1] for item in items)
    return value, 0
