"""A KPI report's `Table` as an HTML table: the same rows, columns and cell text as
`opsbook report` prints (`opsbook.tables.cell_text`), with record IDs as links.

Every table and cell carries its report, table and column names (`data-report`,
`data-table`, `data-column`), so a test can check each number against the CLI's JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from opsbook.site.render.html import UNSEARCHED, badge, ref, scroll_box
from opsbook.site.render.human import duration_text, is_when, number_text, state_label, when_html
from opsbook.site.render.text import h, humanize, md_text
from opsbook.site.structure.model import SiteModel
from opsbook.tables import Table, cell_text

# Column names as a reader wants to see them; the rest are humanized.
LABELS = {
    "mtta_mean": "MTTA mean", "mtta_median": "MTTA median", "mtta_p90": "MTTA p90",
    "mttr_mean": "MTTR mean", "mttr_median": "MTTR median", "mttr_p90": "MTTR p90",
    "sla": "SLA", "tco": "TCO", "age_days": "Age (days)", "used_of_max": "Used of max (%)",
    "availability": "Availability (%)", "target": "Target (%)", "share": "Share (%)",
    "failure_rate": "Failure rate (%)", "success_rate": "Success rate (%)",
    "acknowledge_compliance": "Acknowledge compliance (%)", "resolve_compliance": "Resolve compliance (%)",
    "satisfied": "Satisfied (%)", "kpi": "KPI",
}
# Columns whose values are names of states, shown as badges.
BADGES = ("status", "state", "acknowledge", "resolve", "outcome", "worst")

FLAGGED = ' class="opsbook-breach" data-flag="yes"'
RowTest = Callable[[dict[str, Any]], bool]


def label(column: str) -> str:
    return LABELS.get(column, humanize(column))


def report_table(model: SiteModel, page: str, report: str, table: Table, *,
                 columns: Sequence[str] | None = None, flag: RowTest | None = None,
                 notes: bool = True, row_attrs: Callable[[dict[str, Any]], str] | None = None) -> str:
    """The table, rows flagged by `flag` highlighted (a breach, a failed change); `row_attrs`
    adds attributes (already escaped) to each row."""
    shown = list(columns or table.columns)
    if not table.rows:
        return (f'<p class="opsbook-none" data-report="{h(report)}" data-table="{h(table.name)}">'
                f"None.</p>" + (_notes(table) if notes else ""))
    head = "".join(f'<th scope="col" data-column="{h(c)}">{h(label(c))}</th>' for c in shown)
    body = []
    for row in table.as_dicts():
        flagged = flag is not None and flag(row)
        cells = "".join(f'<td data-column="{h(c)}">{cell_html(model, page, c, row[c])}</td>' for c in shown)
        extra = row_attrs(row) if row_attrs is not None else ""
        body.append(f"<tr{FLAGGED if flagged else ''}{extra}>{cells}</tr>")
    html = (f'<table class="opsbook-table opsbook-kpi" data-report="{h(report)}" data-table="{h(table.name)}"'
            f"{UNSEARCHED}>"
            f"\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>")
    return scroll_box(html, table.title or label(table.name)) + (_notes(table) if notes else "")


def cell_html(model: SiteModel, page: str, column: str, value: Any) -> str:
    """A cell as people read it: a record's ID links to its page, states are labels, moments
    and days are `<time>`, minutes are durations, numbers have thousands separators. The
    report's own value stays in the cell's `data-value` where the text differs."""
    text = _cell_text(model, page, column, value)
    raw = cell_text(value)
    return text if text == h(raw) else f'<span data-value="{h(raw)}">{text}</span>'


def _cell_text(model: SiteModel, page: str, column: str, value: Any) -> str:
    if isinstance(value, str) and value in model.repository.by_id:
        return ref(model, page, value, with_title=False)
    if column in BADGES and isinstance(value, str):
        return badge(value)
    if isinstance(value, str) and is_when(value):
        return when_html(value, model.zone, model.now)
    if isinstance(value, str):
        return h(_STATE_IN_TEXT.sub(lambda m: state_label(m.group(0)), value))
    if _is_minutes(column) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return h(duration_text(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return h(number_text(value))
    return h(cell_text(value))


# snake_case words inside report text ("SVC-0002 (partial_outage)") are states to label.
_STATE_IN_TEXT = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _is_minutes(column: str) -> bool:
    """Report columns in minutes: MTTA/MTTR figures and SLA clocks."""
    return column.startswith(("mtta_", "mttr_")) or column.endswith(("_minutes", "_target"))


def _notes(table: Table) -> str:
    return "".join(f'<p class="opsbook-help">{h(note)}</p>' for note in table.notes)


def section(model: SiteModel, page: str, report: str, table: Table, *, heading: str | None = None,
            columns: Sequence[str] | None = None, flag: RowTest | None = None,
            shown: Excerpt | None = None) -> str:
    """A `##` heading (the table's title) and the table, as one Markdown chunk; with `shown`,
    only the rows it picks, and a note of how many rows the full table has."""
    title = heading if heading is not None else table.title
    picked = shown.of(table) if shown else table
    return (f"## {md_text(title)}\n\n" + report_table(model, page, report, picked, columns=columns, flag=flag)
            + (shown.note(report, table, picked) if shown else "") + "\n")


@dataclass(frozen=True)
class Excerpt:
    """The rows of a table a page has room for: those `keep` accepts, at most `limit` of them
    (the last ones, or the greatest by `rank`), in the report's order. Cells are untouched, so
    every row shown is a row `opsbook report` prints; at 10,000 records a page stays small."""

    limit: int
    which: str  # what the rows shown are, for the note: "the most recent incidents"
    keep: RowTest | None = None
    rank: Callable[[dict[str, Any]], Any] | None = None

    def of(self, table: Table) -> Table:
        rows = [(i, row) for i, row in enumerate(table.as_dicts()) if self.keep is None or self.keep(row)]
        if len(rows) > self.limit:
            rank = self.rank
            ranked = sorted(rows, key=lambda pair: (rank(pair[1]), pair[0]) if rank else pair[0])
            rows = sorted(ranked[len(rows) - self.limit:], key=lambda pair: pair[0])
        return Table(table.name, table.title, table.columns, [table.rows[i] for i, _ in rows], table.notes)

    def note(self, report: str, full: Table, picked: Table) -> str:
        if len(picked.rows) == len(full.rows):
            return ""
        return (f'<p class="opsbook-more" data-shown="{len(picked.rows)}" data-of="{len(full.rows)}">'
                f"Showing {len(picked.rows)} of {len(full.rows)} rows: {h(self.which)}. The full table: "
                f"<code>opsbook report {h(report)} --format csv</code> (or <code>--format json</code>).</p>")
