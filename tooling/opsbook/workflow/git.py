"""The git plumbing the workflow needs, in as few calls as possible: one `ls-tree` per
revision, one `cat-file --batch` for any number of objects, one `for-each-ref` for all refs.
Every call goes through `opsbook.git_runner` (time limit, errors)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from opsbook.git_runner import GitError, run_git

# Where a base branch usually lives, most specific first: the remote's default branch, then the
# conventional names. A feature branch's own upstream (origin/<branch>) is never the base.
BASE_CANDIDATES = (
    "refs/remotes/origin/HEAD",
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
    "refs/remotes/upstream/main",
    "refs/heads/main",
    "refs/heads/master",
)


def blob_id(data: bytes) -> str:
    """The object name git gives `data` (SHA-1 repositories), to tell unchanged files without git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Git:
    root: Path
    _prefix: str | None = field(default=None, repr=False)

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return run_git(self.root, *args, stdin=stdin)

    @property
    def prefix(self) -> str:
        """The opsbook root relative to the top of the work tree ('' or 'sub/dir/')."""
        if self._prefix is None:
            self._prefix = self.run("rev-parse", "--show-prefix").decode().strip()
        return self._prefix

    def commit(self, revision: str) -> str:
        """The commit `revision` names; a GitError that says so when it names none."""
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{revision}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"unknown revision {revision!r} (fetch it first, e.g. "
                           "`git fetch origin`, or pass --base)") from None

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return self.run("merge-base", one, other).decode().strip() or None
        except GitError:
            return None  # unrelated histories, or no commit yet

    def default_base(self) -> str | None:
        """The base branch a pull request would target, guessed from the refs that exist."""
        output = self.run("for-each-ref", "--format=%(refname)%09%(symref)", *BASE_CANDIDATES)
        found = dict(line.split("\t", 1) for line in output.decode().splitlines() if "\t" in line)
        for candidate in BASE_CANDIDATES:
            if candidate in found:
                return _short(found[candidate] or candidate)
        return None

    def files(self, revision: str, folders: Iterable[str]) -> dict[str, str]:
        """Path (relative to the opsbook root) -> blob name, for the files under `folders`."""
        output = self.run("ls-tree", "-r", "-z", revision, "--", *folders)
        listing: dict[str, str] = {}
        for entry in output.split(b"\0"):
            if entry:
                meta, _, path = entry.partition(b"\t")
                mode, kind, name = meta.split()
                if kind == b"blob" and mode != b"120000":
                    listing[path.decode("utf-8", "surrogateescape")] = name.decode()
        return listing

    def objects(self, names: Iterable[str]) -> dict[str, bytes]:
        """The contents of objects named in any form git accepts; missing ones are left out."""
        names = list(dict.fromkeys(names))
        if not names:
            return {}
        output = self.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
        return dict(_batch_entries(names, output))

    def ref_commits(self) -> list[str]:
        """Every commit a ref points at (branches, remote branches, tags, stash) and HEAD."""
        output = self.run("for-each-ref", "--format=%(objectname)")
        return list(dict.fromkeys(["HEAD", *output.decode().split()]))

    def names_in_folder(self, revisions: Iterable[str], folder: str) -> set[str]:
        """File names in `folder` at any of `revisions`, read with one `cat-file --batch`."""
        trees = self.objects(f"{revision}:{self.prefix}{folder}" for revision in revisions)
        return {name for tree in trees.values() for name in tree_names(tree)}


def _batch_entries(names: list[str], output: bytes) -> Iterator[tuple[str, bytes]]:
    position = 0
    for name in names:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[-1] in (b"missing", b"ambiguous"):
            continue
        size = int(header[2])
        yield name, output[position : position + size]
        position += size + 1


def tree_names(tree: bytes) -> Iterator[str]:
    """Entry names of a raw tree object: `<mode> <name>\\0<binary object name>` each."""
    position = 0
    width = 20  # SHA-1 object names; git's SHA-256 repositories are still experimental
    while position < len(tree):
        space = tree.index(b" ", position)
        nul = tree.index(b"\0", space)
        yield tree[space + 1 : nul].decode("utf-8", "surrogateescape")
        position = nul + 1 + width


def _short(refname: str) -> str:
    for prefix in ("refs/heads/", "refs/remotes/"):
        if refname.startswith(prefix):
            return refname[len(prefix) :]
    return refname
