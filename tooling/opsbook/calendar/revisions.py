"""How often each record has been revised, from one pass over the git history.

An iCalendar client replaces an event it already holds only when the new copy carries a higher
SEQUENCE, and the feed is regenerated from the files on every build with no state of its own.
The number of commits that touched a record's file is such a counter: deterministic (every
clone and every build agrees), and it grows with every committed edit. A file edited but not
yet committed counts one more, so a local preview already shows the update. The count needs the
whole history: a shallow CI clone (fetch-depth 1) sees one commit per file, so build the feed
from a full clone. Rewriting history (a squash on a branch that is not yet published) is fine;
rewriting published history could lower a SEQUENCE.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from opsbook import clock
from opsbook.git_runner import read_git


@dataclass(frozen=True)
class Revisions:
    commits: Counter[str] = field(default_factory=Counter)  # repository-relative path -> commits
    last_commit: dict[str, datetime] = field(default_factory=dict)
    modified: frozenset[str] = frozenset()
    generated_at: datetime = field(default_factory=clock.now)

    def sequence(self, path: str) -> int:
        """0 for the first committed version, plus one for each later commit or pending edit."""
        return max(self.commits[path] - 1, 0) + (path in self.modified and self.commits[path] > 0)

    def stamp(self, path: str) -> datetime:
        """When the record last changed: its last commit, or now for uncommitted work."""
        if path in self.modified or path not in self.last_commit:
            return self.generated_at
        return self.last_commit[path]


def read_revisions(root: Path, folder: str) -> Revisions:
    """Commit counts for the files under `folder`; empty when `root` is not in a git work tree."""
    log = _git(
        root, "log", "--no-renames", "--relative", "--name-only", "--format=%x00%ct", "--", folder
    )
    if log is None:
        return Revisions()
    commits: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    when = clock.now()
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = datetime.fromtimestamp(int(line[1:]), UTC)
        elif line:
            commits[line] += 1
            last.setdefault(line, when)  # the log runs newest first
    pending = _git(root, "diff", "--relative", "--name-only", "HEAD", "--", folder) or ""
    return Revisions(commits, last, frozenset(filter(None, pending.splitlines())))


def _git(root: Path, *arguments: str) -> str | None:
    return read_git(root, "-c", "core.quotepath=off", *arguments)
