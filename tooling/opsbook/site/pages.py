"""Every generated page of the site, from one call: `build_pages()`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from opsbook.kinds import Kind
from opsbook.model import Record
from opsbook.site.render.calendar import calendar_page
from opsbook.site.render.change import change_page
from opsbook.site.render.contribute import CONTRIBUTING, contributing_page, record_actions, report_incident
from opsbook.site.render.dashboard import home_page, standup_page
from opsbook.site.render.index import index_pages
from opsbook.site.render.kb import article_page
from opsbook.site.render.kpis import RENDERERS as KPI_RENDERERS
from opsbook.site.render.portfolio import portfolio_page
from opsbook.site.render.problems import problems_page, unloadable_page
from opsbook.site.render.project import project_page
from opsbook.site.render.record import record_page
from opsbook.site.render.record_form import new_record_page, new_record_uri
from opsbook.site.render.service import asset_page, service_page
from opsbook.site.render.status import status_page
from opsbook.site.structure.calendar import CALENDAR
from opsbook.site.structure.kpis import KPI_AREAS, KPI_HOME, STATUS
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import HOME, PROBLEMS_FOUND, STANDUP, TAGS, index_uri
from opsbook.workers import map_on_cores

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
    "change": change_page,
    "kb": article_page,
    "project": project_page,
}

# Index pages by kind; any kind not listed gets the generic index. The projects index is the
# portfolio: the same projects with the figures of `opsbook report projects`.
INDEX_PAGES: dict[str, Callable[[SiteModel, Kind], str]] = {
    "project": portfolio_page,
}


# The page an earlier build made for a record, when nothing it shows has changed (`mkdocs serve`).
Reuse = Callable[[Record], "Page | None"]


def build_pages(model: SiteModel, site_title: str = "opsbook", reuse: Reuse | None = None,
                overview: list[Page] | None = None) -> list[Page]:
    """Every page; `reuse` and `overview` let a live preview keep pages of the previous build."""
    return [*(overview if overview is not None else _overview_pages(model, site_title)),
            *_record_pages(model, reuse)]


def _overview_pages(model: SiteModel, site_title: str) -> Iterator[Page]:
    yield Page(HOME, "Home", home_page(model, site_title) + _reporting(model, HOME), nav="Home")
    yield Page(STANDUP, "Stand-up", standup_page(model), nav="Stand-up")
    yield Page(CALENDAR, "Change calendar", calendar_page(model), nav="Change calendar")
    for kind in model.repository.kinds:
        yield from kind_index_pages(model, kind)
    yield Page(TAGS, "Tags", '<h1 class="opsbook-title">Tags</h1>\n\n<!-- material/tags -->\n', nav="Tags")
    yield Page(PROBLEMS_FOUND, "Problems found", problems_page(model), nav="Problems found")
    yield from _kpi_pages(model)
    yield from _contributing_pages(model)


def _contributing_pages(model: SiteModel) -> Iterator[Page]:
    """How to propose records: the guide, and a "New record" form per kind."""
    kinds = list(model.repository.kinds)
    yield Page(CONTRIBUTING, "Contributing", contributing_page(model, model.host, kinds), nav="Contributing")
    for kind in kinds:
        yield Page(new_record_uri(kind), f"New {kind.label.lower()}", new_record_page(model, kind, model.host))


def _reporting(model: SiteModel, uri: str) -> str:
    found = report_incident(model, uri, model.host)
    return f"\n{found}\n" if found else ""


def kind_index_pages(model: SiteModel, kind: Kind) -> Iterator[Page]:
    if kind.name in INDEX_PAGES:
        markdown = INDEX_PAGES[kind.name](model, kind) + _new_record_link(model, kind, index_uri(kind))
        yield Page(index_uri(kind), kind.plural, markdown, nav="Indexes")
        return
    # Large indexes come in pages; only the first is in the navigation.
    for number, (uri, markdown) in enumerate(index_pages(model, kind), start=1):
        title = kind.plural if number == 1 else f"{kind.plural}, page {number}"
        if number == 1:
            markdown += _new_record_link(model, kind, uri)
        yield Page(uri, title, markdown, nav="Indexes" if number == 1 else None)


def _new_record_link(model: SiteModel, kind: Kind, uri: str) -> str:
    if kind.name == "incident":
        return _reporting(model, uri)
    href = model.site.href(uri, new_record_uri(kind))
    return f'\n<p class="opsbook-contribute" data-search-exclude><a class="md-button" href="{href}">New {kind.label.lower()}</a></p>\n'


def _kpi_pages(model: SiteModel) -> Iterator[Page]:
    """The KPI section and the status page, drawn from the `opsbook report` tables."""
    for uri, title in ((KPI_HOME, "Overview"), *KPI_AREAS):
        yield Page(uri, title, KPI_RENDERERS[uri](model), nav="KPIs")
    yield Page(STATUS, "Status", status_page(model) + _reporting(model, STATUS), nav="Status")


# Material renders the whole navigation into every page: beyond this many services, the
# services stay out of it (the services index lists them), or every page grows with them.
MAX_SERVICES_IN_NAV = 30
# The kinds whose tags reach Material's tags plugin (page chips and the Tags page): what a reader
# browses by topic. Incidents, changes and the like are thousands, and the Tags page would list
# every one of them; their tags stay on their pages and in the indexes' tag filter.
TAGGED_KINDS = frozenset({"kb", "service", "project"})


# Record pages are independent and rendering them is CPU-bound: a large site renders them on
# every core (opsbook.workers), this many pages at least per worker.
MIN_PAGES_PER_WORKER = 500


def _record_pages(model: SiteModel, reuse: Reuse | None = None) -> list[Page]:
    services_in_nav = len(model.repository.of_kind("service")) <= MAX_SERVICES_IN_NAV
    records = model.repository.records
    kept = [reuse(record) if reuse is not None else None for record in records]
    todo = [record for record, page in zip(records, kept) if page is None]

    def render(record: Record) -> str:
        page = RECORD_PAGES.get(record.kind.name, record_page)(model, record)
        reporting = _reporting(model, model.site.uri(record)) if record.kind.name == "service" else ""
        return page + reporting + "\n" + record_actions(model, record, model.host) + "\n"

    rendered = iter(map_on_cores(render, todo, min_per_worker=MIN_PAGES_PER_WORKER))
    pages = []
    for record, page in zip(records, kept):
        if page is None:
            nav = "Services" if record.kind.name == "service" and services_in_nav else None
            tags = safe_tags(record.data.get("tags")) if record.kind.name in TAGGED_KINDS else ()
            page = Page(model.site.uri(record), f"{record.id}: {record.title}", next(rendered),
                        source=record.path, nav=nav, tags=tags)
        pages.append(page)
    pages += [Page(model.site.uri(item), item.path, unloadable_page(model, item), source=item.path)
              for item in model.repository.unloadable]
    return pages


def safe_tags(value: object) -> tuple[str, ...]:
    """Tags that are valid slugs; a tag of an invalid record never reaches page metadata raw."""
    if not isinstance(value, list):
        return ()
    return tuple(tag for tag in value if isinstance(tag, str) and _TAG.match(tag))
