"""KB article pages: front matter as metadata, the body rendered and sanitized with record IDs
linked (title as tooltip), related records and backlinks; retired articles clearly marked."""

from __future__ import annotations

from opsbook.model import Record
from opsbook.site.render.html import block
from opsbook.site.render.record import (
    backlinks_section,
    fields_section,
    history_section,
    problems_block,
    title_block,
)
from opsbook.site.render.values import markdown_html
from opsbook.site.structure.model import SiteModel


def article_page(model: SiteModel, article: Record) -> str:
    page = model.site.uri(article)
    parts = [title_block(model, article), _retired_notice(model, page, article),
             problems_block(model, article.path)]
    parts.append(block(markdown_html(model, page, article.body or "")))
    parts.append(fields_section(model, page, article).replace("## Fields", "## About this article", 1))
    parts.append(backlinks_section(model, page, article))
    parts.append(history_section(model, article.path))
    return "\n".join(part for part in parts if part) + "\n"


def _retired_notice(model: SiteModel, page: str, article: Record) -> str:
    if article.status != "retired":
        return ""
    from opsbook.site.render.html import ref
    replaced = article.data.get("replaced_by")
    successor = f" Use {ref(model, page, replaced)} instead." if isinstance(replaced, str) else ""
    return block('<div class="admonition warning opsbook-retired"><p class="admonition-title">Retired article</p>'
                 f"<p>This article is retired and may be out of date.{successor}</p></div>")
