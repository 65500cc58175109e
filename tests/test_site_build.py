"""A real `mkdocs build` of a small repository in a temporary folder, checked on its HTML."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sitebuild import FIXTURE, PROJECT, internal_target, make_repository, mkdocs_build, page_links

# An unknown host gets GitHub's URL style (opsbook.site.structure.hosting), on edit_uri's branch.
EDIT_BASE = "https://git.kestrel-freight.example/it/opsbook/edit/main/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("site") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _record_pages() -> dict[str, str]:
    """Built page (relative to the site) of every fixture record and article -> its source."""
    pages = {}
    for path in sorted((FIXTURE / "records").glob("*/*.yaml")):
        pages[f"{path.parent.name}/{path.stem}/index.html"] = f"records/{path.parent.name}/{path.name}"
    for path in sorted((FIXTURE / "kb").glob("*.md")):
        pages[f"kb/{path.stem[:7]}/index.html"] = f"kb/{path.name}"
    return pages


def test_every_record_and_article_has_a_page_with_an_edit_link_to_its_source(built: Path) -> None:
    for page, source in _record_pages().items():
        assert (built / page).is_file(), page
        assert page_links(built / page).edit == EDIT_BASE + source


def test_raw_kb_files_are_replaced_by_article_pages(built: Path) -> None:
    assert not list(built.rglob("KB-0001-restart-pool*"))
    html = (built / "kb/KB-0002/index.html").read_text("utf-8")
    assert "Retired article" in html


def test_every_internal_link_and_backlink_resolves(built: Path) -> None:
    checked = 0
    for page in built.rglob("*.html"):
        if page.name == "404.html":
            continue  # MkDocs writes it with site-absolute links, for any depth
        links = page_links(page)
        for href in [*links.hrefs, *links.sources]:
            target = internal_target(built, page, href)
            if target is not None:
                assert target.is_file(), f"{page.relative_to(built)}: {href}"
                checked += 1
    assert checked > 500


def test_backlinks_are_grouped_on_the_target_page(built: Path) -> None:
    html = (built / "problems/PRB-0001/index.html").read_text("utf-8")
    assert "Referenced by" in html and "Fixed by changes" in html
    assert 'href="../../changes/CHG-0002/"' in html and 'href="../../incidents/INC-0001/"' in html


def test_record_pages_stay_out_of_the_navigation(built: Path) -> None:
    nav = page_links(built / "index.html").nav_hrefs
    assert any(href.endswith("incidents/") for href in nav)
    assert any("services/SVC-0001/" in href for href in nav)
    assert not any("INC-0001" in href for href in nav)


def test_nothing_is_fetched_from_the_internet(built: Path) -> None:
    for page in built.rglob("*.html"):
        for source in page_links(page).sources:
            assert "://" not in source and not source.startswith("//"), (page, source)
    assert (built / "assets/opsbook/mermaid.min.js").stat().st_size > 1_000_000
    assert "mermaid" in (built / "services/SVC-0001/index.html").read_text("utf-8")


def test_hostile_text_is_inert_on_pages_and_in_the_search_index(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<img src=x" not in html and "<script>alert" not in html, page
        assert 'href="javascript:' not in html.lower(), page
    index = json.loads((built / "search/search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        assert "<img" not in doc["title"] + doc["text"] and "<script" not in doc["text"], doc["location"]
    title = (built / "services/SVC-0002/index.html").read_text("utf-8").split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "&lt;" not in title


def test_search_finds_a_record_by_its_own_page_not_by_pages_listing_it(built: Path) -> None:
    index = json.loads((built / "search/search_index.json").read_text("utf-8"))
    text = {doc["location"]: doc["title"] + " " + doc["text"] for doc in index["docs"]}
    problem = " ".join(t for location, t in text.items() if location.startswith("problems/PRB-0001/"))
    # Its own fields and text are indexed; the backlinks listing INC-0001 are on the page, not in search.
    assert "Fields" in problem and "INC-0001" not in problem
    assert 'href="../../incidents/INC-0001/"' in (built / "problems/PRB-0001/index.html").read_text("utf-8")
    incident = " ".join(t for location, t in text.items() if location.startswith("incidents/INC-0001/"))
    assert "Tracking page returns HTTP 500" in incident and "Sam Responder" in incident
    # Index pages are found by their title; their rows are not searched.
    assert "Incidents" in text["incidents/"] and "INC-0001" not in text["incidents/"]


def _break(root: Path) -> None:
    (root / "records/incidents/INC-0003.yaml").write_text(
        "id: INC-0003\ntitle: Broken\nstatus: new\nservice: SVC-0001\nimpact: huge\n"
        "urgency: low\nopened_at: \"2026-03-01T10:00:00Z\"\n", "utf-8")
    (root / "records/incidents/INC-0004.yaml").write_text("id: INC-0004\ntitle: [unclosed\n", "utf-8")


def test_an_invalid_record_fails_the_strict_build_with_its_position(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    _break(root)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "records/incidents/INC-0003.yaml:5:9: error:" in result.stderr
    assert "records/incidents/INC-0004.yaml:3:1: error:" in result.stderr


def test_a_non_strict_build_shows_invalid_and_unloadable_records_flagged(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    _break(root)
    result = mkdocs_build(root, strict=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr
    site = root / "site"
    page = (site / "incidents/INC-0003/index.html").read_text("utf-8")
    assert "This record is invalid" in page and "records/incidents/INC-0003.yaml:5:9" in page
    index = (site / "incidents/index.html").read_text("utf-8")
    assert index.count('data-invalid="true"') == 2
    assert (site / "incidents/file-INC-0004/index.html").is_file()
    assert "INC-0004.yaml" in (site / "problems-found/index.html").read_text("utf-8")


def test_the_example_repository_builds_strictly(tmp_path: Path) -> None:
    root = tmp_path / "example"
    for name in ("records", "kb", "schemas"):
        shutil.copytree(PROJECT / name, root / name)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(PROJECT / name, root / name)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    for path in (PROJECT / "records").glob("*/*.yaml"):
        assert (root / "site" / path.parent.name / path.stem / "index.html").is_file(), path
