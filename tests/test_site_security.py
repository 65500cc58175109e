"""Hostile text in every string field of every kind, through real MkDocs builds (strict, and
non-strict with invalid records rendered flagged), checked by parsing every output the site has.

The repository is generated (tests/hostilerepo.py) from tests/hostile/payloads.json by walking
each kind's schema, and the scan (tests/sitescan.py) walks whatever the built site contains, so
new fields and new pages are covered without touching this file.
"""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path
from typing import Any

import pytest
from hostilerepo import COPIES, PAYLOADS, URLS, HostileRepository, make_hostile_repository
from opsbook.formats import is_safe_link, is_uri
from opsbook.kinds import Kind, Kinds
from opsbook.load import open_repository
from sitebuild import internal_target, make_repository, mkdocs_build, page_links
from sitescan import SiteScan, known_scripts, mermaid_problems, parse_html, url_problem
from support import run


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> frozenset[str]:
    """The theme's own inline scripts, from a build of the fixture without generated payloads."""
    root = make_repository(tmp_path_factory.mktemp("reference") / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return known_scripts(root / "site")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileRepository:
    repository = make_hostile_repository(tmp_path_factory.mktemp("hostile") / "repo", invalid=False)
    result = mkdocs_build(repository.root)
    assert result.returncode == 0, result.stderr[-3000:]
    return repository


@pytest.fixture(scope="module")
def flagged(tmp_path_factory: pytest.TempPathFactory) -> HostileRepository:
    repository = make_hostile_repository(tmp_path_factory.mktemp("flagged") / "repo", invalid=True)
    result = mkdocs_build(repository.root, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return repository


def _scan(site: Path, scripts: frozenset[str]) -> SiteScan:
    scan = SiteScan(site, scripts)
    scan.run()
    return scan


def test_payloads_reach_every_free_text_field_of_every_kind(hostile: HostileRepository) -> None:
    kinds = open_repository(hostile.root).kinds
    for kind in kinds:
        expected = set(_free_text_fields(kinds, kind))
        assert expected and ("title",) in expected, kind.name
        assert expected <= hostile.fields[kind.name], (kind.name, expected - hostile.fields[kind.name])


def test_records_full_of_payloads_are_valid_and_kept_as_written(hostile: HostileRepository) -> None:
    assert run("validate", "--root", str(hostile.root)).exit_code == 0
    titles = {r.title for r in open_repository(hostile.root).records if r.id.split("-")[1].startswith("9")}
    # Each title field holds one chunk of payloads per copy; every payload is in some title.
    assert all(any(payload.split("\n")[0][:150] in title for title in titles) for payload in PAYLOADS)
    assert len(titles) >= COPIES


def test_strict_build_of_hostile_records_is_inert_everywhere(hostile: HostileRepository,
                                                            reference: frozenset[str]) -> None:
    scan = _scan(hostile.root / "site", reference)
    assert not scan.findings, "\n".join(map(str, scan.findings[:40]))
    assert scan.pages > len(hostile.valid) and scan.diagrams > 0 and scan.search_docs > len(hostile.valid)


def test_every_hostile_record_has_its_page_and_index_row(hostile: HostileRepository) -> None:
    site = hostile.root / "site"
    for path in hostile.valid:
        page = _page(site, path)
        assert page.is_file(), path
        index = page.parent.parent / "index.html"
        assert page in {internal_target(site, index, href) for href in page_links(index).hrefs}, path


def test_non_strict_build_renders_invalid_hostile_records_flagged_and_inert(
        flagged: HostileRepository, reference: frozenset[str]) -> None:
    site = flagged.root / "site"
    scan = _scan(site, reference)
    assert not scan.findings, "\n".join(map(str, scan.findings[:40]))
    problems = (site / "problems-found/index.html").read_text("utf-8")
    for path in flagged.invalid:
        assert path in problems, path
    for path in flagged.invalid[::2]:  # the copies that keep a valid ID keep their address
        assert "This record is invalid" in _page(site, path).read_text("utf-8"), path


def test_constrained_fields_refuse_payloads_with_positions(flagged: HostileRepository) -> None:
    result = run("validate", "--root", str(flagged.root), "--format", "json")
    assert result.exit_code == 1
    found = {(d["path"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    repository = open_repository(flagged.root)
    checked = 0
    for record in repository.records:
        if record.path not in flagged.invalid:
            continue
        for i, _ in enumerate(record.data.get("tags") or []):
            assert (record.path, record.position(("tags", i))[0]) in found, (record.path, i)
            checked += 1
        for i, link in enumerate(record.data.get("links") or []):
            url = link.get("url", "")
            # What a browser would follow off the site must be refused (as it reads the URL).
            if url_problem(url) or url_problem(html.unescape(url)):
                assert (record.path, record.position(("links", i, "url"))[0]) in found, (record.path, url)
                checked += 1
    assert checked > len(URLS) * 5


@pytest.mark.parametrize("url", URLS)
def test_only_links_a_browser_reads_as_http_mailto_or_relative_are_safe(url: str) -> None:
    if is_safe_link(url):
        assert url_problem(url) is None
    assert not is_safe_link(url.upper()) or url_problem(url.upper()) is None
    if is_uri(url):
        assert url.lower().startswith(("http:", "https:", "mailto:"))


@pytest.mark.parametrize(("html", "expected"), [
    ("<script>alert(1)</script>", "unknown inline script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', "javascript: URL"),
    ('<a href="/\\evil.example">x</a>', "protocol-relative"),
    ('<form><button formaction="data:text/html,x">b</button></form>', "data: URL"),
    ('<img src="https://tracker.example/p.gif">', "<img> fetching"),
    ("<iframe></iframe>", "<iframe> element"),
    ('<b pwn="1">x</b>', "pwn"),
    ('<meta http-equiv="refresh" content="0;url=x">', "refresh"),
    ('<div style="background:url(x)">x</div>', "style="),
    ('<script type="application/json">{"a": </script>', "not JSON"),
])
def test_the_scan_catches_what_it_looks_for(html: str, expected: str) -> None:
    findings = parse_html(html, "page.html", known_scripts=frozenset()).findings
    assert any(expected in str(f) for f in findings), findings


def test_the_scan_reads_mermaid_structure() -> None:
    good = 'flowchart LR\n  n0(["SVC-0001: a #60;b#62;"])\n  n1["x"]\n  n0 -->|"runs on"| n1\n'
    assert mermaid_problems(good) == []
    assert mermaid_problems(good + '  n1["a"]);click n1 call alert(1)\n')
    assert mermaid_problems('flowchart LR\n  n0["a"] --> evil\nclick n0 "javascript:alert(1)"\n')
    assert mermaid_problems('%%{init: {"securityLevel": "loose"}}%%\nflowchart LR\n')


def test_the_scan_covers_every_file_type_it_may_meet(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    (site / "api").mkdir()
    (site / "feeds/x.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="javascript:alert(1)"/>'
        '<entry><content type="html">&lt;img src=x onerror=alert(1)&gt;</content></entry></feed>')
    (site / "api/x.json").write_text('{"a": ')
    (site / "page.html").write_text('<script src="https://evil.example/x.js"></script><script src="x.js"></script>')
    (site / "search").mkdir()
    (site / "search/search_index.json").write_text(json.dumps(
        {"docs": [{"location": "x/", "title": "t", "text": "<svg onload=alert(1)>"}]}))
    (site / "pagefind/fragment").mkdir(parents=True)
    (site / "pagefind/fragment/en_1.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(
        {"url": "javascript:alert(2)", "content": "t", "meta": {"title": "t"}}).encode()))
    found = [str(f) for f in SiteScan(site, frozenset()).run()]
    assert any("javascript: URL" in f for f in found) and any("onerror" in f for f in found)
    assert any("not JSON" in f for f in found) and any("onload" in f for f in found)
    assert any("pf_fragment" in f and "url outside the site" in f for f in found)
    assert any("script from 'https://evil.example/x.js'" in f for f in found)
    assert any("script from 'x.js'" in f for f in found)  # not a file of the site


def _page(site: Path, path: str) -> Path:
    """The built page of a generated record (its ID is the file name up to the slug)."""
    folder = "kb" if path.startswith("kb/") else Path(path).parent.name
    return site / folder / "-".join(Path(path).stem.split("-")[:2]) / "index.html"


def _free_text_fields(kinds: Kinds, kind: Kind) -> list[tuple[str | int, ...]]:
    """Every string property of the kind's schema without enum, pattern, format or reference."""
    found: list[tuple[str | int, ...]] = []
    resolver = kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))

    def walk(node: dict[str, Any], resolver: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node.get("$ref"), str):
            resolved = resolver.lookup(node["$ref"])
            node, resolver = {**resolved.contents, **node, "$ref": None}, resolved.resolver
        if "oneOf" in node or "anyOf" in node:
            return
        if node.get("type") == "string" and not any(
                key in node for key in ("enum", "const", "pattern", "format", "x-ref")):
            found.append(path)
        for name, child in node.get("properties", {}).items():
            walk(child, resolver, (*path, name))
        if isinstance(node.get("items"), dict):
            walk(node["items"], resolver, (*path, 0))

    walk(kind.schema, resolver, ())
    return found

