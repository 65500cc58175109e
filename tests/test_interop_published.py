"""What a real site build publishes for other tools. The Atom feeds as a feed reader sees them:
fetched over HTTP and parsed with feedparser, every entry link and the self link must resolve
to a page that exists. The JSON API's contract: published with the site, and followed."""

from __future__ import annotations

import functools
import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft7Validator
from sitebuild import make_repository, mkdocs_build
from support import run

FEEDS = ("feeds/incidents.xml", "feeds/changes.xml")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = make_repository(tmp_path_factory.mktemp("feeds") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root, result.stderr


@pytest.fixture(scope="module")
def served(built: tuple[Path, str]) -> Iterator[str]:
    """The built site under a sub-path, as project sites are published (host/project/)."""
    root, _ = built
    (root / "www").mkdir(exist_ok=True)
    (root / "www" / "ops").symlink_to(root / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "www")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ops/"
    server.shutdown()
    server.server_close()


def status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def test_without_site_url_the_build_warns_and_feeds_resolve_through_xml_base(built: tuple[Path, str],
                                                                             served: str) -> None:
    _, log = built
    assert "site_url is not set: the Atom feeds link to the pages through xml:base" in log
    for path in FEEDS:
        feed = feedparser.parse(served + path)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.entries
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert self_link == served + path
        for entry in feed.entries:
            assert entry.link.startswith(served) and entry.link != served
            assert status(entry.link) == 200, entry.link


def test_with_site_url_every_link_is_absolute_under_it(built: tuple[Path, str], tmp_path: Path) -> None:
    root, _ = built
    result = run("export", "api", "--out", str(tmp_path), "--site-url", "https://ops.example.com/it/",
                 "--root", str(root))
    assert result.exit_code == 0, result.output
    feed = feedparser.parse((tmp_path / "feeds/incidents.xml").read_bytes())
    assert not feed.bozo
    assert "xml:base" not in (tmp_path / "feeds/incidents.xml").read_text("utf-8")
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        "https://ops.example.com/it/feeds/incidents.xml"]
    for entry in feed.entries:
        page = entry.link.removeprefix("https://ops.example.com/it/")
        assert page != entry.link and (root / "site" / page / "index.html").is_file(), entry.link


def test_the_site_publishes_the_api_contract_and_its_documents_follow_it(built: tuple[Path, str]) -> None:
    root, _ = built
    api = root / "site/api/v1"
    contract = {p.name: json.loads(p.read_text("utf-8")) for p in (api / "contract").glob("*.schema.json")}
    index = json.loads((api / "index.json").read_text("utf-8"))
    assert list(Draft7Validator(contract["index.schema.json"]).iter_errors(index)) == []
    assert index["records"]
    for entry in index["records"]:
        document = json.loads((api / entry["href"]).read_text("utf-8"))
        assert list(Draft7Validator(contract["record.schema.json"]).iter_errors(document)) == [], entry["href"]
