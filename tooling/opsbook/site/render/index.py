"""One index page per kind: a table of the key columns, in pages of ROWS_PER_PAGE rows. The
index script (assets/opsbook/opsbook-index.js) filters and sorts it across every record of the
kind, from the kind's index data (site/render/index_data.py); without JavaScript each page
shows its rows and links to the others."""

from __future__ import annotations

import posixpath
from typing import Any

from opsbook.kinds import Kind
from opsbook.model import Record, Unloadable
from opsbook.site.render.html import UNSEARCHED, badge, block, invalid_badge
from opsbook.site.render.text import attr_token, h, humanize
from opsbook.site.render.values import value_html
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import priority
from opsbook.site.structure.site import index_uri

_OWNER_FIELDS = ("owner", "assignee", "manager", "requested_for")


# A table of this many rows stays well under 200 KB of HTML; more rows go to further pages, so
# an index of 4,000 incidents is 20 pages, not one 2 MB page the browser and the filters choke on.
ROWS_PER_PAGE = 200


def index_page(model: SiteModel, kind: Kind) -> str:
    """The index as one page (the first page when the kind has more records than fit)."""
    return index_pages(model, kind)[0][1]


def index_pages(model: SiteModel, kind: Kind) -> list[tuple[str, str]]:
    """(uri, Markdown) of each page of the kind's index. Up to ROWS_PER_PAGE records it is one
    page sorted by ID; beyond, pages of ROWS_PER_PAGE rows, newest first, at <folder>/page-N.md.
    With JavaScript, sorting and filtering cover every record of the kind on any of its pages."""
    records = sorted(model.repository.of_kind(kind.name), key=lambda r: r.id)
    broken = [u for u in model.repository.unloadable if u.kind is kind]
    invalid = sum(1 for r in records if model.is_invalid(r)) + len(broken)
    summary = f"{len(records) + len(broken)} {h(kind.plural.lower())}" + (
        f", {invalid} invalid" if invalid else "")
    if len(records) <= ROWS_PER_PAGE:
        return [(index_uri(kind), _index_markdown(model, kind, index_uri(kind), records, broken, summary, ""))]
    records.sort(key=_newest_first)
    chunks = [records[start:start + ROWS_PER_PAGE] for start in range(0, len(records), ROWS_PER_PAGE)]
    uris = [index_uri(kind)] + [page_uri(kind, n) for n in range(2, len(chunks) + 1)]
    # Unloadable files head the first page: they are what needs attention.
    return [(uri, _index_markdown(model, kind, uri, chunk, broken if n == 0 else [], summary,
                                  _pager(model, uris, n, len(records))))
            for n, (uri, chunk) in enumerate(zip(uris, chunks))]


def index_data_uri(kind: Kind) -> str:
    """The kind's index data (site/render/index_data.py), beside its first page."""
    return index_uri(kind).replace("index.md", "index-rows.json")


def index_data_href(model: SiteModel, page: str, kind: Kind) -> str:
    """The data file's address relative to one page of the index."""
    folder = model.site.url(page)
    folder = folder if folder == "" or folder.endswith("/") else posixpath.dirname(folder) + "/"
    return posixpath.relpath("/" + index_data_uri(kind), "/" + folder)


def page_uri(kind: Kind, number: int) -> str:
    return index_uri(kind).replace("index.md", f"page-{number}.md")


def _newest_first(record: Record) -> tuple[int, str]:
    number = record.id.rsplit("-", 1)[-1]
    return (-int(number) if number.isdigit() else 1, record.id)


def _pager(model: SiteModel, uris: list[str], current: int, total: int) -> str:
    first, last = current * ROWS_PER_PAGE + 1, min(total, (current + 1) * ROWS_PER_PAGE)
    shown = sorted({0, len(uris) - 1, *range(max(0, current - 3), min(len(uris), current + 4))})
    links, previous = [], -1
    for n in shown:
        if n > previous + 1:
            links.append("<span>…</span>")
        links.append(f'<strong aria-current="page">{n + 1}</strong>' if n == current
                     else f'<a href="{h(model.site.href(uris[current], uris[n]))}">{n + 1}</a>')
        previous = n
    return (f'<nav class="opsbook-pager" aria-label="Pages">Page {current + 1} of {len(uris)} '
            f"(rows {first}–{last} of {total}, newest first): "
            + " ".join(links) + "</nav>")


