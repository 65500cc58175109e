"""Loading a large repository on every core: parsing is CPU-bound and files are independent.

The files are cut into contiguous slices; forked workers load all but the first, which this
process loads meanwhile, and results come back in file order. Workers receive only slice bounds
(the file list is inherited through fork) and send back plain tuples, never Kind objects.
Small repositories, platforms without fork, and processes that already run threads (forking
those can deadlock; `mkdocs serve` is one) load serially, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from opsbook.kinds import Kind, Kinds
from opsbook.model import Record, Unloadable

Loaded = Record | Unloadable
LoadOne = Callable[[Path, Kind], Loaded]

# Below this many files a worker costs more to start than it saves.
MIN_FILES_PER_WORKER = 1000
# OPSBOOK_WORKERS=1 forces serial loading (for profiling, or a machine that is shared).
WORKERS_VARIABLE = "OPSBOOK_WORKERS"

_job: tuple[Sequence[tuple[Path, Kind]], LoadOne] | None = None


def load_files(files: Sequence[tuple[Path, Kind]], load_one: LoadOne, kinds: Kinds) -> list[Loaded]:
    workers = worker_count(len(files))
    if workers <= 1:
        return [load_one(path, kind) for path, kind in files]
    size = -(-len(files) // workers)
    bounds = [(start, min(start + size, len(files))) for start in range(0, len(files), size)]
    global _job
    _job = (files, load_one)
    try:
        pool = multiprocessing.get_context("fork").Pool(len(bounds) - 1)
    except (OSError, ValueError):
        return [load_one(path, kind) for path, kind in files]
    try:
        pending = [pool.apply_async(_load_slice, bound) for bound in bounds[1:]]
        loaded = [load_one(path, kind) for path, kind in files[: bounds[0][1]]]
        for result in pending:
            loaded.extend(_unpack(packed, kinds) for packed in result.get())
    finally:
        pool.terminate()
        _job = None
    return loaded


def worker_count(files: int) -> int:
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        cores = int(configured)
    elif "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    else:
        return 1
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


def _load_slice(start: int, end: int) -> list[tuple[Any, ...]]:
    assert _job is not None, "workers are forked from load_files"
    files, load_one = _job
    return [_pack(load_one(path, kind)) for path, kind in files[start:end]]


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
