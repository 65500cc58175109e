"""Every generated page of the site, from one call: `build_pages()`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from opsbook.model import Record
from opsbook.site.render.dashboard import home_page, standup_page
from opsbook.site.render.index import index_page
from opsbook.site.render.kb import article_page
from opsbook.site.render.problems import problems_page, unloadable_page
from opsbook.site.render.record import record_page
from opsbook.site.render.service import asset_page, service_page
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import HOME, PROBLEMS_FOUND, STANDUP, TAGS, index_uri

_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Page:
    """A generated Markdown page. `title` is plain text (the plugin makes it safe for themes);
    `source` is the repository-relative file an "edit" link opens; `nav` is the navigation
    section the page belongs to, or None for pages reached only by links."""

    uri: str
    title: str
    markdown: str
    source: str | None = None
    nav: str | None = None
    tags: tuple[str, ...] = field(default=())


# Record pages by kind; any kind not listed gets the generic record page.
RECORD_PAGES: dict[str, Callable[[SiteModel, Record], str]] = {
    "service": service_page,
    "asset": asset_page,
    "kb": article_page,
}


def build_pages(model: SiteModel, site_title: str = "opsbook") -> list[Page]:
    return [*_overview_pages(model, site_title), *_record_pages(model)]


def _overview_pages(model: SiteModel, site_title: str) -> Iterator[Page]:
    yield Page(HOME, "Home", home_page(model, site_title), nav="Home")
    yield Page(STANDUP, "Stand-up", standup_page(model), nav="Stand-up")
    for kind in model.repository.kinds:
        yield Page(index_uri(kind), kind.plural, index_page(model, kind), source=None, nav="Indexes")
    yield Page(TAGS, "Tags", '<h1 class="opsbook-title">Tags</h1>\n\n<!-- material/tags -->\n', nav="Tags")
    yield Page(PROBLEMS_FOUND, "Problems found", problems_page(model), nav="Problems found")


def _record_pages(model: SiteModel) -> Iterator[Page]:
    for record in model.repository.records:
        render = RECORD_PAGES.get(record.kind.name, record_page)
        nav = "Services" if record.kind.name == "service" else None
        yield Page(model.site.uri(record), f"{record.id}: {record.title}", render(model, record),
                   source=record.path, nav=nav, tags=safe_tags(record.data.get("tags")))
    for item in model.repository.unloadable:
        yield Page(model.site.uri(item), item.path, unloadable_page(model, item), source=item.path)


def safe_tags(value: object) -> tuple[str, ...]:
    """Tags that are valid slugs; a tag of an invalid record never reaches page metadata raw."""
    if not isinstance(value, list):
        return ()
    return tuple(tag for tag in value if isinstance(tag, str) and _TAG.match(tag))