def _index_markdown(model: SiteModel, kind: Kind, page: str, records: list[Record],
                    broken: list[Unloadable], summary: str, pager: str) -> str:
    columns = index_columns(kind)
    headers = index_headers(model, kind, columns)
    rows = [_unloadable_row(model, page, u, len(columns)) for u in broken] if pager else []
    rows += [_row(model, page, kind, r, columns) for r in records]
    rows += [] if pager else [_unloadable_row(model, page, u, len(columns)) for u in broken]
    head = "".join(f'<th data-sort="{i}">{cell}</th>' for i, cell in enumerate(headers))
    number = 1 if page == index_uri(kind) else int(page.rsplit("-", 1)[-1].removesuffix(".md"))
    data = f' data-opsbook-index="{h(index_data_href(model, page, kind))}" data-page="{number}"'
    table = (f'<table class="opsbook-index" data-opsbook-table{data}{UNSEARCHED}>\n<thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    description = kind.schema.get("description", "")
    return (f'<h1 class="opsbook-title">{h(kind.plural)}</h1>\n'
            + block(f'<p class="opsbook-help">{h(description)}</p>\n<p class="opsbook-count">{summary}</p>')
            + (block(pager) if pager else "")
            + block('<div class="opsbook-filters" data-opsbook-filters></div>')
            + block(table)
            + (block(pager) if pager else ""))


def index_columns(kind: Kind) -> list[str]:
    """The kind's columns after ID, title and status."""
    return [c for c in kind.columns if c != "status"]


def index_headers(model: SiteModel, kind: Kind, columns: list[str]) -> list[str]:
    return ["ID", "Title", "Status", *(_header(model, kind, c) for c in columns)]


def _header(model: SiteModel, kind: Kind, column: str) -> str:
    info = model.fields.info(kind, (column,))
    label = h(info.label if info.help else humanize(column))
    return f'<abbr title="{h(info.help)}">{label}</abbr>' if info.help else label


def _row(model: SiteModel, page: str, kind: Kind, record: Record, columns: list[str]) -> str:
    cells = index_cells(model, page, kind, record, columns)
    return f"<tr{filter_attributes(record, model.is_invalid(record))}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def index_cells(model: SiteModel, page: str, kind: Kind, record: Record, columns: list[str]) -> list[str]:
    """The HTML of a record's cells, links relative to `page`."""
    invalid = model.is_invalid(record)
    cells = [_self_link(model, page, record), h(record.title), badge(record.status) + (" " + invalid_badge() if invalid else "")]
    return cells + [_cell(model, page, kind, record, column) for column in columns]


def filter_attributes(record: Record, invalid: bool) -> str:
    """The row attributes the site's script filters on (status, service, owner, tags)."""
    return (f' data-status="{attr_token(record.status)}"'
            f' data-service="{_tokens(services_of(record))}"'
            f' data-owner="{attr_token(owner(record.data))}"'
            f' data-tags="{_tokens(record.data.get("tags"))}"'
            + (' data-invalid="true" class="opsbook-invalid-row"' if invalid else ""))


def _self_link(model: SiteModel, page: str, record: Record) -> str:
    href = model.site.href(page, model.site.uri(record))
    return f'<a class="opsbook-ref" href="{h(href)}" title="{h(record.title)}">{h(record.id)}</a>'


def _cell(model: SiteModel, page: str, kind: Kind, record: Record, column: str) -> str:
    if column == "priority" and column not in record.data:
        return h(priority(model.repository, record) or "")
    value = record.data.get(column)
    if value is None:
        return ""
    return value_html(model, page, kind, (column,), value)


def _unloadable_row(model: SiteModel, page: str, item: Unloadable, extra: int) -> str:
    cells = unloadable_cells(model, page, item, extra)
    return ('<tr data-status="unloadable" data-service="" data-owner="" data-tags="" data-invalid="true"'
            ' class="opsbook-invalid-row">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")


def unloadable_cells(model: SiteModel, page: str, item: Unloadable, extra: int) -> list[str]:
    href = model.site.href(page, model.site.uri(item))
    return [f'<a class="opsbook-ref" href="{h(href)}">{h(item.stem)}</a>',
            f"could not be loaded: <code>{h(item.path)}</code>",
            badge("unloadable") + " " + invalid_badge(), *([""] * extra)]


def services_of(record: Record) -> list[str]:
    if record.kind.name == "service":
        return [record.id]
    found = []
    for key in ("service", "services"):
        value = record.data.get(key)
        found += [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)] \
            if isinstance(value, list) else []
    return found


def owner(data: dict[str, Any]) -> str:
    return next((data[k] for k in _OWNER_FIELDS if isinstance(data.get(k), str)), "")


def _tokens(values: Any) -> str:
    if not isinstance(values, list):
        return ""
    return h(" ".join(v.replace(" ", "_") for v in values if isinstance(v, str)))
