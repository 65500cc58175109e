"""`opsbook serve`: a real live preview of a small repository shows an edit, and Ctrl-C stops
it cleanly, leaving no temporary folder behind."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import make_repository


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _until(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_serve_shows_an_edit_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "opsbook", "serve", "--root", str(root), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
            # A terminal's Ctrl-C: SIGINT to the whole process group, handled (not ignored) by each.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            url = f"http://127.0.0.1:{port}/incidents/INC-0001/"
            assert _until(lambda: "INC-0001" in _page(url)), log.read_text("utf-8")[-3000:]
            edited = root / "records/incidents/INC-0001.yaml"
            edited.write_text(edited.read_text("utf-8").replace("\ntitle: ", "\ntitle: Live-edited ", 1), "utf-8")
            assert _until(lambda: "Live-edited" in _page(url)), log.read_text("utf-8")[-3000:]
        finally:
            os.killpg(server.pid, signal.SIGINT)
            code = server.wait(timeout=30)
    text = log.read_text("utf-8")
    watched = re.findall(r"'([^']*opsbook-serve-[^']*)'", text)
    assert code == 0, text[-3000:]
    assert watched and not any(Path(folder).exists() for folder in watched)
