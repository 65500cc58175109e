"""The projects index as the portfolio: the `projects` table that `opsbook report projects`
prints for the site's "now", cell for cell (`report_table.cell_html`, `tables.cell_text`), with
the index's sorting and filters. One list of projects, not an index and a portfolio that could
disagree; the figures are explained on each project's page."""

from __future__ import annotations

from opsbook.kinds import Kind
from opsbook.projects.report import projects_report
from opsbook.site.render.earned_value import MEANINGS
from opsbook.site.render.gantt import project_rows
from opsbook.site.render.html import UNSEARCHED, badge, block, link_list
from opsbook.site.render.human import help_html, when_html
from opsbook.site.render.index import filter_attributes
from opsbook.site.render.report_table import cell_html, label
from opsbook.site.render.text import h
from opsbook.site.render.timeline import Row, timeline_html
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.project import project_view
from opsbook.site.structure.queries import latest_report
from opsbook.site.structure.site import index_uri
from opsbook.tables import Table

REPORT = "projects"


def portfolio_page(model: SiteModel, kind: Kind) -> str:
    page = index_uri(kind)
    as_of = model.now.date()
    portfolio = projects_report(model.repository, as_of)
    intro = (f'<p class="opsbook-help">{help_html(str(kind.schema.get("description", "")))}</p>\n'
             f'<p class="opsbook-count">{_count(len(portfolio.rows))} as of {when_html(as_of.isoformat(), model.zone, model.now, relative=False)}: the table '
             f"<code>opsbook report projects --to {h(as_of)}</code> prints. RAG is the latest status "
             "report's; each project's page shows how every figure is worked out.</p>")
    notes = "".join(f"<li>{h(note)}</li>" for note in portfolio.notes)
    parts = [f'<h1 class="opsbook-title">{h(kind.plural)}</h1>', block(intro),
             block('<div class="opsbook-filters" data-opsbook-filters></div>'),
             block(portfolio_table(model, page, portfolio)),
             block(f'<ol class="opsbook-notes">{notes}</ol>'),
             "## Roadmap", block('<div class="opsbook-wide"></div>' + roadmap(model, page))]
    # Files that did not load are in no report; listed so that none is silently dropped.
    broken = [item for item in model.repository.unloadable if item.kind is kind]
    if broken:
        links = "".join(f'<li><a class="opsbook-ref" href="{h(model.site.href(page, model.site.uri(item)))}">'
                        f"{h(item.path)}</a></li>" for item in broken)
        parts += ["## Project files that could not be loaded",
                  block(f'<ul class="opsbook-links">{links}</ul>')]
    return "\n".join(parts) + "\n"


def roadmap(model: SiteModel, page: str) -> str:
    """Every active project on one chart: its baseline against its forecast, RAG beside it."""
    rows = []
    for project in sorted(model.repository.of_kind("project"), key=lambda r: r.id):
        if project.status in ("closed", "cancelled"):
            continue
        bars = [bar for row in project_rows(project_view(model, project)) for bar in row.bars]
        if bars:
            report = latest_report(project) or {}
            link = model.site.href(page, model.site.uri(project))
            rows.append(Row(f'<a class="opsbook-ref" href="{h(link)}">{h(project.id)}</a> {h(project.title)}',
                            tuple(bars), note=" " + badge(report.get("rag", ""))))
    if not rows:
        return '<p class="opsbook-none">No active project.</p>'
    legend = (("opsbook-bar-baseline", "Baseline"), ("opsbook-bar-forecast", "Forecast"))
    return ('<div class="opsbook-roadmap">'
            + timeline_html(rows, model.now.astimezone(model.zone).date(), "Roadmap of the active projects", legend)
            + "</div>")


def portfolio_table(model: SiteModel, page: str, portfolio: Table) -> str:
    if not portfolio.rows:
        return link_list(model, page, [])
    head = "".join(f'<th data-column="{h(c)}">{_header(c)}</th>' for c in portfolio.columns)
    rows = []
    for row in portfolio.as_dicts():
        record = model.repository.by_id.get(row["project"])
        attrs = filter_attributes(record, model.is_invalid(record)) if record is not None else ""
        cells = "".join(f'<td data-column="{h(column)}">{_cell(model, page, column, value)}</td>'
                        for column, value in row.items())
        rows.append(f"<tr{attrs}>{cells}</tr>")
    return (f'<table class="opsbook-table opsbook-portfolio" data-opsbook-table data-report="{REPORT}" '
            f'data-table="{h(portfolio.name)}"{UNSEARCHED}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def _header(column: str) -> str:
    text = label(column)
    meaning = MEANINGS.get(text)
    if meaning is None:
        return h(text)
    tip = f"{meaning[0]} {meaning[1]}".strip()
    return f'<abbr title="{h(tip)}">{h(text)}</abbr>'


def _cell(model: SiteModel, page: str, column: str, value: object) -> str:
    if column == "RAG" and isinstance(value, str):
        return badge(value)
    return cell_html(model, page, column, value)


def _count(n: int) -> str:
    return f"{n} project" + ("" if n == 1 else "s")
