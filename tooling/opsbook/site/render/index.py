"""One index page per kind: a table of the key columns that the site's own script makes
sortable and filterable by status, service, owner and tag, without leaving the page."""

from __future__ import annotations

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
    Sorting and filtering work on the rows of the page shown."""
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
            f"(rows {first}–{last}, newest first; sorting and filters apply to this page): "
            + " ".join(links) + "</nav>")


def _index_markdown(model: SiteModel, kind: Kind, page: str, records: list[Record],
                    broken: list[Unloadable], summary: str, pager: str) -> str:
    columns = [c for c in kind.columns if c != "status"]
    headers = ["ID", "Title", "Status", *(_header(model, kind, c) for c in columns)]
    rows = [_unloadable_row(model, page, u, len(columns)) for u in broken] if pager else []
    rows += [_row(model, page, kind, r, columns) for r in records]
    rows += [] if pager else [_unloadable_row(model, page, u, len(columns)) for u in broken]
    head = "".join(f'<th data-sort="{i}">{cell}</th>' for i, cell in enumerate(headers))
    table = (f'<table class="opsbook-index" data-opsbook-table{UNSEARCHED}>\n<thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    description = kind.schema.get("description", "")
    return (f'<h1 class="opsbook-title">{h(kind.plural)}</h1>\n'
            + block(f'<p class="opsbook-help">{h(description)}</p>\n<p class="opsbook-count">{summary}</p>')
            + (block(pager) if pager else "")
            + block('<div class="opsbook-filters" data-opsbook-filters></div>')
            + block(table)
            + (block(pager) if pager else ""))


def _header(model: SiteModel, kind: Kind, column: str) -> str:
    info = model.fields.info(kind, (column,))
    label = h(info.label if info.help else humanize(column))
    return f'<abbr title="{h(info.help)}">{label}</abbr>' if info.help else label


def _row(model: SiteModel, page: str, kind: Kind, record: Record, columns: list[str]) -> str:
    invalid = model.is_invalid(record)
    cells = [_self_link(model, page, record), h(record.title), badge(record.status) + (" " + invalid_badge() if invalid else "")]
    for column in columns:
        cells.append(_cell(model, page, kind, record, column))
    return f"<tr{filter_attributes(record, invalid)}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def filter_attributes(record: Record, invalid: bool) -> str:
    """The row attributes the site's script filters on (status, service, owner, tags)."""
    return (f' data-status="{attr_token(record.status)}"'
            f' data-service="{_tokens(_services(record))}"'
            f' data-owner="{attr_token(_owner(record.data))}"'
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
    href = model.site.href(page, model.site.uri(item))
    cells = [f'<a class="opsbook-ref" href="{h(href)}">{h(item.stem)}</a>',
             f"could not be loaded: <code>{h(item.path)}</code>",
             badge("unloadable") + " " + invalid_badge(), *([""] * extra)]
    return ('<tr data-status="unloadable" data-service="" data-owner="" data-tags="" data-invalid="true"'
            ' class="opsbook-invalid-row">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")


def _services(record: Record) -> list[str]:
    if record.kind.name == "service":
        return [record.id]
    found = []
    for key in ("service", "services"):
        value = record.data.get(key)
        found += [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)] \
            if isinstance(value, list) else []
    return found


def _owner(data: dict[str, Any]) -> str:
    return next((data[k] for k in _OWNER_FIELDS if isinstance(data.get(k), str)), "")


def _tokens(values: Any) -> str:
    if not isinstance(values, list):
        return ""
    return h(" ".join(v.replace(" ", "_") for v in values if isinstance(v, str)))
