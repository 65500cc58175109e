"""Every file's git history from one `git log` over the whole repository.

One pass, not one per file: a few thousand records would otherwise mean a few thousand git
processes per build. A folder that is not a git work tree (or a machine without git) simply
has no history.
"""

from __future__ import annotations

import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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
    command = ["git", "-C", str(root), "log", "--no-renames", "--name-only", _FORMAT, "--", *folders]
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                errors="replace", timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout, _prefix(root))


def _prefix(root: Path) -> str:
    """The repository root's path below the git top level ('' when they are the same)."""
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-prefix"],
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


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
