"""Site search with Pagefind: a static index in fragments, so a browser loads only the parts a
query needs (Material's lunr index is one file: 25 MB and 18-30 s to a first result at 10,000
records; Pagefind answers the same queries in well under 1.5 s).

Record pages and KB articles are what search finds. Each one's content element is marked
`data-pagefind-body` (Pagefind then skips every unmarked page: indexes, dashboards, KPIs), with
its ID, kind, status and title as metadata and kind and status as filters (the facets of the
search box). Lists and tables of other records (`data-search-exclude`) are left out, so a record
is found by its own page, not by every page listing it. The index is built while the site is
written (search_stream.py), in shards (search_shards.py); the search box is
`assets/opsbook/opsbook-search.js`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from opsbook.model import Record
from opsbook.site.render.text import h, humanize

OUTPUT = "pagefind"
# Left out of the index: lists and tables of other records (see site/render/html.py), the
# headings' permalink signs, the Mermaid diagrams (graph markup whose labels are other records:
# an asset page's impact diagram names up to 60), and what every record page repeats: the field
# names and their help, the file path, the header card (the fields again), dates, status badges
# (status is a facet) and the timeline's date lines. Readers search for what a record says;
# words on every page only slow every query down (Pagefind's cost grows with the pages a word
# is on).
EXCLUDED = ("[data-search-exclude], .headerlink, pre.mermaid, .md-content__button, .opsbook-kind, "
            ".opsbook-header-card, .opsbook-help, .opsbook-fields > thead, .opsbook-subfields > thead, "
            ".opsbook-fields abbr, .opsbook-subfields abbr, .opsbook-when, .opsbook-badge, .opsbook-none, time")
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


def start_search_early(html: str, worker_href: str) -> str:
    """The page with its search engine's worker (`worker_href`, relative to the page) started
    from the head: the index loads while the theme's scripts set the page up (they run first
    at the end of the page, for half a second at 10,000 records), not after them. The search
    box (opsbook-search.js) takes the worker over; without it, it starts its own."""
    href = json.dumps(worker_href).replace("<", "\\u003c")
    script = (f"<script>try{{window.opsbookSearchWorker=new Worker({href});"
              'window.opsbookSearchWorker.postMessage({type:"start"})}catch(e){}</script>')
    return html.replace("</head>", script + "</head>", 1)


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
