"""The records of a git revision, read in one pass (`ls-tree`, then one `cat-file --batch`)
and parsed by the same strict loader as the working tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from opsbook.kinds import Kind
from opsbook.load.repository import parse_record
from opsbook.model import Record, Repository
from opsbook.workflow.git import Git
from opsbook.workflow.layout import kind_of_path


@dataclass
class Snapshot:
    revision: str  # as the user named it: `origin/main`
    commit: str
    files: dict[str, str]  # record and KB paths -> blob names
    records: dict[str, Record] = field(default_factory=dict)  # the files that parse, by path

    def by_id(self) -> dict[str, Record]:
        found: dict[str, Record] = {}
        for record in self.records.values():
            found.setdefault(record.id, record)
        return found


def record_files(git: Git, repository: Repository, commit: str) -> dict[str, str]:
    config = repository.config
    listing = git.files(commit, [config.records, config.kb])
    return {path: blob for path, blob in listing.items() if kind_of_path(config, repository.kinds, path)}


def read_snapshot(git: Git, repository: Repository, revision: str) -> Snapshot:
    commit = git.commit(revision)
    snapshot = Snapshot(revision, commit, record_files(git, repository, commit))
    contents = git.objects(snapshot.files.values())
    for path, blob in snapshot.files.items():
        kind = kind_of_path(repository.config, repository.kinds, path)
        loaded = parse_blob(kind, path, contents.get(blob)) if kind is not None else None
        if loaded is not None:
            snapshot.records[path] = loaded
    return snapshot


def parse_blob(kind: Kind, path: str, raw: bytes | None) -> Record | None:
    """A record from a file's bytes in git; None when it does not read as one (the base's own
    validation reported it when it landed)."""
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None
    loaded = parse_record(kind, path, text)
    return loaded if isinstance(loaded, Record) else None
