"""Reading record files: strict YAML, file hazards, and the repository walk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from opsbook.config import find_root, load_config
from opsbook.diagnostics import Diagnostic
from opsbook.kinds import Kinds, load_kinds
from opsbook.load.parallel import RecordCheck
from opsbook.load.repository import load_checked
from opsbook.model import Repository


def open_repository(start: Path | None = None) -> Repository:
    """Configuration, kinds and records of the repository at or above `start`.

    Raises ConfigurationError when the configuration or a schema is broken; problems in
    records are never raised, they are in the repository's diagnostics and unloadables.
    """
    return open_checked(start, None)[0]


def open_checked(start: Path | None,
                 check_for: Callable[[Kinds], RecordCheck] | None) -> tuple[Repository, list[Diagnostic]]:
    """open_repository, with `check_for(kinds)` run on each record where it is parsed; also
    returns what that check found."""
    config = load_config(find_root(start or Path.cwd()))
    kinds = load_kinds(config.schemas_dir)
    return load_checked(config, kinds, check_for(kinds) if check_for else None)


__all__ = ["open_checked", "open_repository"]
