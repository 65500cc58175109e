"""Rebuilding a live preview without rendering every record page again.

Under `mkdocs serve` an edit touches one or a few records, but a full build renders every
page: minutes at 10,000 records. A record page shows the record, its diagnostics and history,
and the IDs, titles and statuses of the records it references or that reference it (or, for a
KB article, that it mentions). So after an edit only the pages of the edited records and of
their neighbours, before and after the edit, are rendered again; every other record page is the
previous build's. Overview pages (indexes, dashboard, KPIs) are always rendered again. A change
to the schemas renders everything. What is not a direct neighbour but is shown on a page (a
service page's transitive CMDB reach) refreshes on the next full build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from opsbook.graph import mentions
from opsbook.model import Record
from opsbook.site.pages import Page, Reuse
from opsbook.site.structure.model import SiteModel


class IncrementalPages:
    """The record pages of the previous build, and what each was made from."""

    def __init__(self) -> None:
        self._model: SiteModel | None = None
        self._pages: dict[str, Page] = {}  # by source path
        self._sources: dict[str, tuple[str, str | None, str]] = {}  # path -> (text, body, id)
        self._schemas = ""

    def reuse(self, model: SiteModel) -> Reuse | None:
        """Which previous pages still hold for `model`; None when everything must be rendered."""
        previous = self._model
        if previous is None or _schemas(model) != self._schemas:
            return None
        edited = self._edited(model)
        affected = set(edited)
        for record_id in edited:
            affected |= neighbours(model, record_id) | neighbours(previous, record_id)

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

    def remember(self, model: SiteModel, pages: Iterable[Page]) -> None:
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


def _schemas(model: SiteModel) -> str:
    return json.dumps([kind.schema for kind in model.repository.kinds], sort_keys=True)
