"""Reading record files: strict YAML, file hazards, and the repository walk."""

from __future__ import annotations

from pathlib import Path

from opsbook.config import find_root, load_config
from opsbook.kinds import load_kinds
from opsbook.load.repository import load_repository
from opsbook.model import Repository


def open_repository(start: Path | None = None) -> Repository:
    """Configuration, kinds and records of the repository at or above `start`.

    Raises ConfigurationError when the configuration or a schema is broken; problems in
    records are never raised, they are in the repository's diagnostics and unloadables.
    """
    config = load_config(find_root(start or Path.cwd()))
    return load_repository(config, load_kinds(config.schemas_dir))


__all__ = ["open_repository"]
