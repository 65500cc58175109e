"""A record's field values as HTML: scalars escaped, references linked, Markdown sanitized."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from opsbook.formats import is_safe_link
from opsbook.graph import MENTION
from opsbook.kinds import Kind
from opsbook.model import Record
from opsbook.site.render.html import badge, ref, table
from opsbook.site.render.human import help_plain, is_when, money_text, number_text, state_label, when_html
from opsbook.site.render.markdown import render_markdown
from opsbook.site.render.text import h
from opsbook.site.structure.fields import FieldInfo
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


def value_html(model: SiteModel, page: str, kind: Kind, path: Path, value: Any,
               record: Record | None = None) -> str:
    """A field's value for people; `record` (when known) gives money its currency and times
    their zone."""
    info = model.fields.info(kind, path)
    if isinstance(value, str):
        return _text_html(model, page, info, path, value, record)
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return objects_table(model, page, kind, path, value, record)
        items = "".join(f"<li>{value_html(model, page, kind, (*path, i), item, record)}</li>"
                        for i, item in enumerate(value))
        return f'<ul class="opsbook-values">{items}</ul>' if items else ""
    if isinstance(value, dict):
        rows = [(field_label(model, kind, (*path, key)), value_html(model, page, kind, (*path, key), item, record))
                for key, item in value.items()]
        return table(["Field", "Value"], rows, css="opsbook-subfields", label=info.label)
    if info.definition == "money" or (path and path[-1] in _MONEY):
        return h(money_text(value, _currency(record, value if isinstance(value, dict) else None)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return h(number_text(value))
    return h(value)


# Amount fields outside the shared `money` definition (asset costs are plain numbers).
_MONEY = frozenset({"purchase", "monthly", "budget", "cost_to_date", "actual_cost"})


def _text_html(model: SiteModel, page: str, info: FieldInfo, path: Path, value: str,
               record: Record | None) -> str:
    if info.markdown:
        return markdown_html(model, page, value)
    if info.target is not None:
        return ref(model, page, value)
    if path and path[-1] == "status":
        return badge(value)
    if info.definition in ("timestamp", "date") and is_when(value):
        zone = model.zone_for(record) if record is not None else model.zone
        return when_html(value, zone, model.now)
    if info.enum:
        return f'<span data-value="{h(value)}">{h(state_label(value))}</span>'
    return _link_or_text(value, path)


def _currency(record: Record | None, _: object = None) -> str | None:
    if record is None:
        return None
    found = record.data.get("currency")
    cost = record.data.get("cost")
    if not isinstance(found, str) and isinstance(cost, dict):
        found = cost.get("currency")
    return found if isinstance(found, str) else None


def _link_or_text(value: str, path: Path) -> str:
    if path and path[-1] == "url" and is_safe_link(value):
        return f'<a href="{h(value)}" rel="nofollow noopener">{h(value)}</a>'
    return h(value)


def field_label(model: SiteModel, kind: Kind, path: Path) -> str:
    """The field's title, with the schema's description as its tooltip."""
    info = model.fields.info(kind, path)
    label = h(info.label or str(path[-1]))
    if info.help:
        return f'<abbr title="{h(help_plain(info.help))}">{label}</abbr>'
    return label


def objects_table(model: SiteModel, page: str, kind: Kind, path: Path, items: list[dict[str, Any]],
                  record: Record | None = None) -> str:
    """A list of objects (approvals, milestones, outages, ...) as one table."""
    columns = list(dict.fromkeys(key for item in items for key in item))
    headers = [field_label(model, kind, (*path, 0, key)) for key in columns]
    rows = [[value_html(model, page, kind, (*path, i, key), item[key], record) if key in item else ""
             for key in columns] for i, item in enumerate(items)]
    return table(headers, rows, css="opsbook-objects", label=model.fields.info(kind, path).label)
