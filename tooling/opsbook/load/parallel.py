"""Loading a large repository on every core (opsbook.workers): parsing is CPU-bound and files
are independent. A check of one record at a time can run beside the parse, on the same core,
while the record is at hand (validation's schema and rules: one pass over the files, not two).
Workers send back plain tuples, never Kind or Diagnostic objects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.kinds import Kind, Kinds
from opsbook.model import Record, Unloadable
from opsbook.workers import cycle_collection_paused, map_on_cores

Loaded = Record | Unloadable
LoadOne = Callable[[Path, Kind], Loaded]
RecordCheck = Callable[[Record], Iterable[Diagnostic]]

# Below this many files a worker costs more to start than it saves.
MIN_FILES_PER_WORKER = 1000


def load_files(files: Sequence[tuple[Path, Kind]], load_one: LoadOne, kinds: Kinds,
               check: RecordCheck | None = None) -> tuple[list[Loaded], list[Diagnostic]]:
    """Every file loaded, in order, and what `check` found in the records among them."""
    def load_and_check(file: tuple[Path, Kind]) -> tuple[Loaded, list[Diagnostic]]:
        loaded = load_one(*file)
        return loaded, list(check(loaded)) if check is not None and isinstance(loaded, Record) else []

    with cycle_collection_paused():
        results = map_on_cores(load_and_check, files, min_per_worker=MIN_FILES_PER_WORKER,
                               send=_pack, receive=lambda packed: _unpack(packed, kinds))
    return [loaded for loaded, _ in results], [found for _, findings in results for found in findings]


def _pack(result: tuple[Loaded, list[Diagnostic]]) -> tuple[Any, ...]:
    loaded, findings = result
    sent = [_pack_diagnostic(d) for d in findings]
    if isinstance(loaded, Record):
        return (loaded.kind.name, loaded.data, loaded.path, loaded.text, loaded.line_offset,
                loaded.body, loaded.body_line, sent)
    return (loaded.kind.name if loaded.kind else None, loaded.path,
            [_pack_diagnostic(d) for d in loaded.diagnostics], sent)


def _unpack(packed: tuple[Any, ...], kinds: Kinds) -> tuple[Loaded, list[Diagnostic]]:
    findings = [_unpack_diagnostic(d) for d in packed[-1]]
    if len(packed) == 8:
        return Record(kinds[packed[0]], *packed[1:7]), findings
    name, path, diagnostics, _ = packed
    return Unloadable(kinds[name] if name else None, path, [_unpack_diagnostic(d) for d in diagnostics]), findings


def _pack_diagnostic(diagnostic: Diagnostic) -> tuple[str, int, int, str, str, str]:
    return (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.severity.value,
            diagnostic.message, diagnostic.code)


def _unpack_diagnostic(packed: tuple[str, int, int, str, str, str]) -> Diagnostic:
    path, line, column, severity, message, code = packed
    return Diagnostic(path, line, column, Severity(severity), message, code)
