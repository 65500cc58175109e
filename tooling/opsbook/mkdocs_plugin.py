"""The MkDocs plugin `opsbook`: a thin adapter from MkDocs events to the site core.

The only module that imports mkdocs. It loads and validates the repository with the same
core as `opsbook validate`, adds the generated pages with edit links to their sources, keeps
record pages out of the navigation, sets page titles safely and watches the sources.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import Config
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from opsbook import clock
from opsbook.clock import AsOf
from opsbook.config import Config as RepositoryConfig
from opsbook.config import find_root, load_config
from opsbook.diagnostics import ConfigurationError
from opsbook.interop.api import api_documents
from opsbook.interop.feeds import NO_SITE_URL, feeds
from opsbook.live_preview import LivePreview
from opsbook.load.repository import is_kb_asset
from opsbook.model import Repository
from opsbook.site.mermaid import mermaid_script
from opsbook.site.pages import Page, build_pages
from opsbook.site.raw_blocks import RawBlocks
from opsbook.site.render.index_data import index_documents
from opsbook.site.render.text import title_text
from opsbook.site.search import SearchFacts, SearchIndexError, mark_searchable, start_search_early
from opsbook.site.search_shards import SHARD_PAGES
from opsbook.site.search_stream import SearchIndexing
from opsbook.site.structure.calendar import FEED
from opsbook.site.structure.history import read_history
from opsbook.site.structure.hosting import STYLES as HOST_STYLES
from opsbook.site.structure.hosting import Host, host_for
from opsbook.site.structure.model import SiteModel, build_model
from opsbook.validate import open_validated, validate

log = logging.getLogger("mkdocs.plugins.opsbook")
# Advice that must not fail a strict build (the feeds work without site_url, through xml:base):
# a logger outside `mkdocs.`, whose warnings MkDocs does not count, with MkDocs' look.
advice = logging.getLogger("opsbook.site")
if not advice.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("WARNING -  opsbook: %(message)s"))
    advice.addHandler(_handler)
    advice.propagate = False

ASSETS = Path(__file__).parent / "site" / "assets"
ASSET_URI = "assets/opsbook/"
# opsbook.js first: it defines the hook the others run their setup through on every page.
SCRIPTS = ("opsbook.js", "opsbook-new.js", "opsbook-index.js", "opsbook-search.js", "opsbook-reader.js")
STYLES = ("opsbook.css", "opsbook-browse.css")
WORKERS = ("opsbook-search-worker.js",)  # started by the scripts, not loaded by the pages
MERMAID_URI = ASSET_URI + "mermaid.min.js"
# Stands in for Mermaid on every page and loads MERMAID_URI on the first diagram only.
MERMAID_LOADER = "opsbook-mermaid.js"


class OpsbookConfig(Config):
    now = opt.Optional(opt.Type((str, date)))
    """The site's "now" (a timestamp with a UTC offset, or a day meaning its end): the moment
    the dashboard, KPIs, status page and calendar are computed for and validation's "nothing
    dated in the future" rule uses. Default: $OPSBOOK_NOW, else the time of the build."""
    mermaid = opt.Type(str, default="auto")
    """`auto` (Mermaid from the `diagrams` extra's mmdc package), `off`, or the path of a Mermaid
    browser bundle."""
    history = opt.Type(bool, default=True)
    """Show each file's git history (one `git log` for the whole repository)."""
    search = opt.Type(bool, default=True)
    """Build the Pagefind search index of record pages and KB articles after each build."""
    search_shard_pages = opt.Type(int, default=SHARD_PAGES)
    """Pages per shard of the search index, on average (see site/search_shards.py): the search
    box searches the shards together; smaller shards answer common words faster."""
    host = opt.Optional(opt.Choice(HOST_STYLES))
    """The URL style of `repo_url`'s host for edit links and forms: github, gitlab, gitea
    (Forgejo too) or bitbucket; default: read from `repo_url`, GitHub's for unknown hosts."""
    branch = opt.Optional(opt.Type(str))
    """The branch edit links and new files go to; default: the one in `edit_uri`, or main."""


