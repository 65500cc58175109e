"""Indexing while the site is written: Pagefind's service mode, fed each searchable page as MkDocs
writes it, parses the pages on the other cores while MkDocs renders the next ones; after the
build only the index files remain to be written. (Run afterwards over the written site, Pagefind
spends most of its time reading and parsing 10,000 whole pages: about a third of the build.)

Only the page's content element goes to Pagefind, not the theme's navigation around it, which
it would parse and drop. The service speaks base64 JSON messages separated by commas on its
standard input and output (the protocol of Pagefind's own Node and Python wrappers).
"""

from __future__ import annotations

import base64
import json
import queue
import re
import subprocess
import threading
from pathlib import Path
from typing import Any

from opsbook.site.search import (
    EXCLUDED,
    OUTPUT,
    LiveSearchIndex,
    SearchIndexError,
    build_search_index,
    pagefind_binary,
)

_BODY = "data-pagefind-body"
# A Mermaid diagram as Material's fence writes it; its text is escaped, so no `</pre>` inside.
_DIAGRAM = re.compile(r'<pre class="mermaid">.*?</pre>', re.DOTALL)
_LANG = '<html lang="'


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
    at = html.find(_LANG)
    language = html[at + len(_LANG): html.find('"', at + len(_LANG))] if at >= 0 else "en"
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head><body>'
            f"{_DIAGRAM.sub('', html[start:end + len('</article>')])}</body></html>")


class StreamingSearchIndex:
    """One index, built by one `pagefind --service` process over one build."""

    def __init__(self) -> None:
        try:
            self._process = subprocess.Popen([str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from None
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._awaited: set[int] = set()  # the messages whose answers someone waits for
        self._errors: list[str] = []
        self._done = threading.Condition()
        # Pages wait in a queue, so a page write never waits for Pagefind to read the pipe.
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        threading.Thread(target=self._read, name="opsbook-pagefind-read", daemon=True).start()
        threading.Thread(target=self._write, name="opsbook-pagefind-write", daemon=True).start()
        selectors = [s.strip() for s in EXCLUDED.split(",")]
        answer = self._ask({"type": "NewIndex", "config": {"exclude_selectors": selectors}})
        self._index = answer["index_id"]
        self.pages = 0

    def add(self, url: str, html: str) -> None:
        """Queue a page for the index; `url` is its address from the site's root (`/incidents/INC-0001/`)."""
        self.pages += 1
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_path": None,
                    "file_contents": html})

    def write(self, output: Path) -> None:
        """Wait for every page to be indexed, write the index into `output`, stop the service."""
        try:
            self._ask({"type": "WriteFiles", "index_id": self._index, "output_path": str(output)})
            if self._errors:
                raise SearchIndexError(f"Pagefind could not index {len(self._errors)} page(s): {self._errors[0]}")
        finally:
            self.close()

    def close(self) -> None:
        self._outbox.put(None)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _send(self, payload: dict[str, Any], *, awaited: bool = False) -> int:
        self._next_id += 1
        if awaited:
            with self._done:
                self._awaited.add(self._next_id)
        message = json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return self._next_id

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send and wait for the answer; Pagefind answers in order, so every earlier page is done."""
        wanted = self._send(payload, awaited=True)
        with self._done:
            self._done.wait_for(lambda: wanted in self._answers or self._process.poll() is not None)
        answer = self._answers.pop(wanted, None)
        if answer is None or answer.get("type") == "Error":
            detail = (answer or {}).get("message", f"Pagefind stopped (exit {self._process.poll()})")
            raise SearchIndexError(f"Pagefind failed: {detail}")
        return answer

    def _write(self) -> None:
        assert self._process.stdin is not None
        while (message := self._outbox.get()) is not None:
            try:
                self._process.stdin.write(message)
                if self._outbox.empty():  # Pagefind reads a message once it is all there
                    self._process.stdin.flush()
            except OSError:
                break
        try:
            self._process.stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                self._receive(json.loads(base64.b64decode(message)))
        with self._done:
            self._done.notify_all()

    def _receive(self, response: dict[str, Any]) -> None:
        payload = response.get("payload", {})
        with self._done:
            if response.get("message_id") in self._awaited:
                self._answers[response["message_id"]] = payload
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message", "unknown error")))
            self._done.notify_all()


class SearchIndexing:
    """The search index over one build: streamed during a full build; after a partial one
    (`mkdocs build --dirty`), whose unchanged pages are never handed over, over the written
    site; in a live preview, in the background after each rebuild."""

    def __init__(self) -> None:
        self.live = LiveSearchIndex()
        self.stream: StreamingSearchIndex | None = None

    def start(self, *, serving: bool, dirty: bool) -> None:
        self.abort()
        if not (serving or dirty):
            self.stream = StreamingSearchIndex()

    def page_written(self, url: str, html: str) -> None:
        page = content_page(html) if self.stream is not None else None
        if page is not None and self.stream is not None:
            self.stream.add("/" + url, page)

    def finish(self, site_dir: Path, *, serving: bool) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.write(site_dir / OUTPUT)
        elif serving:
            self.live.request(site_dir)
        else:
            build_search_index(site_dir)

    def abort(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.close()
