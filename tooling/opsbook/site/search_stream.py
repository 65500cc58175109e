"""Indexing while the site is written: Pagefind's service mode, fed each searchable page as MkDocs
writes it, parses the pages on the other cores while MkDocs renders the next ones; after the
build only the index files remain to be written. (Run afterwards over the written site, Pagefind
spends most of its time reading and parsing 10,000 whole pages: about a third of the build.)

Only the page's content element goes to Pagefind, not the theme's navigation around it, which
it would parse and drop (search_shards.content_page).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from opsbook.site.search import OUTPUT, SearchIndexError
from opsbook.site.search_shards import SHARD_PAGES, ShardedSearchIndex, content_page, index_written_site, shard_count

log = logging.getLogger("mkdocs.plugins.opsbook")


class LiveSearchIndex:
    """Under `mkdocs serve`, the index is rebuilt after each rebuild in the background, so an edit
    shows at once and search catches up; one run at a time, the latest build indexed last."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: tuple[Path, int] | None = None
        self._worker: threading.Thread | None = None
        self._stop = threading.Event()

    def request(self, site_dir: Path, shard_pages: int) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            self._pending = (site_dir, shard_pages)
            if self._worker is not None:
                return
            self._worker = threading.Thread(target=self._run, name="opsbook-search-index", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Ends indexing and waits for it: MkDocs deletes the preview's site folder right after
        the shutdown event, and an index still being written into it makes that fail."""
        with self._lock:
            self._stop.set()
            self._pending = None
            worker = self._worker
        if worker is not None:
            worker.join()

    def _run(self) -> None:
        while True:
            with self._lock:
                pending, self._pending = self._pending, None
                if pending is None:
                    self._worker = None
                    return
            try:
                index_written_site(*pending, stop=self._stop)
            except SearchIndexError as exc:
                log.warning(f"opsbook: search index not updated: {exc}")


class SearchIndexing:
    """The search index over one build: streamed during a full build; after a partial one
    (`mkdocs build --dirty`), whose unchanged pages are never handed over, over the written
    site; in a live preview, in the background after each rebuild."""

    def __init__(self) -> None:
        self.shard_pages = SHARD_PAGES  # pages per shard on average (the plugin's option)
        self.live = LiveSearchIndex()
        self.stream: ShardedSearchIndex | None = None

    def start(self, *, serving: bool, dirty: bool, pages: int) -> None:
        """Before the pages are written; `pages`: how many searchable pages the build will write."""
        self.abort()
        if not (serving or dirty):
            self.stream = ShardedSearchIndex(shard_count(pages, self.shard_pages))

    def page_written(self, url: str, html: str) -> None:
        page = content_page(html) if self.stream is not None else None
        if page is not None and self.stream is not None:
            self.stream.add("/" + url, page)

    def finish(self, site_dir: Path, *, serving: bool) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.write(site_dir / OUTPUT)
        elif serving:
            self.live.request(site_dir, self.shard_pages)
        else:
            index_written_site(site_dir, self.shard_pages)

    def abort(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.close()

    def close(self) -> None:
        """At the end of a preview: no index is left being written."""
        self.abort()
        self.live.stop()
