"""One index page per kind: a table of the key columns that the site's own script makes
sortable and filterable by status, service, owner and tag, without leaving the page."""

from __future__ import annotations

from typing import Any

from opsbook.kinds import Kind
from opsbook.model import Record, Unloadable
from opsbook.site.render.html import badge, block, invalid_badge
from opsbook.site.render.text import attr_token, h, humanize
from opsbook.site.render.values import value_html
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import priority
from opsbook.site.structure.site import index_uri

_OWNER_FIELDS = ("owner", "assignee", "manager", "requested_for")


def index_page(model: SiteModel, kind: Kind) -> str:
    page = index_uri(kind)
    records = sorted(model.repository.of_kind(kind.name), key=lambda r: r.id)
    broken = [u for u in model.repository.unloadable if u.kind is kind]
    columns = [c for c in kind.columns if c != "status"]
    headers = ["ID", "Title", "Status", *(_header(model, kind, c) for c in columns)]
    rows = [_row(model, page, kind, r, columns) for r in records]
    rows += [_unloadable_row(model, page, u, len(columns)) for u in broken]
    invalid = sum(1 for r in records if model.is_invalid(r)) + len(broken)
    summary = f"{len(records) + len(broken)} {h(kind.plural.lower())}" + (
        f", {invalid} invalid" if invalid else "")
    head = "".join(f'<th data-sort="{i}">{cell}</th>' for i, cell in enumerate(headers))
    table = (f'<table class="opsbook-index" data-opsbook-table>\n<thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")
    description = kind.schema.get("description", "")
    return (f'<h1 class="opsbook-title">{h(kind.plural)}</h1>\n'
            + block(f'<p class="opsbook-help">{h(description)}</p>\n<p class="opsbook-count">{summary}</p>')
            + block('<div class="opsbook-filters" data-opsbook-filters></div>')
            + block(table))


def _header(model: SiteModel, kind: Kind, column: str) -> str:
    info = model.fields.info(kind, (column,))
    label = h(info.label if info.help else humanize(column))
    return f'<abbr title="{h(info.help)}">{label}</abbr>' if info.help else label


def _row(model: SiteModel, page: str, kind: Kind, record: Record, columns: list[str]) -> str:
    invalid = model.is_invalid(record)
    cells = [_self_link(model, page, record), h(record.title), badge(record.status) + (" " + invalid_badge() if invalid else "")]
    for column in columns:
        cells.append(_cell(model, page, kind, record, column))
    attrs = (f' data-status="{attr_token(record.status)}"'
             f' data-service="{_tokens(_services(record))}"'
             f' data-owner="{attr_token(_owner(record.data))}"'
             f' data-tags="{_tokens(record.data.get("tags"))}"'
             + (' data-invalid="true" class="opsbook-invalid-row"' if invalid else ""))
    return f"<tr{attrs}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


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
