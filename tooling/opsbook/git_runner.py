"""The one way opsbook runs git: a time limit on every call, and every failure said.

`run_git` raises GitError with git's own last line of complaint. Readers of history (page
history, iCalendar SEQUENCE) use `read_git`: a folder that is not a git work tree has no
history (said at info level), while any other failure -- git missing, a timeout, a broken
repository -- is a warning, so "no history" is never silent."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

TIMEOUT = 120.0  # seconds; a `git log` over years of history takes a few

log = logging.getLogger("opsbook.git")


class GitError(Exception):
    """git is missing, this is not a repository, or a revision does not exist."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


def run_git(root: Path, *args: str, stdin: bytes | None = None, timeout: float = TIMEOUT) -> bytes:
    """The output of `git -C root args...`; GitError when it cannot run or fails."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin,
                              capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:g} s") from None
    except OSError as exc:
        raise GitError(f"git could not be started: {exc}") from None
    if done.returncode != 0:
        complaint = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = complaint[-1] if complaint else f"git {args[0]} failed"
        raise (NotARepository if "not a git repository" in message else GitError)(message)
    return done.stdout


def read_git(root: Path, *args: str) -> str | None:
    """A read-only command's output as text, or None when it failed (logged as said above)."""
    try:
        return run_git(root, *args).decode("utf-8", "replace")
    except NotARepository:
        log.info("opsbook: %s is not in a git work tree, so there is no history", root)
    except GitError as exc:
        command = next((arg for arg in args if not arg.startswith("-") and "=" not in arg), "")
        log.warning("opsbook: warning: `git %s` failed in %s (%s); history is left out",
                    command, root, exc)
    return None
