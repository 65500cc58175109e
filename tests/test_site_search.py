"""The search index: built while the site is written (Pagefind's service, fed each record page's
content), it equals Pagefind's own run over the written site, which previews and partial builds
use. (Searching it in a browser: tests/browser/test_search.py.)"""

from __future__ import annotations

import gzip
import json
import math
import re
import shutil
from pathlib import Path

import pytest
from opsbook.site.search_shards import content_page, index_written_site
from sitebuild import make_repository, mkdocs_build, search_fragments, shard_fragments


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("search") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _index(site: Path) -> dict[str, tuple[object, ...]]:
    return {url: (f["content"], f["meta"], f["filters"], f["word_count"])
            for url, f in search_fragments(site).items()}


def test_the_index_made_while_writing_equals_the_index_of_the_written_site(built: Path) -> None:
    streamed = _index(built)
    records = {p.parent.relative_to(built).as_posix() for p in built.glob("*/*-[0-9]*/index.html")}
    assert {url.strip("/") for url in streamed} == records  # every record page and article, nothing else
    index_written_site(built)  # the whole written site, as `opsbook serve` and `--dirty` builds index it
    assert _index(built) == streamed


def test_only_a_marked_page_goes_to_the_index_and_only_its_content() -> None:
    page = ('<html lang="de"><body><nav>menu</nav><article class="md-content__inner md-typeset" '
            'data-pagefind-body><h1>INC-0001</h1></article><footer>x</footer></body></html>')
    reduced = content_page(page)
    assert reduced is not None and '<html lang="de">' in reduced
    assert "<h1>INC-0001</h1>" in reduced and "menu" not in reduced and "footer" not in reduced
    assert content_page(page.replace(" data-pagefind-body", "")) is None


def test_an_index_in_shards_holds_the_same_pages_each_shard_with_its_vocabulary(
        built: Path, tmp_path: Path) -> None:
    """Shards of about five pages (the default is 500): every page in exactly one shard, as
    indexed in one; each shard with the hidden page of every word (search_shards.py)."""
    single = _index(built)
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")
    index_written_site(site, shard_pages=5)
    others = json.loads((site / "pagefind" / "opsbook-shards.json").read_text("utf-8"))["shards"]
    assert len(others) == math.ceil(len(single) / 5) - 1
    assert _index(site) == single
    for folder in [site / "pagefind", *(site / "pagefind" / shard for shard in others)]:
        fragments = shard_fragments(folder)
        vocabulary = [f for f in fragments if f["url"] == "/opsbook-vocabulary/"]
        assert len(vocabulary) == 1, folder
        # Every incident's ID is there, or a prefix of it longer than `inc` that stands for it.
        words = vocabulary[0]["content"].rstrip(".").split()
        assert all(any(record_id.startswith(word) and len(word) > len("inc") for word in words)
                   for record_id in (url.strip("/").split("/")[-1].lower() for url in single
                                     if url.startswith("/incidents/")))
    manifest = json.loads((site / "pagefind" / "opsbook-shards.json").read_text("utf-8"))
    assert len(manifest["vocabulary"]) == 1  # the same page in every shard: one ID
    named = site / "pagefind" / "fragment" / f"{manifest['vocabulary'][0]}.pf_fragment"
    assert b'"url":"/opsbook-vocabulary/"' in gzip.decompress(named.read_bytes())
    # The start bundle holds, byte for byte, each shard's entry file and metadata (search_shards.py).
    start = (site / "pagefind" / "opsbook-start.bin").read_bytes()
    assert {name for name, _, _ in manifest["start"]} >= {f"{shard}pagefind-entry.json" for shard in ["", *others]}
    for name, offset, length in manifest["start"]:
        assert start[offset:offset + length] == (site / "pagefind" / name).read_bytes(), name


def test_a_build_in_shards_holds_every_page_once_and_in_each_shard_a_vocabulary_of_every_word(
        built: Path, tmp_path: Path) -> None:
    """A build whose pages go to shards of about five pages as they are written: the pages are
    those of the index in one, and every word of every page is in each shard's vocabulary (or
    an ID's prefix that stands for it), so no shard answers a word it lacks with a shorter one."""
    root = make_repository(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - opsbook:\n", "  - opsbook:\n      search_shard_pages: 5\n", 1), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert _index(site) == _index(built)
    shards = json.loads((site / "pagefind" / "opsbook-shards.json").read_text("utf-8"))["shards"]
    assert len(shards) == math.ceil(len(_index(built)) / 5) - 1
    for folder in [site / "pagefind", *(site / "pagefind" / shard for shard in shards)]:
        fragments = shard_fragments(folder)
        vocabulary = [f["content"] for f in fragments if f["url"] == "/opsbook-vocabulary/"]
        assert len(vocabulary) == 1, folder
        known = vocabulary[0].rstrip(".").split()
        for fragment in fragments:
            for word in set(re.findall(r"[\w-]+", fragment["content"].lower())):
                assert any(word.startswith(stand_in) for stand_in in known), (fragment["url"], word)


def test_every_page_starts_the_search_worker_from_its_head(built: Path) -> None:
    """The index loads while the theme's scripts run (site/search.py): the worker is started in
    the head, by a path that leads to the worker script from each page."""
    for page in (built / "index.html", built / "incidents" / "INC-0001" / "index.html"):
        head = page.read_text("utf-8").split("</head>", 1)[0]
        start = head.index("window.opsbookSearchWorker=new Worker(")
        href = json.loads(head[start + len("window.opsbookSearchWorker=new Worker("):].split(")", 1)[0])
        assert (page.parent / href).resolve() == (built / "assets/opsbook/opsbook-search-worker.js").resolve()
        assert (page.parent / href).is_file()
