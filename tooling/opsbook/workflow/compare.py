"""The working tree against a base revision, record by record.

Only what the branch changed is compared: a file counts as changed when it differs from the
fork point (the merge base of HEAD and the base). So a branch that is behind its base is not
blamed for the base's newer records, and a record both sides added under one ID (the parallel
pull request collision) is told apart from an ordinary edit.

Files are told apart by content first (git's blob names) and then by what they mean: a file
whose bytes differ but whose parsed record is the same (line endings a `.gitattributes` turned
into CRLF) is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opsbook.model import Record, Repository
from opsbook.workflow.git import Git, blob_id
from opsbook.workflow.snapshot import Snapshot, parse_blob, read_snapshot, record_files


@dataclass
class Comparison:
    base: Snapshot
    work: Repository
    edited: list[tuple[Record, Record]] = field(default_factory=list)  # (base, work), same file
    created: list[Record] = field(default_factory=list)
    deleted: list[Record] = field(default_factory=list)  # base records
    renamed: list[tuple[Record, Record]] = field(default_factory=list)  # (base, work)
    collisions: list[tuple[Record, Record]] = field(default_factory=list)  # (work, base)

    @property
    def checked(self) -> int:
        return len(self.work.records) + len(self.work.unloadable)


def compare(git: Git, repository: Repository, revision: str) -> Comparison:
    base = read_snapshot(git, repository, revision)
    fork_commit = git.merge_base("HEAD", base.commit) or base.commit
    fork = base.files if fork_commit == base.commit else record_files(git, repository, fork_commit)
    comparison = Comparison(base, repository)
    work_paths = {r.path for r in repository.records} | {u.path for u in repository.unloadable}
    _pair_missing(comparison, fork, work_paths)
    renamed_to = {work.path for _, work in comparison.renamed}
    base_ids = base.by_id()
    touched = [work for work in repository.records
               if work.path not in renamed_to and _blob(repository, work.path) != fork.get(work.path)]
    left_alone = _same_as_fork(git, base, fork, touched)
    for work in touched:
        if work.path in left_alone:
            continue  # renames are reported once; files the branch left alone are not its doing
        if work.path in base.files:
            _pair_same_file(comparison, work, fork)
        elif work.id in base_ids:
            comparison.collisions.append((work, base_ids[work.id]))
        else:
            comparison.created.append(work)
    return comparison


def same_record(one: Record, other: Record) -> bool:
    """The same data and text, however the file's bytes are laid out."""
    return one.data == other.data and (one.body or "") == (other.body or "")


def _same_as_fork(git: Git, base: Snapshot, fork: dict[str, str], touched: list[Record]) -> set[str]:
    """Paths of `touched` whose record reads as it did at the fork, bytes aside."""
    same: set[str] = set()
    to_read: list[tuple[str, Record]] = []  # (blob at the fork, the working tree's record)
    for work in touched:
        blob = fork.get(work.path)
        if blob is None:
            continue
        if blob == base.files.get(work.path) and work.path in base.records:
            if same_record(base.records[work.path], work):
                same.add(work.path)
        else:
            to_read.append((blob, work))
    contents = git.objects(blob for blob, _ in to_read)
    for blob, work in to_read:
        before = parse_blob(work.kind, work.path, contents.get(blob))
        if before is not None and same_record(before, work):
            same.add(work.path)
    return same


def _pair_missing(comparison: Comparison, fork: dict[str, str], work_paths: set[str]) -> None:
    """Base records the working tree lacks, that the branch had at its fork: deleted or renamed."""
    work_by_id = comparison.work.by_id
    for path, record in comparison.base.records.items():
        if path in work_paths or path not in fork:
            continue
        moved = work_by_id.get(record.id)
        if moved is not None and moved.path not in comparison.base.files:
            comparison.renamed.append((record, moved))
        else:
            comparison.deleted.append(record)


def _pair_same_file(comparison: Comparison, work: Record, fork: dict[str, str]) -> None:
    base = comparison.base
    before = base.records.get(work.path)
    if before is None or _blob(comparison.work, work.path) == base.files[work.path] or same_record(before, work):
        return  # unreadable on the base, or the same as the base
    if work.path not in fork:
        comparison.collisions.append((work, before))  # both sides added this file
    else:
        comparison.edited.append((before, work))


def _blob(repository: Repository, path: str) -> str | None:
    try:
        return blob_id((repository.config.root / path).read_bytes())
    except OSError:
        return None
