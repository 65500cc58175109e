"""Input built to be expensive stays cheap on the site: a long dependency chain's impact views
are capped (first items, ends of each path, the command that lists everything), and Markdown
shaped to make the renderer quadratic or recurse without end is shown as plain text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sitebuild import make_repository, mkdocs_build

CHAIN = 80  # longer than the listed rows (50) and the shown path steps (4)
PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "images": "![" * 5_000,
    "unclosed link targets": "[a](b " * 2_000,
    "nested list markers": "+ " * 3_000,
    "numbered list markers": "1. " * 3_000,
    "definitions": "a\n: " * 3_000,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("scale") / "repo")
    assets = root / "records/assets"
    for number in range(1001, 1001 + CHAIN):
        link = "services:\n  - SVC-0001\n" if number == 1001 else f"depends_on:\n  - AST-{number - 1}\n"
        (assets / f"AST-{number}.yaml").write_text(
            f"id: AST-{number}\ntitle: chain-{number}\nstatus: operational\nclass: server\n"
            f"environment: production\nowner: Platform Team\n{link}", "utf-8")
        if number - 1001 < len(PATHOLOGICAL):
            text = list(PATHOLOGICAL.values())[number - 1001]
            block = "".join(f"  {line}\n" for line in text.split("\n"))
            path = assets / f"AST-{number}.yaml"
            path.write_text(path.read_text("utf-8") + f"description: |\n{block}", "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def test_the_head_of_a_long_chain_lists_the_first_items_and_names_the_command(site: Path) -> None:
    page = (site / "assets/AST-1001/index.html").read_text("utf-8")
    assert f"Assets affected ({CHAIN - 1})" in page
    assert f"The first 50 of {CHAIN - 1}" in page and "opsbook impact AST-1001" in page
    # The deepest listed row's path shows its first and last steps and how many lie between.
    assert re.search(r"… 46 more steps …", page)


def test_no_page_of_the_chain_grows_with_its_length(site: Path) -> None:
    sizes = {p.parent.name: p.stat().st_size for p in (site / "assets").glob("AST-1*/index.html")}
    assert len(sizes) == CHAIN
    assert max(sizes.values()) < 200_000


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_markdown_is_shown_as_plain_text(site: Path, name: str) -> None:
    number = 1001 + list(PATHOLOGICAL).index(name)
    page = (site / f"assets/AST-{number}/index.html").read_text("utf-8")
    first_line = PATHOLOGICAL[name].split("\n")[0].rstrip()
    assert html.escape(first_line[:200], quote=False) in page
