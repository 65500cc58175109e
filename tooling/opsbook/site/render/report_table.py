"""A KPI report's `Table` as an HTML table: the same rows, columns and cell text as
`opsbook report` prints (`opsbook.tables.cell_text`), with record IDs as links.

Every table and cell carries its report, table and column names (`data-report`,
`data-table`, `data-column`), so a test can check each number against the CLI's JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from opsbook.site.render.html import badge, ref
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
                 notes: bool = True) -> str:
    """The table, rows flagged by `flag` highlighted (a breach, a failed change)."""
    shown = list(columns or table.columns)
    if not table.rows:
        return (f'<p class="opsbook-none" data-report="{h(report)}" data-table="{h(table.name)}">'
                f"None.</p>" + (_notes(table) if notes else ""))
    head = "".join(f'<th data-column="{h(c)}">{h(label(c))}</th>' for c in shown)
    body = []
    for row in table.as_dicts():
        flagged = flag is not None and flag(row)
        cells = "".join(f'<td data-column="{h(c)}">{cell_html(model, page, c, row[c])}</td>' for c in shown)
        body.append(f"<tr{FLAGGED if flagged else ''}>{cells}</tr>")
    return (f'<table class="opsbook-table opsbook-kpi" data-report="{h(report)}" data-table="{h(table.name)}">'
            f"\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"
            + (_notes(table) if notes else ""))


def cell_html(model: SiteModel, page: str, column: str, value: Any) -> str:
    """A cell as `opsbook report` writes it; a record's ID links to its page."""
    if isinstance(value, str) and value in model.repository.by_id:
        return ref(model, page, value, with_title=False)
    if column in BADGES and isinstance(value, str):
        return badge(value)
    return h(cell_text(value))


def _notes(table: Table) -> str:
    return "".join(f'<p class="opsbook-help">{h(note)}</p>' for note in table.notes)


def section(model: SiteModel, page: str, report: str, table: Table, *, heading: str | None = None,
            columns: Sequence[str] | None = None, flag: RowTest | None = None) -> str:
    """A `##` heading (the table's title) and the table, as one Markdown chunk."""
    title = heading if heading is not None else table.title
    return (f"## {md_text(title)}\n\n"
            + report_table(model, page, report, table, columns=columns, flag=flag) + "\n")
