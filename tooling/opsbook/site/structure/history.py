"""Every file's git history from one `git log` over the whole repository.

One pass, not one per file: a few thousand records would otherwise mean a few thousand git
processes per build. A folder that is not a git work tree has no history; any other failure
of git is a warning (`opsbook.git_runner.read_git`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from opsbook.git_runner import read_git

_RECORD_SEP, _FIELD_SEP = "\x1e", "\x1f"
_FORMAT = f"--format={_RECORD_SEP}%h{_FIELD_SEP}%aI{_FIELD_SEP}%an{_FIELD_SEP}%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    author: str
    subject: str


History = dict[str, list[Commit]]


def read_history(root: Path, folders: tuple[str, ...]) -> History:
    """Commits touching each file under `folders`, newest first, keyed by repo-relative path."""
    log = read_git(root, "log", "--no-renames", "--name-only", _FORMAT, "--", *folders)
    if log is None:
        return {}
    return parse_log(log, _prefix(root))


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
        commit = Commit(fields[0], fields[1][:10], fields[2], fields[3])
        for name in names.splitlines():
            name = name.strip()
            if name and name.startswith(prefix):
                history[name[len(prefix):]].append(commit)
    return dict(history)
