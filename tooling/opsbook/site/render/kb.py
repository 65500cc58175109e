"""KB article pages: front matter as metadata, the body rendered and sanitized with record IDs
linked (title as tooltip), related records and backlinks; retired articles clearly marked."""

from __future__ import annotations

import re

from opsbook.model import Record
from opsbook.site.render.html import block
from opsbook.site.render.record import (
    backlinks_section,
    fields_section,
    history_section,
    problems_block,
    title_block,
)
from opsbook.site.render.text import md_text
from opsbook.site.render.values import markdown_html
from opsbook.site.structure.model import SiteModel


def article_page(model: SiteModel, article: Record) -> str:
    page = model.site.uri(article)
    parts = [title_block(model, article), _retired_notice(model, page, article),
             problems_block(model, article.path)]
    parts.extend(article_body(model, page, article))
    parts.append(fields_section(model, page, article).replace("## Fields", "## About this article", 1))
    parts.append(backlinks_section(model, page, article))
    parts.append(history_section(model, article.path))
    return "\n".join(part for part in parts if part) + "\n"


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def article_body(model: SiteModel, page: str, article: Record) -> list[str]:
    """The article's own headings as page headings (in the table of contents, with anchors),
    each section's text rendered and sanitized between them. Its first `#` heading is the
    title the page already shows; the levels below never skip one (h2, then h3)."""
    parts: list[str] = []
    level = 1
    for depth, heading, text in _sections(article.body or ""):
        if heading is not None and not (depth == 1 and not parts and _same(heading, article.title)):
            level = min(max(depth, 2), level + 1)
            parts.append(f"{'#' * level} {md_text(heading.replace('`', ''))}")
        if text.strip():
            parts.append(block(markdown_html(model, page, text)))
    return parts


def _same(heading: str, title: str) -> bool:
    return heading.strip().lower() == title.strip().lower()


def _sections(body: str) -> list[tuple[int, str | None, str]]:
    """(level, heading, text after it): the text before the first heading has none."""
    sections: list[tuple[int, str | None, list[str]]] = [(0, None, [])]
    fenced = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        found = None if fenced else _HEADING.match(line)
        if found:
            sections.append((len(found.group(1)), found.group(2), []))
        else:
            sections[-1][2].append(line)
    return [(depth, heading, "\n".join(lines)) for depth, heading, lines in sections]


def _retired_notice(model: SiteModel, page: str, article: Record) -> str:
    if article.status != "retired":
        return ""
    from opsbook.site.render.html import ref
    replaced = article.data.get("replaced_by")
    successor = f" Use {ref(model, page, replaced)} instead." if isinstance(replaced, str) else ""
    return block('<div class="admonition warning opsbook-retired"><p class="admonition-title">Retired article</p>'
                 f"<p>This article is retired and may be out of date.{successor}</p></div>")
