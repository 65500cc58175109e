"""Every file's git history from one `git log` over the whole repository, with what each
commit changed in the record, field by field ("status: in_progress -> resolved").

One pass, not one per file: a few thousand records would otherwise mean a few thousand git
processes per build. `git log --raw` names each file's blob before and after every commit;
one `git cat-file --batch` reads the blobs of the commits a page shows. A folder that is not
a git work tree has no history; any other failure of git is a warning
(`opsbook.git_runner.read_git`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from opsbook.git_runner import GitError, read_git, run_git

_RECORD_SEP, _FIELD_SEP = "\x1e", "\x1f"
_FORMAT = f"--format={_RECORD_SEP}%h{_FIELD_SEP}%aI{_FIELD_SEP}%an{_FIELD_SEP}%s"
_NO_BLOB = "0" * 40
# The commits per file whose field changes are worked out: the ones a record page shows.
SHOWN_COMMITS = 20


@dataclass(frozen=True)
class FieldChange:
    """One field's change in one commit: `before`/`after` are None when it was added/removed;
    for lists, mappings and long text `summary` says what happened ("2 entries added")."""

    field: str
    before: str | None
    after: str | None
    summary: str = ""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # the author date, ISO 8601 with offset
    author: str
    subject: str
    old_blob: str = ""
    new_blob: str = ""
    changes: tuple[FieldChange, ...] = field(default=())


History = dict[str, list[Commit]]


def read_history(root: Path, folders: tuple[str, ...]) -> History:
    """Commits touching each file under `folders`, newest first, keyed by repo-relative path,
    the shown ones with their field changes."""
    log = read_git(root, "log", "--no-renames", "--raw", "--no-abbrev", _FORMAT, "--", *folders)
    if log is None:
        return {}
    return with_field_changes(root, parse_log(log, _prefix(root)))


def _prefix(root: Path) -> str:
    """The repository root's path below the git top level ('' when they are the same)."""
    prefix = read_git(root, "rev-parse", "--show-prefix")
    return prefix.strip() if prefix is not None else ""


def parse_log(output: str, prefix: str = "") -> History:
    history: dict[str, list[Commit]] = defaultdict(list)
    for entry in output.split(_RECORD_SEP)[1:]:
        header, _, names = entry.partition("\n")
        fields = header.split(_FIELD_SEP)
        if len(fields) != 4:
            continue
        commit = Commit(fields[0], fields[1], fields[2], fields[3])
        for line in names.splitlines():
            old, new, name = _raw_line(line.strip())
            if name and name.startswith(prefix):
                history[name[len(prefix):]].append(replace(commit, old_blob=old, new_blob=new))
    return dict(history)


def _raw_line(line: str) -> tuple[str, str, str]:
    """`:100644 100644 <old> <new> M<TAB>path` -> (old, new, path); a bare name (--name-only)."""
    if not line.startswith(":"):
        return "", "", line
    meta, _, name = line.partition("\t")
    parts = meta.split()
    return (parts[2], parts[3], name) if len(parts) >= 4 else ("", "", name)


def with_field_changes(root: Path, history: History) -> History:
    wanted = {blob for commits in history.values() for c in commits[:SHOWN_COMMITS]
              for blob in (c.old_blob, c.new_blob) if blob and blob != _NO_BLOB}
    blobs = _read_blobs(root, sorted(wanted))
    result: History = {}
    for path, commits in history.items():
        result[path] = [replace(c, changes=tuple(diff_fields(_fields(blobs.get(c.old_blob)),
                                                             _fields(blobs.get(c.new_blob)))))
                        if i < SHOWN_COMMITS else c for i, c in enumerate(commits)]
    return result


def _read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    if not shas:
        return {}
    try:
        data = run_git(root, "cat-file", "--batch", stdin=("\n".join(shas) + "\n").encode())
    except GitError:
        return {}  # the commits are still listed, without their field changes
    found: dict[str, bytes] = {}
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        found[header[0].decode()] = data[position:position + size]
        position += size + 1
    return found


def _fields(blob: bytes | None) -> dict[str, Any] | None:
    """A version's fields: YAML records whole, Markdown articles' front matter; every scalar
    as the text written (BaseLoader), so no value is reinterpreted."""
    if blob is None:
        return None
    text = blob.decode("utf-8", errors="replace")
    if text.startswith("---"):
        text = text[3:].split("\n---", 1)[0]
    try:
        loaded = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


def diff_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """Field by field, in the newer version's order; a new file lists nothing but "created"."""
    if after is None:
        return []
    if before is None:
        return [FieldChange("(record)", None, None, "created")]
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        changes.append(_change(str(key), old, new))
    return changes


def _change(key: str, old: Any, new: Any) -> FieldChange:
    if isinstance(old, list) and isinstance(new, list):
        added, removed = len(new) - len(old), 0
        if added < 0:
            added, removed = 0, -added
        parts = [f"{n} {'entry' if n == 1 else 'entries'} {what}" for n, what in ((added, "added"), (removed, "removed")) if n]
        return FieldChange(key, None, None, ", ".join(parts) or "entries edited")
    if isinstance(old, (list, dict)) or isinstance(new, (list, dict)) or _long(old) or _long(new):
        return FieldChange(key, None, None, "removed" if new is None else "added" if old is None else "edited")
    return FieldChange(key, None if old is None else str(old), None if new is None else str(new))


def _long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > 80 or "\n" in value)
