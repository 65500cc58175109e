"""Changes to the rules themselves: schemas, `[tool.opsbook]`, the site configuration, the
tooling, the CI workflows and the files that say who reviews what. The gate never judges a pull
request by rules it edits (records are judged by the base's); it names each such change as a
`governance-change` finding, so that the rules' owners review it."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.config import Config, opsbook_table
from opsbook.diagnostics import ConfigurationError, Diagnostic, Severity
from opsbook.workflow.git import Git, GitError

CODE = "governance-change"
# The governed paths, relative to the opsbook root unless marked `:(top)` (the git work tree's
# top). `schemas/` is the base's schemas folder; pyproject.toml counts only for [tool.opsbook].
FOLDERS = ("tooling", ".ci")
FILES = ("mkdocs.yml",)
TOP = (":(top).github", ":(top,glob)**/CODEOWNERS", ":(top,glob)**/.gitattributes")
STATUS = {"A": "added", "M": "modified", "D": "deleted", "T": "changed type", "?": "added"}


@dataclass(frozen=True)
class GovernanceChange:
    path: str
    status: str  # added, modified, deleted
    line: int = 1

    def describe(self) -> str:
        return f"{self.path} {self.status}"


def governance_changes(git: Git, config: Config, fork: str) -> list[GovernanceChange]:
    """What the branch changed (working tree against its fork point) under the governed paths."""
    specs = [config.schemas, *FOLDERS, *FILES, *TOP]
    changed = _diff(git, fork, specs) | dict.fromkeys(_untracked(git, specs), "added")
    found = [GovernanceChange(path, status) for path, status in sorted(changed.items())]
    table_line = _opsbook_table_change(git, config, fork)
    if table_line:
        found.insert(0, GovernanceChange("pyproject.toml", "[tool.opsbook] modified", table_line))
    return found


def governance_findings(changes: list[GovernanceChange], config: Config) -> list[Diagnostic]:
    severity = Severity(config.gate.get(CODE, "error"))
    return [Diagnostic(c.path, c.line, 1, severity,
                       f"governance change: {c.describe()}; the gate judged this pull request by the base's "
                       "rules, the new ones apply from the next pull request after this one merges; it needs "
                       "the review of the rules' owners (CODEOWNERS)", CODE)
            for c in changes]


def _diff(git: Git, fork: str, specs: list[str]) -> dict[str, str]:
    output = git.run("diff", "--name-status", "--no-renames", "-z", fork, "--", *specs)
    fields = output.decode("utf-8", "surrogateescape").split("\0")
    return {_relative(git, path): STATUS.get(status[:1], "changed")
            for status, path in zip(fields[::2], fields[1::2], strict=False) if path}


def _untracked(git: Git, specs: list[str]) -> list[str]:
    output = git.run("ls-files", "-z", "--full-name", "--others", "--exclude-standard", "--", *specs)
    return [_relative(git, path) for path in output.decode("utf-8", "surrogateescape").split("\0") if path]


def _relative(git: Git, top_path: str) -> str:
    """A path from git's top as the opsbook root sees it (the same when the root is the top)."""
    return top_path.removeprefix(git.prefix)


def _opsbook_table_change(git: Git, config: Config, fork: str) -> int:
    """The line of `[tool.opsbook]` in pyproject.toml when the branch changed the table, else 0."""
    name = f"{fork}:{git.prefix}pyproject.toml"
    try:
        before = git.objects([name]).get(name, b"").decode("utf-8")
        after = (config.root / "pyproject.toml").read_text("utf-8") if (config.root / "pyproject.toml").is_file() else ""
    except (OSError, UnicodeDecodeError, GitError):
        return 1
    try:
        same = opsbook_table(before, "base") == opsbook_table(after, "pyproject.toml")
    except ConfigurationError:  # an unreadable table is a change too, reported at its start
        same = False
    if same:
        return 0
    lines = after.splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.strip().startswith("[tool.opsbook")), 1)
