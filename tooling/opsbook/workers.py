"""CPU-bound work on independent items, on every core: parsing files, rendering record pages.

Each of n processes takes every n-th item (items of one kind, and cost, come in runs, so
contiguous slices would leave one process with all the costly ones): forked workers take all
shares but the first, which this process does meanwhile, and results come back in item order.
Workers inherit the items and the work through fork and receive only their share's number;
each result is `send` in the worker and `receive`d here (plain tuples and strings travel
cheaply, rich objects do not).
Small jobs, platforms without fork, and processes that already run threads (forking those can
deadlock; `mkdocs serve` is one) work serially, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# OPSBOOK_WORKERS=1 forces serial work (for profiling, or a machine that is shared).
WORKERS_VARIABLE = "OPSBOOK_WORKERS"

_job: tuple[Sequence[Any], Callable[[Any], Any], Callable[[Any], Any], int] | None = None


def map_on_cores(work: Callable[[Item], Result], items: Sequence[Item], *, min_per_worker: int,
                 send: Callable[[Result], Any] = lambda result: result,
                 receive: Callable[[Any], Result] = lambda sent: sent) -> list[Result]:
    """`[work(item) for item in items]`, on up to one core per `min_per_worker` items."""
    processes = worker_count(len(items), min_per_worker)
    if processes <= 1:
        return [work(item) for item in items]
    global _job
    _job = (items, work, send, processes)
    try:
        pool = multiprocessing.get_context("fork").Pool(processes - 1)
    except (OSError, ValueError):
        _job = None
        return [work(item) for item in items]
    try:
        pending = [pool.apply_async(_work_share, (share,)) for share in range(1, processes)]
        shares = [[work(item) for item in items[0::processes]]]
        shares += [[receive(sent) for sent in share.get()] for share in pending]
    finally:
        pool.terminate()
        _job = None
    results: list[Result] = []
    for position in range(len(shares[0])):
        results.extend(share[position] for share in shares if position < len(share))
    return results


def worker_count(items: int, min_per_worker: int) -> int:
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        cores = int(configured)
    elif "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    else:
        return 1
    return max(1, min(cores, items // min_per_worker))


def _work_share(share: int) -> list[Any]:
    assert _job is not None, "workers are forked from map_on_cores"
    items, work, send, processes = _job
    return [send(work(item)) for item in items[share::processes]]
