"""The live preview (`opsbook serve`, which runs `mkdocs serve --dirty`): everything kept between
rebuilds so that an edit shows in seconds, in one object. A build (`mkdocs build`, `opsbook
build`) never uses it: it loads, validates and renders everything, and so does the first build
of a preview. Each shortcut here gives what the full path gives (tests/test_live_preview.py):

- files whose status is unchanged are neither read nor parsed again (`files.LoadedFiles`);
- record pages that show nothing an edit changed are the previous build's, and an edit reaching
  many pages shows its own pages first and requests a follow-up rebuild for the rest
  (`pages.IncrementalPages`);
- the JSON API documents of unedited records are the previous build's (`api.ApiDocuments`);
- generated files whose text is the previous build's are not written again (`--dirty`);
- Python's cyclic garbage collector does not run during a rebuild, but just after it, once the
  browsers have reloaded: while a rebuild allocates, each of its full collections scans every
  object the previous build left (measured at 10,000 records on a busy 2-core machine: four full
  collections in one edit's rebuild, 1.4 to 2.3 s each). A failed build switches it back on.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import threading
from pathlib import Path

from opsbook.config import find_root, load_config
from opsbook.kinds import load_kinds
from opsbook.live_preview.api import ApiDocuments
from opsbook.live_preview.files import LoadedFiles
from opsbook.live_preview.pages import IncrementalPages
from opsbook.model import Repository
from opsbook.site.pages import Page, build_pages, overview_pages, record_pages, unloadable_pages
from opsbook.site.structure.model import SiteModel

# Seconds after a rebuild before its garbage is collected: the browsers reload first.
COLLECT_AFTER = 0.5


class LivePreview:
    """One per `mkdocs serve`: the previous build's files, pages and written texts."""

    def __init__(self) -> None:
        self._files = LoadedFiles()
        self._pages = IncrementalPages()
        self._api = ApiDocuments()
        self._written: dict[str, str] = {}  # the previous build's generated files: uri -> text
        self._writing: dict[str, str] = {}  # this build's
        self._follow_up: Path | None = None  # a watched folder: writing in it requests a rebuild
        self._building = False

    def build_started(self) -> None:
        self._building = True
        gc.disable()

    def open_repository(self, start: Path) -> Repository:
        """The repository at or above `start`, as `opsbook.load.open_repository` loads it."""
        config = load_config(find_root(start))
        return self._files.load(config, load_kinds(config.schemas_dir))

    def pages(self, model: SiteModel, site_title: str) -> list[Page]:
        """The pages `build_pages` makes, but for the overview pages an edit leaves as they were
        (they keep the previous build's figures) and the record pages deferred to a follow-up."""
        reuse = self._pages.reuse(model)
        if reuse is None:
            pages = build_pages(model, site_title)
        else:
            overview = self._pages.overview(model)
            kept = {record.path: reuse(record) for record in model.repository.records}
            rendered = iter(record_pages(model, [r for r in model.repository.records if kept[r.path] is None]))
            pages = [*(overview if overview is not None else overview_pages(model, site_title)),
                     *(kept[r.path] or next(rendered) for r in model.repository.records),
                     *unloadable_pages(model)]
        self._pages.remember(model, pages)
        return pages

    def api_documents(self, repository: Repository, use_directory_urls: bool) -> dict[str, str]:
        """What `opsbook.interop.api.api_documents` gives, made again only for edited records."""
        return self._api.documents(repository, use_directory_urls)

    def unchanged(self, uri: str, text: str) -> bool:
        """Whether the previous build wrote `text` to `uri` (the file need not be written again)."""
        self._writing[uri] = text
        return self._written.get(uri) == text

    def watched_folder(self) -> Path:
        """A folder for the server to watch: the follow-up rebuild is requested by writing in it."""
        if self._follow_up is None:
            self._follow_up = Path(tempfile.mkdtemp(prefix="opsbook-serve-"))
        return self._follow_up

    def build_done(self) -> None:
        """The build is on disk: remember what was written, and request the follow-up rebuild of
        pages that still show an earlier state."""
        self._written, self._writing = self._writing, {}
        self._building = False
        collect = threading.Timer(COLLECT_AFTER, self._collect)
        collect.daemon = True
        collect.start()
        if self._pages.deferred and self._follow_up is not None:
            (self._follow_up / "deferred").write_text(" ".join(sorted(self._pages.deferred)), "utf-8")

    def build_failed(self) -> None:
        """A failed build may have left any file half-written: the next one writes every file."""
        self._written, self._writing = {}, {}
        self._building = False
        gc.enable()

    def _collect(self) -> None:
        if not self._building:  # a rebuild that started meanwhile collects after itself
            gc.collect()
            gc.enable()

    def close(self) -> None:
        if self._follow_up is not None:
            shutil.rmtree(self._follow_up, ignore_errors=True)
            self._follow_up = None


__all__ = ["LivePreview"]
