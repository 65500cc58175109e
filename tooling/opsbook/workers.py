"""CPU-bound work on independent items, on every core: parsing files, rendering record pages.

Each of n processes takes every n-th item (items of one kind, and cost, come in runs, so
contiguous slices would leave one process with all the costly ones): forked workers take all
shares but the first, which this process does meanwhile, and results come back in item order.
Workers inherit the items and the work through fork (nothing is pickled on the way out); each
result is `send` in the worker and `receive`d here (plain tuples and strings travel cheaply,
rich objects do not: plain values go back by marshal, three times faster than pickle both ways). A worker that fails has its share done again here, which raises the error.
Small jobs, platforms without fork, and processes that already run threads (forking those can
deadlock; `mkdocs serve` is one) work serially, with the same results.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# OPSBOOK_WORKERS=1 forces serial work (for profiling, or a machine that is shared).
WORKERS_VARIABLE = "OPSBOOK_WORKERS"


def map_on_cores(work: Callable[[Item], Result], items: Sequence[Item], *, min_per_worker: int,
                 send: Callable[[Result], Any] = lambda result: result,
                 receive: Callable[[Any], Result] = lambda sent: sent) -> list[Result]:
    """`[work(item) for item in items]`, on up to one core per `min_per_worker` items."""
    processes = worker_count(len(items), min_per_worker)
    if processes <= 1:
        return [work(item) for item in items]
    workers = _start_workers(work, items, send, processes)
    shares = {0: [work(item) for item in items[0::processes]]}
    for share, process, reader in workers:
        shares[share] = _collect(reader, receive)
        process.join()
    for share in range(1, processes):
        if shares.get(share) is None:
            shares[share] = [work(item) for item in items[share::processes]]
    results: list[Result] = []
    for position in range(len(shares[0])):
        results.extend(shares[share][position] for share in range(processes) if position < len(shares[share]))
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


def _start_workers(work: Callable[[Any], Any], items: Sequence[Any], send: Callable[[Any], Any],
                   processes: int) -> list[tuple[int, Any, Connection]]:
    """A forked process for each share but the first: (share, process, the end it sends to)."""
    context = multiprocessing.get_context("fork")
    workers = []
    for share in range(1, processes):
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_work_share, args=(writer, work, items[share::processes], send),
                                  daemon=True)
        try:
            process.start()
        except OSError:  # no process to spare: this one does the share
            reader.close()
            continue
        finally:
            writer.close()
        workers.append((share, process, reader))
    return workers


def _work_share(writer: Connection, work: Callable[[Any], Any], items: Sequence[Any],
                send: Callable[[Any], Any]) -> None:
    try:
        results: list[Any] | None = [send(work(item)) for item in items]
    except Exception:
        results = None  # the parent does the share again, and meets the error itself
    try:
        writer.send_bytes(b"m" + marshal.dumps(results))
    except ValueError:  # not plain values only
        writer.send_bytes(b"p" + pickle.dumps(results, pickle.HIGHEST_PROTOCOL))
    writer.close()


def _collect(reader: Connection, receive: Callable[[Any], Result]) -> list[Result] | None:
    try:
        message = reader.recv_bytes()
    except EOFError:  # the worker died before sending
        return None
    finally:
        reader.close()
    sent = marshal.loads(memoryview(message)[1:]) if message[:1] == b"m" else pickle.loads(memoryview(message)[1:])
    return None if sent is None else [receive(each) for each in sent]


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk step. Loaded records are trees of dicts, lists and
    strings that reference counting frees; but the collector, started by every few hundred new
    objects, walks everything loaded so far each time: a tenth of a validation's CPU at 10,000
    records, for nothing found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
