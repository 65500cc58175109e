"""What the search index leaves out of an asset page: the impact tables (lists of other records)
and the Mermaid diagrams (graph markup labelled with other records), which the page itself
still shows; a record is found by its own page, not by every page that names it."""

from __future__ import annotations

from pathlib import Path

from sitebuild import make_repository, mkdocs_build, search_fragments


def test_an_asset_page_is_indexed_without_its_diagrams_and_impact_tables(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "site/assets/AST-0001/index.html").read_text("utf-8")
    assert html.count('<pre class="mermaid">') == 2 and "opsbook-table opsbook-impact" in html
    indexed = search_fragments(root / "site")["/assets/AST-0001/"]["content"]
    assert "AST-0001" in indexed and "If this fails" in indexed
    assert "flowchart" not in indexed and "classDef" not in indexed
    assert "←" not in indexed and "→" not in indexed  # the impact tables' paths
