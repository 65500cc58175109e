"""Loading a repository again without reading or parsing the files an edit did not touch."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from opsbook.config import Config
from opsbook.kinds import Kind, Kinds
from opsbook.load.repository import assemble, load_file, record_files
from opsbook.model import Record, Repository, Unloadable

# A file's status: modification and change times, size, inode and mode.
Status = tuple[int, ...]


class LoadedFiles:
    """What the previous load made of each file, with the file's status then: a file whose
    status is unchanged is neither read nor parsed again; one that changed is loaded as new."""

    def __init__(self) -> None:
        self._loaded: dict[Path, tuple[Status, Record | Unloadable]] = {}

    def load(self, config: Config, kinds: Kinds) -> Repository:
        """The repository, as `opsbook.load.load_repository` would load it now."""
        diagnostics: list = []
        files = list(record_files(config, kinds, diagnostics))
        previous, self._loaded = self._loaded, {}
        loaded = [self._load(config, path, kind, previous.get(path)) for path, kind in files]
        return assemble(config, kinds, diagnostics, loaded)

    def _load(self, config: Config, path: Path, kind: Kind,
              before: tuple[Status, Record | Unloadable] | None) -> Record | Unloadable:
        status = _status(path)
        if before is not None and status is not None and before[0] == status and _same_kind(before[1], kind):
            # The schemas are read again on every load: point the record at today's kind.
            loaded = before[1] if before[1].kind is kind else replace(before[1], kind=kind)
        else:
            loaded = load_file(config, path, kind)
        if status is not None:
            self._loaded[path] = (status, loaded)
        return loaded


def _same_kind(loaded: Record | Unloadable, kind: Kind) -> bool:
    return loaded.kind is not None and loaded.kind.name == kind.name


def _status(path: Path) -> Status | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_mode)
