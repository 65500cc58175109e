"""Setting generated HTML aside while Markdown runs changes nothing in the rendered pages.

Every generated page of the site fixture and of the hostile repositories (untrusted text in every
field, valid and invalid) is rendered by Python-Markdown with the project's mkdocs.yml extensions
twice: as generated, and with its HTML blocks set aside and put back. The two must agree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pytest
from hostilerepo import make_hostile_repository
from mkdocs.config import load_config
from opsbook.load import open_repository
from opsbook.site.pages import build_pages
from opsbook.site.raw_blocks import RawBlocks
from opsbook.site.structure.model import build_model
from opsbook.validate import validate
from sitebuild import make_repository

_SPACE = re.compile(r"\s+")
_BETWEEN_TAGS = re.compile(r">\s+<")


def _normalized(html: str) -> str:
    """Whitespace aside (Markdown puts a line break between elements that share a line)."""
    return _BETWEEN_TAGS.sub("><", _SPACE.sub(" ", html))


def _rendered_both_ways(root: Path) -> tuple[int, int, list[str]]:
    config = load_config(str(root / "mkdocs.yml"))
    renderer = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    repository = open_repository(root)
    model = build_model(repository, validate(repository), datetime(2026, 3, 10, tzinfo=UTC))
    raw_blocks = RawBlocks()
    pages = blocks = 0
    differing = []
    for page in build_pages(model, "Site"):
        direct = renderer.reset().convert(page.markdown)
        aside = raw_blocks.set_aside(page.markdown)
        restored = raw_blocks.put_back(renderer.reset().convert(aside.markdown), aside.blocks)
        pages, blocks = pages + 1, blocks + len(aside.blocks)
        if _normalized(direct) != _normalized(restored):
            differing.append(page.uri)
    return pages, blocks, differing


@pytest.mark.parametrize("variant", ["fixture", "hostile", "hostile-invalid"])
def test_pages_render_the_same_with_html_set_aside(tmp_path: Path, variant: str) -> None:
    if variant == "fixture":
        root = make_repository(tmp_path / "repo")
    else:
        root = make_hostile_repository(tmp_path / "repo", invalid=variant == "hostile-invalid").root
    pages, blocks, differing = _rendered_both_ways(root)
    assert not differing, differing[:20]
    # Most of each page is HTML the render layer built: nearly all of it is set aside.
    assert pages > 30 and blocks > 3 * pages


def test_a_marker_in_record_text_is_not_replaced(tmp_path: Path) -> None:
    raw_blocks = RawBlocks()
    forged = "<!--opsbook-block-0000000000000000-0-->"
    aside = raw_blocks.set_aside(f'<p class="x">{forged.replace("<", "&lt;")}</p>\n\n{forged}\n')
    restored = raw_blocks.put_back(aside.markdown, aside.blocks)
    assert restored.count("opsbook-block-0000000000000000-0") == 2 and "&lt;!--" in restored
