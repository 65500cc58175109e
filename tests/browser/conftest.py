"""The example site, built once, served on a local port and read in one headless Chromium.

The build is of the repository's own records and articles (copied into a temporary folder,
so that the site's clock `now` is fixed and the status report can be asked for the same
moment). Every test ends by checking that the browser logged no console error and asked no
host but the local server for anything.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from opsbook.load import open_repository
from opsbook.model import Repository
from opsbook.site.structure.site import Site

if TYPE_CHECKING:
    # Imported where used: without selenium, each test module skips (or fails under CI) by
    # itself, which a failing import here would turn into an error of the whole folder.
    from sitebrowser import Browser

PROJECT = Path(__file__).resolve().parents[2]
# What the site is built from: everything but code, tests, builds and caches.
NOT_CONTENT = (".git", ".venv", ".ci", "site", "tests", "tooling", "test-artifacts", "__pycache__",
               ".pytest_cache", ".hypothesis", ".ruff_cache", "*.egg-info")


# The example organisation's "today": Sunday 22 November 2026, mid-morning in Hamburg, while
# MW-0006 (02:00-10:00) is still under way. A fixed clock keeps every page, and what the tests
# read from them, the same whatever day the tests run.
EXAMPLE_NOW = datetime(2026, 11, 22, 9, 30, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture(scope="session")
def now() -> datetime:
    """The moment the site is built for (the plugin's `now` option), fixed."""
    return EXAMPLE_NOW


@pytest.fixture(scope="session")
def repository_root(tmp_path_factory: pytest.TempPathFactory, now: datetime) -> Path:
    root = tmp_path_factory.mktemp("example") / "repo"
    shutil.copytree(PROJECT, root, ignore=shutil.ignore_patterns(*NOT_CONTENT))
    config = (root / "mkdocs.yml").read_text("utf-8")
    # Search shards of at most 40 pages: the example's 170 records and articles come in five,
    # so every search test also runs the browser's merging of shards (site/search_shards.py).
    fixed = f"  - opsbook:\n      now: '{now.isoformat()}'\n      search_shard_pages: 40\n"
    if "  - opsbook\n" in config:
        config = config.replace("  - opsbook\n", fixed, 1)
    else:
        assert "  - opsbook:\n" in config, "mkdocs.yml no longer lists the opsbook plugin"
        config = config.replace("  - opsbook:\n", fixed, 1)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


@pytest.fixture(scope="session")
def site_dir(repository_root: Path) -> Path:
    """`mkdocs build` of the example, not --strict: records in progress may carry warnings,
    and what is tested here is what the browser does with the pages."""
    target = repository_root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
         str(repository_root / "mkdocs.yml"), "--site-dir", str(target)],
        cwd=repository_root, capture_output=True, text=True, check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="session")
def repository(repository_root: Path) -> Repository:
    return open_repository(repository_root)


@pytest.fixture(scope="session")
def page_of(repository: Repository) -> dict[str, str]:
    """Record ID -> the site path of its page (`incidents/INC-0001/`), as MkDocs writes it."""
    site = Site(repository)
    return {record.id: site.url(site.uri(record)) for record in repository.records}


class _Quiet(SimpleHTTPRequestHandler):
    # Every path asked for, the page's and its workers' alike (the search index loads in a
    # worker, whose requests the page's own logs do not show).
    requested: list[str] = []

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.requested.append(self.path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def requested() -> list[str]:
    """The paths the test server is asked for from now on."""
    _Quiet.requested.clear()
    return _Quiet.requested


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 at a free port; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def chromium() -> None:
    """Skip (or fail, under CI) before building anything when there is no browser."""
    from sitebrowser import require_chromium

    require_chromium()


@pytest.fixture(scope="session")
def browser(chromium: None, server: str) -> Iterator[Browser]:
    from sitebrowser import Browser, launch

    driver = launch()
    try:
        reader = Browser(driver, server)
        reader.problems()  # the start page's own requests are Chromium's, not the site's
        yield reader
    finally:
        driver.quit()


@pytest.fixture(autouse=True)
def clean_console(browser: Browser) -> Iterator[None]:
    """Whatever a test does in the browser, no console error and no request leaves the host."""
    browser.problems()
    yield
    assert browser.problems() == []

