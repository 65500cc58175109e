"""A record's field values as HTML: scalars escaped, references linked, Markdown sanitized."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from opsbook.formats import is_safe_link
from opsbook.graph import MENTION
from opsbook.kinds import Kind
from opsbook.site.render.html import badge, ref, table
from opsbook.site.render.markdown import render_markdown
from opsbook.site.render.text import h
from opsbook.site.structure.model import SiteModel

Path = tuple[str | int, ...]


def mention_linker(model: SiteModel, page: str) -> Callable[[str], str]:
    """Turns plain text into escaped HTML with known record IDs linked, title as tooltip."""
    def link(text: str) -> str:
        out, last = [], 0
        for match in MENTION.finditer(text):
            record = model.repository.by_id.get(match.group(1))
            if record is None:
                continue
            out.append(h_keep(text[last:match.start()]))
            href = model.site.href(page, model.site.uri(record))
            out.append(f'<a class="opsbook-ref" href="{h(href)}" title="{h(record.title)}">{h(record.id)}</a>')
            last = match.end()
        out.append(h_keep(text[last:]))
        return "".join(out)
    return link


def h_keep(text: str) -> str:
    """Escaped text keeping its line breaks (for text inside rendered Markdown)."""
    return html.escape(text, quote=False)


def markdown_html(model: SiteModel, page: str, text: Any) -> str:
    if not isinstance(text, str):
        return h(text)
    return f'<div class="opsbook-md">{render_markdown(text, mention_linker(model, page))}</div>'


def value_html(model: SiteModel, page: str, kind: Kind, path: Path, value: Any) -> str:
    info = model.fields.info(kind, path)
    if isinstance(value, str):
        if info.markdown:
            return markdown_html(model, page, value)
        if info.target is not None:
            return ref(model, page, value)
        if path and path[-1] == "status":
            return badge(value)
        return _link_or_text(value, path)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return objects_table(model, page, kind, path, value)
        items = "".join(f"<li>{value_html(model, page, kind, (*path, i), item)}</li>"
                        for i, item in enumerate(value))
        return f'<ul class="opsbook-values">{items}</ul>' if items else ""
    if isinstance(value, dict):
        rows = [(field_label(model, kind, (*path, key)), value_html(model, page, kind, (*path, key), item))
                for key, item in value.items()]
        return table(["Field", "Value"], rows, css="opsbook-subfields")
    return h(value)


def _link_or_text(value: str, path: Path) -> str:
    if path and path[-1] == "url" and is_safe_link(value):
        return f'<a href="{h(value)}" rel="nofollow noopener">{h(value)}</a>'
    return h(value)


def field_label(model: SiteModel, kind: Kind, path: Path) -> str:
    """The field's title, with the schema's description as its tooltip."""
    info = model.fields.info(kind, path)
    label = h(info.label or str(path[-1]))
    if info.help:
        return f'<abbr title="{h(info.help)}">{label}</abbr>'
    return label


def objects_table(model: SiteModel, page: str, kind: Kind, path: Path, items: list[dict[str, Any]]) -> str:
    """A list of objects (approvals, milestones, outages, ...) as one table."""
    columns = list(dict.fromkeys(key for item in items for key in item))
    headers = [field_label(model, kind, (*path, 0, key)) for key in columns]
    rows = [[value_html(model, page, kind, (*path, i, key), item[key]) if key in item else ""
             for key in columns] for i, item in enumerate(items)]
    return table(headers, rows, css="opsbook-objects")
