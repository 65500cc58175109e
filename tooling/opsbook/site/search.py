"""Site search with Pagefind: a static index in fragments, so a browser loads only the parts a
query needs (Material's lunr index is one file: 25 MB and 18-30 s to a first result at 10,000
records; Pagefind answers the same queries in well under 1.5 s).

Record pages and KB articles are what search finds. Each one's content element is marked
`data-pagefind-body` (Pagefind then skips every unmarked page: indexes, dashboards, KPIs), with
its ID, kind, status and title as metadata and kind and status as filters (the facets of the
search box). Lists and tables of other records (`data-search-exclude`) are left out, so a record
is found by its own page, not by every page listing it. The index is built from the written
site after every build; the search box is `assets/opsbook/opsbook-search.js`.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from opsbook.model import Record
from opsbook.site.render.text import h, humanize

log = logging.getLogger("mkdocs.plugins.opsbook")

OUTPUT = "pagefind"
# Left out of the index: lists and tables of other records (see site/render/html.py), the
# headings' permalink signs, and the Mermaid diagrams (graph markup whose labels are other
# records: an asset page's impact diagram names up to 60, and indexing them took more time and
# memory than the pages themselves).
EXCLUDED = "[data-search-exclude], .headerlink, pre.mermaid"
# Material wraps every page's content in this element; the search body is marked on it.
_CONTENT = '<article class="md-content__inner md-typeset">'


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


@dataclass(frozen=True)
class SearchFacts:
    """What a search result shows of a record besides its excerpt."""

    record_id: str
    kind: str
    status: str
    title: str

    @classmethod
    def of(cls, record: Record) -> SearchFacts:
        return cls(record.id, record.kind.label, record.status or "", record.title)


def mark_searchable(html: str, facts: SearchFacts) -> str:
    """The page with its content marked for the index, and its facts as metadata and filters.
    The facts sit in an element Pagefind reads for metadata but does not index as text."""
    facts_html = (
        '<div hidden data-pagefind-ignore>'
        f'<span data-pagefind-meta="id">{h(facts.record_id)}</span>'
        f'<span data-pagefind-meta="title">{h(facts.title)}</span>'
        f'<span data-pagefind-meta="kind" data-pagefind-filter="kind">{h(facts.kind)}</span>'
        + (f'<span data-pagefind-meta="status">{h(facts.status)}</span>'
           f'<span data-pagefind-filter="status">{h(humanize(facts.status))}</span>' if facts.status else "")
        + "</div>"
        # The ID weighs most: searching `INC-0042` finds that record before pages mentioning it.
        + f'<p hidden data-pagefind-weight="10">{h(facts.record_id)}</p>')
    marked = _CONTENT[:-1] + " data-pagefind-body>" + facts_html
    return html.replace(_CONTENT, marked, 1)


def pagefind_binary() -> Path:
    """The Pagefind executable of the `pagefind-bin` package (a dependency of opsbook)."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-not-found]
    except ImportError:
        raise SearchIndexError("the pagefind-bin package is not installed (pip install pagefind-bin)") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise SearchIndexError(f"the pagefind-bin package has no executable: {exc}") from None


def build_search_index(site_dir: Path) -> None:
    """Index the built site in `site_dir`, writing `site_dir/pagefind/`."""
    command = [str(pagefind_binary()), "--site", str(site_dir), "--output-subdir", OUTPUT,
               "--exclude-selectors", EXCLUDED, "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site: " + " / ".join(detail))


class LiveSearchIndex:
    """Under `mkdocs serve`, the index is rebuilt after each rebuild in the background, so an edit
    shows at once and search catches up; one run at a time, the latest build indexed last."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False
        self._pending: Path | None = None

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._pending = site_dir
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="opsbook-search-index", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._running = False
                    return
            try:
                build_search_index(site_dir)
            except SearchIndexError as exc:
                log.warning(f"opsbook: search index not updated: {exc}")
