"""A Pagefind that stops while it indexes fails the build at once, with a clear message: the
plugin neither hangs nor shows a traceback. The real Pagefind is replaced by a stand-in that
speaks its service protocol until the index is to be written, then closes its output and exits
a few seconds later (a Ctrl-C reaches it like that: its output ends before it can be waited
for)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sitebuild import make_repository, mkdocs_build

STOPPING_PAGEFIND = """\
import base64, json, os, sys, time

def answer(message_id, payload):
    text = json.dumps({"message_id": message_id, "payload": payload}).encode()
    os.write(1, base64.b64encode(text) + b",")

indexes, pending = 0, b""
while chunk := os.read(0, 1 << 16):
    pending += chunk
    *messages, pending = pending.split(b",")
    for raw in messages:
        message = json.loads(base64.b64decode(raw))
        if message["payload"]["type"] == "NewIndex":
            answer(message["message_id"], {"type": "NewIndex", "index_id": indexes})
            indexes += 1
        elif message["payload"]["type"] == "WriteFiles":
            os.close(1)
            time.sleep(4)
            sys.exit(1)
"""


def _stand_in(folder: Path) -> dict[str, str]:
    """An environment whose `pagefind_bin` package runs the stopping Pagefind above."""
    script = folder / "pagefind"
    script.write_text(f"#!{sys.executable}\n{STOPPING_PAGEFIND}", "utf-8")
    script.chmod(0o755)
    package = folder / "pagefind_bin"
    package.mkdir()
    (package / "__init__.py").write_text(f"def get_executable():\n    return {str(script)!r}\n", "utf-8")
    return {"PYTHONPATH": str(folder)}


def test_a_pagefind_that_stops_fails_the_build_at_once_with_a_clear_message(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    fake = tmp_path / "fake"
    fake.mkdir()
    started = time.monotonic()
    result = mkdocs_build(root, env=_stand_in(fake), timeout=120)
    assert result.returncode != 0, result.stderr[-2000:]
    assert "Pagefind failed: Pagefind stopped before it answered" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    # The stand-in lives 4 s after its output ends; waiting for the answer ends with the output.
    assert time.monotonic() - started < 60
