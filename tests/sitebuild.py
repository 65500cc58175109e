"""Helpers for the site tests. A small repository for the site tests: the fixture's records and articles, with the
project's real schemas and mkdocs.yml, copied into a temporary folder."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).parent / "site"
PROJECT = HERE.parent.parent
FIXTURE = HERE / "fixture"
GOLDEN = HERE / "golden"


def make_repository(target: Path) -> Path:
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    shutil.copytree(PROJECT / "schemas", target / "schemas", dirs_exist_ok=True)
    config = (PROJECT / "mkdocs.yml").read_text("utf-8")
    # A fixed moment keeps the dashboard of the fixture stable.
    config = config.replace("  - opsbook\n", "  - opsbook:\n      now: '2026-03-10T09:00:00+01:00'\n", 1)
    (target / "mkdocs.yml").write_text(config, "utf-8")
    return target


def mkdocs_build(root: Path, *, strict: bool = True, env: dict[str, str] | None = None,
                 timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of `root` into `root/site`, in a bare environment (plus `env`)."""
    argv = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"),
            "--site-dir", str(root / "site")]
    return subprocess.run(argv + (["--strict"] if strict else []), cwd=root, capture_output=True, text=True,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", **(env or {})}, timeout=timeout, check=False)


class PageLinks(HTMLParser):
    """The links, scripts, stylesheets and edit link of one built HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.edit: str | None = None
        self.nav_hrefs: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "nav" and "md-nav" in (found.get("class") or ""):
            self._nav_depth += 1
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
            if "md-content__button" in (found.get("class") or "") and found.get("title") == "Edit this page":
                self.edit = found["href"]
            if "md-nav__link" in (found.get("class") or ""):
                self.nav_hrefs.append(found["href"] or "")
        if tag in ("script", "img", "iframe") and found.get("src"):
            self.sources.append(found["src"] or "")
        if tag == "link" and found.get("href"):
            self.sources.append(found["href"] or "")


def page_links(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text("utf-8"))
    return parser


def internal_target(site: Path, page: Path, href: str) -> Path | None:
    """The file an internal link points at, or None for external, mail and in-page links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def search_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of each indexed page (its URL -> content, meta, filters), as the
    search box reads them. Every shard's (search_shards.py), but for the shards' hidden
    vocabulary pages."""
    pagefind = site / "pagefind"
    return {fragment["url"]: fragment for folder in [pagefind, *pagefind.glob("shard-*")]
            for fragment in shard_fragments(folder) if fragment["url"] != "/opsbook-vocabulary/"}


def shard_fragments(folder: Path) -> list[dict[str, Any]]:
    """Every fragment of one shard's folder, its vocabulary page's too: each is gzip of
    `pagefind_dcd` and JSON."""
    return [json.loads(gzip.decompress(path.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))
            for path in (folder / "fragment").glob("*.pf_fragment")]
