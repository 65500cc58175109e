"""Rows of a CSV export, read as the exporting tools write them: UTF-8 (with or without a byte
order mark), quoted fields spanning lines, and a column name repeated once per value of a
multi-valued field (Jira writes `Labels,Labels,Labels`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


class CsvError(ValueError):
    """The file is not a readable CSV export; the message says why."""


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the file where the row starts
    cells: dict[str, tuple[str, ...]]  # column name -> its values, one per repeated column

    def values(self, columns: tuple[str, ...]) -> list[str]:
        """Every non-empty value of the named columns, in the order the columns are named."""
        return [v for c in columns for v in self.cells.get(c, ()) if v.strip()]

    def first(self, columns: tuple[str, ...]) -> str | None:
        found = self.values(columns)
        return found[0] if found else None


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def read_table(raw: bytes, source: str) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError(f"{source}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                       "export the file as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(name.strip() for name in next(reader))
        rows = tuple(_rows(reader, header, source))
    except StopIteration:
        raise CsvError(f"{source}: the file is empty") from None
    except csv.Error as exc:
        raise CsvError(f"{source}:{reader.line_num}: not valid CSV: {exc}") from None
    return Table(header, rows)


def _rows(reader: Iterator[list[str]], header: tuple[str, ...], source: str) -> Iterator[Row]:
    start = 2
    for cells in reader:
        line = start
        start = reader.line_num + 1  # type: ignore[attr-defined]
        if not any(cell.strip() for cell in cells) or tuple(c.strip() for c in cells) == header:
            continue  # a blank line, or the header again where exports were concatenated
        if len(cells) > len(header):
            raise CsvError(f"{source}:{line}: {len(cells)} fields, but the header names {len(header)}")
        grouped: dict[str, list[str]] = {}
        for name, cell in zip(header, cells):
            grouped.setdefault(name, []).append(cell.replace("\r\n", "\n").replace("\r", "\n"))
        yield Row(line, {name: tuple(values) for name, values in grouped.items()})
