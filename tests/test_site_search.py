"""The search index: built while the site is written (Pagefind's service, fed each record page's
content), it equals Pagefind's own run over the written site, which previews and partial builds
use. (Searching it in a browser: tests/browser/test_search.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from opsbook.site.search_shards import content_page, index_written_site
from sitebuild import make_repository, mkdocs_build, search_fragments


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
