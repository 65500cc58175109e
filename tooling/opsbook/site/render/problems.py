"""The "problems found" page: every diagnostic of the build, linked to the page of its file."""

from __future__ import annotations

from opsbook.site.render.html import block, table
from opsbook.site.render.text import h
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import PROBLEMS_FOUND


def problems_page(model: SiteModel) -> str:
    pages = {item.path: model.site.uri(item) for item in [*model.repository.records, *model.repository.unloadable]}
    rows = []
    for d in model.diagnostics:
        where = f"{h(d.path)}:{d.line}:{d.column}"
        if d.path in pages:
            where = f'<a href="{h(model.site.href(PROBLEMS_FOUND, pages[d.path]))}">{where}</a>'
        rows.append((where, h(d.severity.value), h(d.message), f"<code>{h(d.code)}</code>"))
    summary = f"{len(rows)} problem{'s' if len(rows) != 1 else ''} found."
    body = table(["Where", "Severity", "Message", "Code"], rows) if rows else ""
    return ('<h1 class="opsbook-title">Problems found</h1>\n'
            + block(f'<p class="opsbook-count">{summary} <code>opsbook validate</code> reports the same.</p>')
            + (block(body) if body else ""))


def unloadable_page(model: SiteModel, item: object) -> str:
    from opsbook.site.render.record import history_section, problems_block
    path = item.path
    return (f'<h1 class="opsbook-title">{h(path)} <span class="opsbook-badge opsbook-invalid">'
            "could not be loaded</span></h1>\n"
            + problems_block(model, path) + "\n" + history_section(model, path) + "\n")
