"""Small HTML building blocks shared by every page; all record text is escaped here."""

from __future__ import annotations

import re
from collections.abc import Iterable

from opsbook.model import Record
from opsbook.site.render.human import state_label
from opsbook.site.render.text import h
from opsbook.site.structure.model import SiteModel

_CLASS_TOKEN = re.compile(r"[^a-z0-9_-]+")
# On lists and tables of other records (links, impact, history, indexes, reports): Material's
# search skips them, so a search finds a record by its own page, not by every page listing it.
UNSEARCHED = " data-search-exclude"


def css_token(value: object) -> str:
    return _CLASS_TOKEN.sub("-", str(value).lower()).strip("-")[:40] or "none"


def badge(status: object, extra: str = "") -> str:
    if status is None or status == "":
        return ""
    return (f'<span class="opsbook-badge opsbook-status-{css_token(status)}{extra}" data-state="{h(status)}">'
            f"{h(state_label(status))}</span>")


def invalid_badge() -> str:
    return '<span class="opsbook-badge opsbook-invalid">invalid</span>'


def ref(model: SiteModel, page: str, record_id: str, *, with_title: bool = True) -> str:
    """A link to a record, its title as tooltip (and shown), its status as a badge."""
    record = model.repository.by_id.get(record_id)
    if record is None:
        return f'<span class="opsbook-missing" title="no such record">{h(record_id)}</span>'
    return record_link(model, page, record, with_title=with_title)


def record_link(model: SiteModel, page: str, record: Record, *, with_title: bool = True) -> str:
    href = model.site.href(page, model.site.uri(record))
    link = f'<a class="opsbook-ref" href="{h(href)}" title="{h(record.title)}">{h(record.id)}</a>'
    if not with_title:
        return link
    flag = " " + invalid_badge() if model.is_invalid(record) else ""
    return f"{link} {h(record.title)} {badge(record.status)}{flag}".rstrip()


def link_list(model: SiteModel, page: str, records: Iterable[Record]) -> str:
    items = "".join(f"<li>{record_link(model, page, r)}</li>" for r in records)
    return f'<ul class="opsbook-links"{UNSEARCHED}>{items}</ul>' if items else '<p class="opsbook-none">None.</p>'


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], css: str = "opsbook-table",
          attrs: str = "", label: str = "") -> str:
    """An HTML table from already escaped cells, in a focusable scroll box (`label` names it
    for screen readers); one line per row keeps it one HTML block."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return scroll_box(f'<table class="{css}"{attrs}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>',
                      label or "Table", unsearched=UNSEARCHED in attrs)


def scroll_box(inner: str, label: str, *, unsearched: bool = False) -> str:
    """A wide table's frame: it scrolls sideways inside the page (never clipping it at 390 px)
    and can be focused and scrolled from the keyboard, as axe's scrollable-region rule asks.
    Around a table search skips, the frame is skipped too: the site's build then hands the
    search index the page without it (site/raw_blocks.py)."""
    return (f'<div class="opsbook-scroll" tabindex="0" role="region" aria-label="{h(label)}"'
            f'{UNSEARCHED if unsearched else ""}>{inner}</div>')


def block(html: str) -> str:
    """An HTML block set apart by blank lines, as Markdown requires."""
    return f"\n{html}\n"