class OpsbookPlugin(BasePlugin[OpsbookConfig]):
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.root = Path.cwd()
        self.nav_is_ours = False
        self.live: LivePreview | None = None  # under `mkdocs serve`: what rebuilds keep
        self.raw_blocks = RawBlocks()
        self.set_aside: dict[str, list[str]] = {}
        self.searchable: dict[str, SearchFacts] = {}  # page uri -> what its search result shows
        self.search = SearchIndexing()
        self.dirty = False
        self.host: Host | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty
        if command == "serve":
            self.live = LivePreview()

    @property
    def serving(self) -> bool:
        """Under `mkdocs serve`: a live preview keeps what its rebuilds can reuse."""
        return self.live is not None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.live is not None:
            self.live.build_started()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._index_for_search(Path(config.site_dir))
        if self.live is not None:
            self.live.build_done()

    def _index_for_search(self, site_dir: Path) -> None:
        """The pages went to the index as they were written; what is left is written now (a
        preview indexes in the background, so an edit shows without waiting for the index)."""
        if not self.config.search:
            return
        start = time.perf_counter()
        try:
            self.search.finish(site_dir, serving=self.serving)
        except SearchIndexError as exc:
            raise PluginError(f"opsbook: {exc}") from None
        if not self.serving:
            log.info(f"opsbook: search index finished in {time.perf_counter() - start:.1f} s after the pages")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        self.mermaid, problem = mermaid_script(self.config.mermaid)
        if problem:
            log.warning(problem)
        scripts = [ASSET_URI + s for s in (*([MERMAID_LOADER] if self.mermaid else []), *SCRIPTS)]
        for uri in scripts:
            if uri not in config.extra_javascript:
                config.extra_javascript.append(uri)
        for uri in (ASSET_URI + s for s in STYLES):
            if uri not in config.extra_css:
                config.extra_css.append(uri)
        self.nav_is_ours = self.nav_is_ours or config.nav is None
        self.host = host_for(config.repo_url, self.config.host, self.config.branch, config.edit_uri)
        return config

    # Runs early so that later plugins (tags, search) see the generated pages.
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        live = self.live
        moment = self._now()
        try:
            if live:
                repository = live.open_repository(self.root)
                diagnostics = validate(repository, moment.at())
            else:
                repository, diagnostics = open_validated(self.root, moment.at())
        except ConfigurationError as exc:
            raise PluginError(f"opsbook: configuration error: {exc}") from None
        for diagnostic in diagnostics:
            # Errors fail a --strict build; warnings pass it, as `opsbook validate` exits 0 on them.
            (log.warning if diagnostic.is_error else log.info)(str(diagnostic))
        history = read_history(repository.config.root, (repository.config.records, repository.config.kb)) \
            if self.config.history else {}
        model = build_model(repository, diagnostics, moment.at(), history, config.use_directory_urls,
                            clock=moment)
        model.host = self.host
        pages = live.pages(model, config.site_name) if live else build_pages(model, config.site_name)
        self.searchable = {model.site.uri(record): SearchFacts.of(record) for record in repository.records}
        self._start_search_index()
        self.pages = {page.uri: page for page in pages}
        self._replace_sources(files, repository.config, set(self.pages))
        for page in pages:
            inclusion = InclusionLevel.UNDEFINED if page.nav else InclusionLevel.NOT_IN_NAV
            file = GeneratedFile.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
            file.unchanged = live is not None and live.unchanged(page.uri, page.markdown)
            file.edit_uri = page.source
            files.append(file)
        self._add_assets(files, config)
        self._add_data(files, config, repository, model)
        if self.nav_is_ours:
            config.nav = navigation(pages)
        return files

    def _replace_sources(self, files: Files, repository_config: RepositoryConfig, generated: set[str]) -> None:
        """KB articles are rendered from the repository, so their raw files leave the build; so
        does every other file in kb/ but the allowed assets (raster images by default): an HTML
        page, a script or an SVG there would be published as it is."""
        kb_dir = repository_config.kb_dir.resolve()
        for file in list(files):
            path = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            in_kb = path is not None and kb_dir in path.parents
            unchecked = in_kb and (path.suffix == ".md" or not is_kb_asset(repository_config, path.name))
            if unchecked or file.src_uri in generated:
                files.remove(file)

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        for name in (*SCRIPTS, *STYLES, *WORKERS):
            files.append(File.generated(config, ASSET_URI + name, abs_src_path=str(ASSETS / name)))
        if self.mermaid:
            files.append(File.generated(config, MERMAID_URI, abs_src_path=str(self.mermaid)))
            files.append(File.generated(config, ASSET_URI + MERMAID_LOADER, abs_src_path=str(ASSETS / MERMAID_LOADER)))

    def _add_data(self, files: Files, config: MkDocsConfig, repository: Repository, model: SiteModel) -> None:
        """The static JSON API, the Atom feeds, the calendar's iCalendar feed and the indexes' data,
        published beside the pages they describe."""
        site_url = config.site_url or ""
        if not site_url and not self.serving:
            advice.warning(NO_SITE_URL)
        api = self.live.api_documents if self.live else api_documents
        documents = {**api(repository, config.use_directory_urls),
                     **feeds(repository, site_url, config.site_name, config.use_directory_urls),
                     FEED: model.calendar.feed(model.now, site_url, self.config.history, model.site),
                     **index_documents(model, list(repository.kinds))}
        for uri, text in documents.items():
            file = GeneratedFile.generated(config, uri, content=text)
            file.unchanged = self.live is not None and self.live.unchanged(uri, text)
            files.append(file)

    def _start_search_index(self) -> None:
        """Before the pages are written: a full build hands each searchable page to the index."""
        if not self.config.search:
            return
        if self.config.search_shard_pages < 1:
            raise PluginError("opsbook: plugin option 'search_shard_pages' must be at least 1")
        self.search.shard_pages = self.config.search_shard_pages
        try:
            self.search.start(serving=self.serving, dirty=self.dirty, pages=len(self.searchable))
        except SearchIndexError as exc:
            raise PluginError(f"opsbook: {exc}") from None

    def _now(self) -> AsOf:
        """One moment per build: the `now` option, else $OPSBOOK_NOW, else the system clock."""
        try:
            given = self.config.now  # YAML reads an unquoted day or timestamp as a date(time)
            return clock.as_of(given.isoformat() if isinstance(given, date) else given)
        except clock.BadMoment as exc:
            raise PluginError(f"opsbook: plugin option 'now': {exc}") from None

    # Before the tags plugin reads page metadata; tags are the validated slugs only.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, page: MkDocsPage, **kwargs: Any) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        if generated.tags:
            page.meta["tags"] = list(generated.tags)
        # The theme's edit button opens the record's file in the host's own editor URL style.
        page.edit_url = self.host.edit(generated.source) if self.host and generated.source else None
        aside = self.raw_blocks.set_aside(markdown)
        self.set_aside[page.file.src_uri] = aside.blocks
        return aside.markdown

    # Before the other plugins: the HTML blocks go back in, but for those search would skip
    # (put back in on_post_page). Rendering has set a title from the first heading, and themes
    # print titles raw: ours is made safe.
    @event_priority(50)
    def on_page_content(self, html: str, page: MkDocsPage, **kwargs: Any) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        page.title = title_text(generated.title)  # type: ignore[misc]
        return self.raw_blocks.put_back(html, self.set_aside.get(page.file.src_uri, []), unsearched=False)

    @event_priority(50)
    def on_post_page(self, output: str, page: MkDocsPage, **kwargs: Any) -> str:
        blocks = self.set_aside.pop(page.file.src_uri, None)
        if self.config.search:
            output = start_search_early(output, get_relative_url(ASSET_URI + WORKERS[0], page.url))
        facts = self.searchable.get(page.file.src_uri)
        if facts is not None and self.config.search:
            output = mark_searchable(output, facts)
            # Before the blocks search skips go back: Pagefind would parse them only to leave
            # them out (an asset page's impact tables were most of what it read).
            self.search.page_written(page.url, output)
        return output if blocks is None else self.raw_blocks.put_back(output, blocks)

    # Last, so the other plugins clean up first: MkDocs prints a traceback for any error that is
    # not a BuildError, and a full disk or an unreadable folder is not a bug in the build.
    @event_priority(-100)
    def on_build_error(self, *, error: Exception) -> None:
        self.search.abort()
        if self.live is not None:
            self.live.build_failed()
        if isinstance(error, OSError) and not log.isEnabledFor(logging.DEBUG):
            where = f": {error.filename}" if error.filename else ""
            raise PluginError(f"opsbook: {error.strerror or error}{where} "
                              "(mkdocs --verbose or opsbook --debug shows a traceback)")

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        repository_config = load_config(find_root(self.root))  # what to watch; no records needed
        for path in (repository_config.records_dir, repository_config.kb_dir,
                     repository_config.schemas_dir, self.root / "pyproject.toml"):
            if path.exists():
                server.watch(str(path))
        if self.live is not None:
            server.watch(str(self.live.watched_folder()))
        return server

    def on_shutdown(self) -> None:
        self.search.close()
        if self.live is not None:
            self.live.close()


class GeneratedFile(File):
    """A generated page or data file that `mkdocs serve --dirty` skips when its content is the
    previous build's (MkDocs counts every generated file as modified)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def navigation(pages: list[Page]) -> list[dict[str, Any]]:
    """Overview pages, indexes and services; record pages stay out (Material renders the whole
    navigation into every page)."""
    sections: dict[str, list[dict[str, str]]] = {}
    for page in pages:
        if page.nav:
            sections.setdefault(page.nav, []).append({title_text(page.title): page.uri})
    nav: list[dict[str, Any]] = []
    for name, entries in sections.items():
        if len(entries) == 1 and name != "Services":
            nav.append({name: next(iter(entries[0].values()))})
        else:
            nav.append({name: entries})
    return nav
