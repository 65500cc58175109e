"""A report's result: a titled table that every output format (text, JSON, CSV, Markdown,
site page) renders the same way, so the CLI and the site can never disagree on a number."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from opsbook.spreadsheet import spreadsheet_cell


@dataclass
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


# Renderers: every one takes the tables of one report and returns the whole text. RENDERERS is
# the registry `opsbook report --format` offers.


def cell_text(value: Any) -> str:
    """A value as text: None as "-", whole floats without ".0", booleans as yes/no."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_text(tables: list[Table]) -> str:
    return "\n\n".join(map(_text_block, tables)) + "\n"


def _text_block(table: Table) -> str:
    """The table with aligned columns: numbers to the right, text to the left."""
    cells = [[cell_text(v) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(table.columns)]
    numeric = [all(v is None or (isinstance(v, int | float) and not isinstance(v, bool))
                   for v in column) for column in zip(*table.rows)] or [False] * len(table.columns)

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric)).rstrip()

    lines = [table.title, "=" * len(table.title), line(table.columns),
             line(["-" * w for w in widths]), *(line(row) for row in cells)]
    if not table.rows:
        lines.append("(none)")
    return "\n".join(lines + table.notes)


def render_json(tables: list[Table]) -> str:
    document = {"tables": [{"name": t.name, "title": t.title, "columns": t.columns,
                            "rows": t.as_dicts(), "notes": t.notes} for t in tables]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(tables: list[Table]) -> str:
    """One CSV block per table; with several, each is headed by a `# name: title` line."""
    out = io.StringIO()
    for index, table in enumerate(tables):
        if len(tables) > 1:
            out.write(("\n" if index else "") + f"# {table.name}: {spreadsheet_cell(table.title)}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([spreadsheet_cell(c) for c in table.columns])
        writer.writerows([[spreadsheet_cell(_csv_value(v)) for v in row] for row in table.rows])
    return out.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def render_markdown(tables: list[Table]) -> str:
    blocks = []
    for table in tables:
        lines = [f"## {_markdown_cell(table.title)}", ""]
        lines.append("| " + " | ".join(map(_markdown_cell, table.columns)) + " |")
        lines.append("| " + " | ".join("---" for _ in table.columns) + " |")
        lines += ["| " + " | ".join(_markdown_cell(cell_text(v)) for v in row) + " |" for row in table.rows]
        if table.notes:
            lines += ["", *map(_markdown_cell, table.notes)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _markdown_cell(text: str) -> str:
    """Record text is untrusted: escape what Markdown or HTML would interpret."""
    text = html.escape(text, quote=False)
    for char in "\\|`*_[]":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ")


Renderer = Callable[[list[Table]], str]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}
