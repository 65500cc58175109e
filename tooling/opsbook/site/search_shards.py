"""The search index in shards of about 500 pages each, searched together in the browser.

Why shards: Pagefind 1.5 scores a query in time that grows with the square of the pages a word
is on (for each result page it scans the postings of every matching page). A word on 9,000 of
10,000 pages cost 0.6 to 1 s of CPU per query in one index; in 20 indexes of 500 pages it
costs about a twentieth, and the whole query (results of all shards, merged) about 0.1 s. The
search box merges the shards with Pagefind's own `mergeIndex` (one engine, one result list,
facet counts summed).

One catch of searching several indexes: Pagefind answers a word that an index lacks with the
longest word of that index the query starts with (`INC-0042` becomes `inc`), so a shard without
the word would add hundreds of unrelated results. Each shard therefore also holds a hidden
vocabulary page with the words of every shard (search_vocabulary.py), which the search box drops
from every result list (by its page's ID, listed in the manifest): a word missing from all
shards still falls back as it would in one index.

Layout: shard 0 is `pagefind/` itself (with Pagefind's script and engine); shard N is
`pagefind/shard-N/`, only its index files; `pagefind/opsbook-shards.json` lists the others, the
vocabulary pages' IDs, and a tag naming this index (a digest of the shards' entry files), under
which the search box lets the browser cache the entry files (Pagefind's `metaCacheTag`).

What the engine reads before its first search (every shard's entry file and metadata, and the
WebAssembly engine: 41 files at 20 shards) is also written as one file, `opsbook-start.bin`,
which the manifest maps: the search worker fetches it at once and answers Pagefind's requests
for those files from it. Fetched one by one, six at a time over HTTP/1.1 behind the page's own
files, they kept the engine from being ready until 0.1 to 0.5 s after the page had loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import threading
import zlib
from pathlib import Path

from opsbook.site.search import OUTPUT, SearchIndexError
from opsbook.site.search_service import PagefindService
from opsbook.site.search_vocabulary import URL as VOCABULARY_URL
from opsbook.site.search_vocabulary import vocabulary_page, words_of

SHARD_PAGES = 500  # pages per shard, on average (by default)
MANIFEST = "opsbook-shards.json"
START = "opsbook-start.bin"
# Pagefind's service indexes one page at a time and writes one index at a time: the shards go
# to several service processes, so that they are written side by side once the pages are done.
MAX_SERVICES = 4
_BODY = "data-pagefind-body"
_LANG = '<html lang="'
# A Mermaid diagram as Material's fence writes it; its text is escaped, so no `</pre>` inside.
_DIAGRAM = re.compile(r'<pre class="mermaid">.*?</pre>', re.DOTALL)
# Pagefind's own files a shard other than the first does not need: the engine and its UIs.
_BUNDLE = ("*.js", "*.css", "wasm.*")


def content_page(html: str) -> str | None:
    """The page reduced to what Pagefind reads of it: the marked content element, in a document
    with the page's language, without the diagrams (EXCLUDED: Pagefind would parse them only to
    leave them out). None for a page that is not searchable."""
    marker = html.find(_BODY)
    if marker < 0:
        return None
    start, end = html.rfind("<article", 0, marker), html.rfind("</article>")
    if start < 0 or end < marker:
        return None
    return (f'<!doctype html><html lang="{language_of(html)}"><head><meta charset="utf-8"></head><body>'
            f"{_DIAGRAM.sub('', html[start:end + len('</article>')])}</body></html>")


def language_of(html: str) -> str:
    at = html.find(_LANG)
    return html[at + len(_LANG): html.find('"', at + len(_LANG))] if at >= 0 else "en"


def shard_count(pages: int, shard_pages: int = SHARD_PAGES) -> int:
    return max(1, math.ceil(pages / max(1, shard_pages)))


def shard_of(url: str, shards: int) -> int:
    """A page's shard: from its address only, so every build puts it in the same one."""
    return zlib.crc32(url.encode("utf-8")) % shards


