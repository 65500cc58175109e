"""The one YAML writer: every command that writes a record (new, renumber, import csv,
transition, set, note, from-issue) goes through `record_text` and `write_record`.

An existing file is edited in place, so its untouched parts stay byte for byte as they were
(comments, key order, quoting, blank lines); a new file gets the editor modeline and the
schema's field order. Whatever is written is read back with the strict loader first, and must
give exactly the data asked for, or nothing is written.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opsbook.kinds import Kind
from opsbook.load.repository import parse_record, split_front_matter
from opsbook.model import Record, Repository
from opsbook.writer.roundtrip import dump, load_layout, merge_mapping
from opsbook.writer.style import styled

MODELINE = "# yaml-language-server: $schema={schema}"


class WriteRefused(ValueError):
    """The text would not read back as the data asked for; nothing was written."""


@dataclass(frozen=True)
class Placeholder:
    """A line a new record carries for its author instead of a value: `line` (a comment or a
    `field: TODO` the schema refuses) stands where `field` goes in the schema's order."""

    field: str
    line: str


def record_text(kind: Kind, path: str, data: dict[str, Any], *, previous: str | None = None,
                schema_path: str | None = None, body: str | None = None,
                placeholders: tuple[Placeholder, ...] = ()) -> str:
    """The file text for `data` at `path` (repository-relative). With `previous` (the file's
    current text) only what differs is rewritten; a KB article keeps its body unless `body`."""
    _check_encodable(path, data)
    if previous is not None:
        front, old_body = _parts(kind, previous)
        text = _edited(kind, front, data)
        body = old_body if body is None else body
    else:
        text = _fresh(kind, path, data, schema_path, placeholders)
    full = f"---\n{text}---\n{body or ''}" if kind.is_document else text
    _check_reads_back(kind, path, full, data)
    return full


def write_record(repository: Repository, kind: Kind, path: str, data: dict[str, Any], *,
                 body: str | None = None, placeholders: tuple[Placeholder, ...] = (),
                 create: bool = False) -> str:
    """Write `data` to `path` (repository-relative) and return the text. An existing file is
    edited in place; `create` refuses to replace one. The file is replaced in one step, so a
    failure leaves it as it was."""
    target = repository.config.root / path
    previous = None if create else _read(target)
    schema = (repository.config.schemas_dir / kind.schema_file).relative_to(repository.config.root)
    text = record_text(kind, path, data, previous=previous, schema_path=schema.as_posix(), body=body,
                       placeholders=placeholders)
    replace_file(target, text, create=create or previous is None)
    return text


def edit_record(repository: Repository, record: Record, data: dict[str, Any]) -> str:
    """Write a loaded record with new data, keeping everything else as written."""
    return write_record(repository, record.kind, record.path, data)


def replace_file(target: Path, text: str, *, create: bool) -> None:
    """`text` into `target` through a temporary file beside it, so readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if create and target.exists():
        raise FileExistsError(17, "file exists", str(target))
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".opsbook-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _read(target: Path) -> str | None:
    try:
        return target.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def _parts(kind: Kind, text: str) -> tuple[str, str | None]:
    if not kind.is_document:
        return text, None
    split = split_front_matter(text)
    if split is None:
        raise WriteRefused("a KB article starts with YAML front matter between two '---' lines")
    return split[0], split[1]


def _edited(kind: Kind, front: str, data: dict[str, Any]) -> str:
    before = parse_record(kind, "(before)", front if not kind.is_document else f"---\n{front}---\n")
    if not isinstance(before, Record):
        raise WriteRefused("the file does not read as a record now; fix it by hand first")
    if before.data == data and _types_match(before.data, data):
        return front  # nothing to change: the text stays exactly as it is
    layout = load_layout(front)
    merge_mapping(layout, before.data, data, list(kind.schema.get("properties", {})))
    return dump(layout, front)


def _types_match(before: Any, after: Any) -> bool:
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_types_match(before[k], after[k]) for k in before)
    if isinstance(before, list):
        return len(before) == len(after) and all(map(_types_match, before, after))
    return True


def _fresh(kind: Kind, path: str, data: dict[str, Any], schema_path: str | None,
           placeholders: tuple[Placeholder, ...]) -> str:
    """Top-level fields one at a time, in the schema's order, placeholders among them."""
    lines = [MODELINE.format(schema=posixpath.relpath(schema_path, posixpath.dirname(path)))] \
        if schema_path else []
    waiting = {p.field: p.line for p in placeholders}
    for name in _ordered(kind, [*data, *waiting]):
        # A placeholder line stands for its field; when it holds a value (`impact: TODO`), the
        # data holds the same value, which the read-back check confirms.
        lines.append(waiting[name] if name in waiting else dump({name: styled(data[name])}).rstrip("\n"))
    return "\n".join(lines) + "\n"


def _ordered(kind: Kind, names: list[str]) -> list[str]:
    known = list(kind.schema.get("properties", {}))
    rank = {name: index for index, name in enumerate(known)}
    return sorted(dict.fromkeys(names), key=lambda name: rank.get(name, len(known)))


def _check_encodable(path: str, value: Any) -> None:
    """Command-line text that was not UTF-8 arrives as lone surrogates: refused, not written."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_encodable(path, key)
            _check_encodable(path, item)
    elif isinstance(value, list):
        for item in value:
            _check_encodable(path, item)
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise WriteRefused(f"{path}: {value.encode('utf-8', 'replace').decode()!r} is not valid "
                               "UTF-8 text; nothing was written") from None


def _check_reads_back(kind: Kind, path: str, text: str, data: dict[str, Any]) -> None:
    loaded = parse_record(kind, path, text)
    if not isinstance(loaded, Record):
        problem = loaded.diagnostics[0].message if loaded.diagnostics else "unreadable"
        raise WriteRefused(f"{path}: the written text would not load ({problem}); nothing was written")
    if loaded.data != data or not _types_match(loaded.data, data):
        raise WriteRefused(f"{path}: the written text would not read back as the values given; nothing was written")
