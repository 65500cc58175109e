"""Loading a large repository on every core (opsbook.workers): parsing is CPU-bound and files
are independent. Workers send back plain tuples, never Kind objects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from opsbook.kinds import Kind, Kinds
from opsbook.model import Record, Unloadable
from opsbook.workers import cycle_collection_paused, map_on_cores

Loaded = Record | Unloadable
LoadOne = Callable[[Path, Kind], Loaded]

# Below this many files a worker costs more to start than it saves.
MIN_FILES_PER_WORKER = 1000


def load_files(files: Sequence[tuple[Path, Kind]], load_one: LoadOne, kinds: Kinds) -> list[Loaded]:
    with cycle_collection_paused():
        return map_on_cores(lambda file: load_one(*file), files, min_per_worker=MIN_FILES_PER_WORKER,
                            send=_pack, receive=lambda packed: _unpack(packed, kinds))


def _pack(loaded: Loaded) -> tuple[Any, ...]:
    if isinstance(loaded, Record):
        return (loaded.kind.name, loaded.data, loaded.path, loaded.text, loaded.line_offset,
                loaded.body, loaded.body_line)
    return (loaded.kind.name if loaded.kind else None, loaded.path, loaded.diagnostics)


def _unpack(packed: tuple[Any, ...], kinds: Kinds) -> Loaded:
    if len(packed) == 7:
        return Record(kinds[packed[0]], *packed[1:])
    name, path, diagnostics = packed
    return Unloadable(kinds[name] if name else None, path, diagnostics)