class ShardedSearchIndex:
    """The index of one build in `shards` Pagefind indexes, spread over a few service processes."""

    def __init__(self, shards: int) -> None:
        self.shards = max(1, shards)
        self.pages = 0
        self._services: list[PagefindService] = []
        try:
            for _ in range(min(self.shards, os.cpu_count() or 1, MAX_SERVICES)):
                self._services.append(PagefindService())
            self._indexes = [(self._service_of(n), self._service_of(n).new_index()) for n in range(self.shards)]
        except Exception:
            self.close()
            raise
        self._words: set[str] = set()
        self._language = "en"

    def _service_of(self, shard: int) -> PagefindService:
        return self._services[shard % len(self._services)]

    def add(self, url: str, page: str) -> None:
        """Queue a content page (see content_page) at `url`, its address from the site's root."""
        self.pages += 1
        if self.shards > 1:
            if self.pages == 1:
                self._language = language_of(page)
            self._words.update(words_of(page))
        service, index = self._indexes[shard_of(url, self.shards)]
        service.add(index, url, page)

    def write(self, output: Path) -> None:
        """Wait for every page, write the shards into `output`, stop the services, write the list."""
        shards = [output / f"shard-{number}" for number in range(1, self.shards)]
        try:
            if self.shards > 1:
                page = vocabulary_page(self._words, self._language)
                for service, index in self._indexes:
                    service.add(index, VOCABULARY_URL, page)
            folders = [output, *shards]
            writes = [(service, service.start_write(index, folder)) for (service, index), folder in zip(self._indexes, folders)]
            for service, write in writes:
                service.wait(write)
        finally:
            # Pagefind's service answers a write before its last files reach the disk (it does
            # not flush them; they are whole once it has exited): the files are read only after.
            self.close()
        for folder in shards:
            _drop_bundle(folder)
        write_manifest(output, shards)

    def close(self) -> None:
        for service in self._services:
            service.close()


def write_manifest(output: Path, shards: list[Path]) -> None:
    """`opsbook-shards.json`: the shards besides the first (`output` itself), the vocabulary
    pages' IDs, the index's tag, and where each file of the start bundle (`opsbook-start.bin`)
    lies in it."""
    folders = [output, *shards]
    digest = hashlib.sha256()
    for folder in folders:
        digest.update((folder / "pagefind-entry.json").read_bytes())
    start, parts = bytearray(), []
    for path in _start_files(output, folders):
        data = path.read_bytes()
        parts.append([path.relative_to(output).as_posix(), len(start), len(data)])
        start += data
    (output / START).write_bytes(start)
    manifest = {"shards": [folder.relative_to(output).as_posix() + "/" for folder in shards],
                "vocabulary": sorted({vocabulary_page_id(folder) for folder in folders}) if shards else [],
                "tag": digest.hexdigest()[:16],
                "start": parts}
    (output / MANIFEST).write_text(json.dumps(manifest), "utf-8")


def _start_files(output: Path, folders: list[Path]) -> list[Path]:
    """The files Pagefind reads before a first search: the WebAssembly engine, then each shard's
    entry file and the metadata of its largest language (the one Pagefind picks in a worker)."""
    files: list[Path] = []
    for folder in folders:
        try:
            entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind's entry file in {folder} is unreadable: {exc}") from None
        languages = sorted(entry.get("languages", {}).values(), key=lambda language: -language["page_count"])
        if folder == output and languages:
            files.append(output / f"wasm.{languages[0].get('wasm') or 'unknown'}.pagefind")
        files.append(folder / "pagefind-entry.json")
        if languages:
            files.append(folder / f"pagefind.{languages[0]['hash']}.pf_meta")
    return [path for path in files if path.is_file()]


def vocabulary_page_id(folder: Path) -> str:
    """The ID Pagefind gave a shard's vocabulary page: its fragment's name. It holds every word
    of the site, so it is nearly always the largest fragment; the largest are read first."""
    for path in sorted((folder / "fragment").glob("*.pf_fragment"), key=lambda p: -p.stat().st_size):
        text = gzip.decompress(path.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd")
        if json.loads(text).get("url") == VOCABULARY_URL:
            return path.name.removesuffix(".pf_fragment")
    raise SearchIndexError(f"Pagefind wrote no vocabulary page in {folder}")


def _drop_bundle(folder: Path) -> None:
    for pattern in _BUNDLE:
        for path in folder.glob(pattern):
            path.unlink()


def index_written_site(site_dir: Path, shard_pages: int = SHARD_PAGES,
                       stop: threading.Event | None = None) -> None:
    """Index the searchable pages of the site written in `site_dir` into `site_dir/pagefind/`
    (what a live preview and a partial build run, whose pages were not handed over as written).
    When `stop` is set (a preview shutting down), nothing more is read or written."""
    marked = [path for path in sorted(site_dir.rglob("*.html"))
              if OUTPUT not in path.relative_to(site_dir).parts[:1] and _BODY in path.read_text("utf-8")]
    index = ShardedSearchIndex(shard_count(len(marked), shard_pages))
    try:
        for path in marked:
            if stop is not None and stop.is_set():
                index.close()
                return
            page = content_page(path.read_text("utf-8"))
            if page is not None:
                index.add(_url(site_dir, path), page)
    except BaseException:
        index.close()
        raise
    index.write(site_dir / OUTPUT)


def _url(site_dir: Path, path: Path) -> str:
    relative = path.relative_to(site_dir).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
