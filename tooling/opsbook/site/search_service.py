"""One `pagefind --service` process: Pagefind's indexer, fed pages over a pipe. The service
speaks base64 JSON messages separated by commas on its standard input and output (the protocol
of Pagefind's own Node and Python wrappers); it answers in the order it was asked.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

from opsbook.site.search import EXCLUDED, SearchIndexError, pagefind_binary

# Pagefind runs at a lower priority than the build it indexes: MkDocs' one thread keeps a core
# whenever it wants one, and a live preview's next rebuild comes before the background index of
# the last. (A 10,000-record build on two cores took as long either way, within the machine's
# noise: Pagefind keeps up with the pages on the core MkDocs leaves free.)
BEHIND = 10


def _run_behind(pid: int) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, BEHIND)
    except (AttributeError, OSError):  # not on this platform, or not allowed: it runs alongside
        pass


class PagefindService:
    """The indexer process; it can hold several indexes (see search_shards.py)."""

    def __init__(self) -> None:
        try:
            self._process = subprocess.Popen([str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from None
        _run_behind(self._process.pid)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._awaited: set[int] = set()  # the messages whose answers someone waits for
        self._errors: list[str] = []
        self._ended: str | None = None  # why its output ended: no more answers will come
        self._done = threading.Condition()
        # Pages wait in a queue, so a page write never waits for Pagefind to read the pipe.
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="opsbook-pagefind-read", daemon=True)
        self._writer = threading.Thread(target=self._write, name="opsbook-pagefind-write", daemon=True)
        self._reader.start()
        self._writer.start()

    def new_index(self) -> int:
        """A new, empty index in the service; its number names it in `add` and `write`."""
        selectors = [s.strip() for s in EXCLUDED.split(",")]
        return int(self._ask({"type": "NewIndex", "config": {"exclude_selectors": selectors}})["index_id"])

    def add(self, index: int, url: str, html: str) -> None:
        """Queue a page for `index`; `url` is its address from the site's root (`/incidents/INC-0001/`)."""
        self._send({"type": "AddFile", "index_id": index, "url": url, "file_path": None, "file_contents": html})

    def write(self, index: int, output: Path) -> None:
        """Wait for every page of `index` to be indexed and write the index into `output`."""
        self.wait(self.start_write(index, output))

    def start_write(self, index: int, output: Path) -> int:
        """Ask for `index` to be written into `output` (after every page sent before); `wait` for it."""
        return self._send({"type": "WriteFiles", "index_id": index, "output_path": str(output)}, awaited=True)

    def wait(self, message: int) -> None:
        self._answer(message)
        if self._errors:
            raise SearchIndexError(f"Pagefind could not index {len(self._errors)} page(s): {self._errors[0]}")

    def close(self) -> None:
        self._outbox.put(None)
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._writer.join(timeout=5)
        self._reader.join(timeout=5)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()

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
        return self._answer(self._send(payload, awaited=True))

    def _answer(self, wanted: int) -> dict[str, Any]:
        # Waits for the answer or the end of the output, not for the process's exit: a process
        # closes its output a moment before it can be waited for (a Ctrl-C that stopped Pagefind
        # then left a live preview waiting here for good).
        with self._done:
            self._done.wait_for(lambda: wanted in self._answers or self._ended is not None)
            answer = self._answers.pop(wanted, None)
        if answer is None or answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind failed: {(answer or {}).get('message', self._ended)}")
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
        pending, ended = b"", "Pagefind stopped before it answered"
        try:
            while chunk := self._process.stdout.read1(1 << 16):
                pending += chunk
                *messages, pending = pending.split(b",")
                for message in messages:
                    self._receive(json.loads(base64.b64decode(message)))
        except (OSError, ValueError) as exc:  # a garbled answer: nothing after it can be trusted
            ended = f"unreadable answer from Pagefind: {exc}"
        finally:
            with self._done:
                self._ended = ended
                self._done.notify_all()

    def _receive(self, response: dict[str, Any]) -> None:
        payload = response.get("payload", {})
        with self._done:
            if response.get("message_id") in self._awaited:
                self._answers[response["message_id"]] = payload
            elif payload.get("type") == "Error":
                self._errors.append(str(payload.get("message", "unknown error")))
            self._done.notify_all()
