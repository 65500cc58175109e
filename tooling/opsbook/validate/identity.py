"""Identity: the ID matches its file and its folder's kind, and is unique in the repository."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, error
from opsbook.model import Record, Repository


def check_identity(repository: Repository) -> Iterator[Diagnostic]:
    width = repository.config.id_width
    seen: dict[str, Record] = {}
    for record in repository.records:
        record_id = record.data.get("id")
        if not isinstance(record_id, str):
            continue  # the schema reports a missing or mistyped id
        yield from _check_form(record, record_id, width)
        key = identity_key(record_id)
        first = seen.setdefault(key, record)
        if first is not record:
            line, column = record.position(("id",))
            other_line, _ = first.position(("id",))
            yield error(record.path, line, column, "id-duplicate",
                        f"ID {record_id!r} is already used by {first.path}:{other_line}"
                        + ("" if first.id == record_id else
                           f" (as {first.id!r}; IDs are compared ignoring case, Unicode form and leading zeros)"))


def identity_key(record_id: str) -> str:
    """What makes two IDs the same to a reader: INC-0042, inc-0042, INC-00042 and a fullwidth
    ＩＮＣ-００４２ all name one incident."""
    normal = unicodedata.normalize("NFKC", record_id).casefold()
    prefix, _, number = normal.rpartition("-")
    return f"{prefix}-{number.lstrip('0') or '0'}" if number.isdecimal() else normal


def _check_form(record: Record, record_id: str, width: int) -> Iterator[Diagnostic]:
    kind = record.kind
    if not re.fullmatch(rf"{kind.prefix}-[0-9]{{{width},}}", record_id):
        line, column = record.position(("id",))
        yield error(record.path, line, column, "id-format",
                    f"{record_id!r} is not a valid {kind.label.lower()} ID; {kind.label.lower()} IDs look like "
                    f"{kind.prefix}-{'1'.zfill(width)}")
    elif not _matches_file(record, record_id):
        line, column = record.position(("id",))
        expected = f"{record_id}.yaml" if not kind.is_document else f"{record_id}.md or {record_id}-<slug>.md"
        yield error(record.path, line, column, "id-file-mismatch",
                    f"ID {record_id!r} does not match the file name; name the file {expected}")


def _matches_file(record: Record, record_id: str) -> bool:
    stem = record.stem
    if record.kind.is_document:
        return stem == record_id or stem.startswith(record_id + "-")
    return stem == record_id
