"""Rebuilding a live preview without rendering every record page again.

Under `mkdocs serve` an edit touches one or a few records, but a full build renders every
page: minutes at 10,000 records. A record page shows the record, its diagnostics and history,
and the IDs, titles and statuses of the records it references or that reference it (or, for a
KB article, that it mentions); a service or asset page also shows what a failure reaches in the
CMDB. So after an edit only the pages of the edited records, of their neighbours and of their
CMDB reach, before and after the edit, are rendered again; every other record page is the
previous build's (tests/test_site_scale.py checks the result equals a full build's). When an
edit reaches more pages than can be rendered in a few seconds (a service much of the estate
depends on), the edited records' own pages come first: the others are deferred to a follow-up
rebuild, which the plugin requests at once. Of the overview pages only the indexes of the
edited records' kinds are made again: the dashboard,
calendar, KPI and status pages (seconds to compute at 10,000 records) keep the previous build's
figures while editing, until the next full build (`mkdocs build`, or restarting the preview).
A change to the schemas renders everything.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from opsbook.cmdb.dependencies import ITEM_KINDS, ConfigurationGraph
from opsbook.graph import mentions
from opsbook.model import Record
from opsbook.site.pages import Page, Reuse, kind_index_pages
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.site import index_uri


# An edit whose pages around it are more than this many defers them to a follow-up rebuild.
RENDER_AT_ONCE = 100


class IncrementalPages:
    """The record pages of the previous build, and what each was made from."""

    def __init__(self) -> None:
        self.deferred: set[str] = set()  # IDs of records whose pages show an earlier state
        self._model: SiteModel | None = None
        self._overview: list[Page] = []
        self._edited_kinds: set[str] = set()
        self._pages: dict[str, Page] = {}  # by source path
        self._sources: dict[str, tuple[str, str | None, str]] = {}  # path -> (text, body, id)
        self._schemas = ""

    def reuse(self, model: SiteModel) -> Reuse | None:
        """Which previous pages still hold for `model`; None when everything must be rendered."""
        previous = self._model
        if previous is None or _schemas(model) != self._schemas:
            self.deferred = set()
            return None
        edited = self._edited(model)
        self._edited_kinds = {model.repository.by_id[i].kind.name for i in edited if i in model.repository.by_id}
        self._edited_kinds |= {previous.repository.by_id[i].kind.name for i in edited
                               if i in previous.repository.by_id}
        around: set[str] = set()
        for record_id in edited:
            around |= neighbours(model, record_id) | neighbours(previous, record_id)
        # Service and asset pages show what a failure reaches, through any number of links.
        for each in (model, previous):
            around |= configuration_reach(each, edited)
        around -= edited
        affected = edited | self.deferred
        if len(around - self.deferred) > RENDER_AT_ONCE:
            self.deferred = around - affected
        else:
            affected |= around
            self.deferred = set()

        def kept(record: Record) -> Page | None:
            page = self._pages.get(record.path)
            if page is None or record.id in affected or page.uri != model.site.uri(record):
                return None
            if model.findings.get(record.path, []) != previous.findings.get(record.path, []):
                return None
            if model.history.get(record.path) != previous.history.get(record.path):
                return None
            return page

        return kept

    def overview(self, model: SiteModel) -> list[Page] | None:
        """The previous overview pages with the edited kinds' indexes made again; None for all
        new. Call after reuse()."""
        if self._model is None or not self._overview:
            return None
        kinds = [kind for kind in model.repository.kinds if kind.name in self._edited_kinds]
        stale = {index_uri(kind).removesuffix("index.md") for kind in kinds}
        kept = [page for page in self._overview
                if not (page.uri.rsplit("/", 1)[0] + "/" in stale and _is_index(page.uri))]
        return kept + [page for kind in kinds for page in kind_index_pages(model, kind)]

    def remember(self, model: SiteModel, pages: Iterable[Page]) -> None:
        pages = list(pages)
        self._overview = [page for page in pages if page.source is None]
        records = {record.path: record for record in model.repository.records}
        self._pages = {page.source: page for page in pages
                       if page.source in records and page.uri == model.site.uri(records[page.source])}
        self._sources = {path: (r.text, r.body, r.id) for path, r in records.items()}
        self._schemas = _schemas(model)
        self._model = model

    def _edited(self, model: SiteModel) -> set[str]:
        """IDs of the records added, changed or removed since the previous build."""
        edited, seen = set(), set()
        for record in model.repository.records:
            seen.add(record.path)
            before = self._sources.get(record.path)
            if before is None or before[:2] != (record.text, record.body):
                edited.add(record.id)
                if before is not None:
                    edited.add(before[2])
        edited |= {source[2] for path, source in self._sources.items() if path not in seen}
        return edited


def neighbours(model: SiteModel, record_id: str) -> set[str]:
    """The records whose pages show `record_id`, and those its own page shows."""
    graph = model.graph
    found = {reference.target_id for reference in graph.outgoing.get(record_id, [])}
    found |= {reference.source.id for reference in graph.incoming.get(record_id, [])}
    found |= {article.id for article in model.mentioned_in.get(record_id, [])}
    record = model.repository.by_id.get(record_id)
    if record is not None and record.body is not None:
        found |= {mentioned for mentioned, _, _ in mentions(record.body)}
    return found


def configuration_reach(model: SiteModel, edited: set[str]) -> set[str]:
    """The services and assets upstream and downstream of the edited ones in the CMDB graph."""
    by_id = model.repository.by_id
    items = {i for i in edited if i in by_id and by_id[i].kind.name in ITEM_KINDS}
    if not items:
        return set()
    graph = ConfigurationGraph(model.repository, model.graph)
    downstream: dict[str, set[str]] = defaultdict(set)
    upstream: dict[str, set[str]] = defaultdict(set)
    for link in graph.links:
        downstream[link.failing].add(link.affected)
        upstream[link.affected].add(link.failing)
    return _closure(items, downstream) | _closure(items, upstream)


def _closure(start: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen, queue = set(start), list(start)
    while queue:
        for found in edges.get(queue.pop(), ()):
            if found not in seen:
                seen.add(found)
                queue.append(found)
    return seen


def _is_index(uri: str) -> bool:
    name = uri.rsplit("/", 1)[-1]
    return name == "index.md" or (name.startswith("page-") and name[5:-3].isdigit())


def _schemas(model: SiteModel) -> str:
    return json.dumps([kind.schema for kind in model.repository.kinds], sort_keys=True)
