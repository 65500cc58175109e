"""Generated pages' HTML blocks bypass Markdown: set aside before it, put back after it.

Generated pages are a few Markdown headings and fences around large blocks of HTML that the
render layer has already built and escaped. MkDocs would run each block through two pure-Python
HTML parsers (its anchor collector and Python-Markdown's raw-HTML stash), only to copy it to the
output unchanged; at 10,000 records that was a third of the build. `set_aside` swaps each
top-level block for a comment, which both parsers pass over at once, and `put_back` swaps the
comments for the blocks in the rendered page. Blocks that Material's search skips anyway
(`data-search-exclude`: lists and tables of other records) go back only after the search
plugin has read the page, which spares it a third parse.

A block is what Python-Markdown itself treats as raw HTML: a line starting with a block-level
tag after a blank line (or right after another block), through its matching closing tag, and
any elements that follow it on that line. Our HTML is generated with every `<` of text escaped,
so counting the tag's openings and closings finds the end; anything this scan does not
recognise is left to Markdown, which renders it as before (tests/test_site_raw_blocks.py
renders every page both ways).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

# Block-level elements with a closing tag that the render layer starts a block with.
_BLOCK_TAGS = "div|table|ul|ol|p|h[1-6]|details|figure|section|nav|dl|blockquote|pre"
_BLOCK_TAG = re.compile(rf"<({_BLOCK_TAGS})[\s>]")
_BLOCK_START = re.compile(rf"^{_BLOCK_TAG.pattern}", re.MULTILINE)


@dataclass
class SetAside:
    markdown: str
    blocks: list[str] = field(default_factory=list)


class RawBlocks:
    """One per build: the marker carries a random token, so no record text can forge it."""

    def __init__(self) -> None:
        token = secrets.token_hex(8)
        self._marker = f"<!--opsbook-block-{token}-{{}}-->"
        self._found = re.compile(rf"<!--opsbook-block-{token}-(\d+)-->")

    def set_aside(self, markdown: str) -> SetAside:
        kept: list[str] = []
        blocks: list[str] = []
        position = 0
        for start in _BLOCK_START.finditer(markdown):
            begin = start.start()
            if begin < position:  # inside the previous block
                continue
            # A block starts a Markdown block (after a blank line) or follows another on the next line.
            if not (begin == 0 or markdown.startswith("\n\n", begin - 2) or (blocks and begin == position + 1)):
                continue
            end = _block_end(markdown, begin, start.group(1))
            if end is None:
                continue
            kept.append(markdown[position:begin])
            kept.append(self._marker.format(len(blocks)))
            blocks.append(markdown[begin:end])
            position = end
        kept.append(markdown[position:])
        return SetAside("".join(kept), blocks)

    def put_back(self, html: str, blocks: list[str], *, unsearched: bool = True) -> str:
        """The blocks back in place of their markers; with `unsearched=False`, the blocks that
        search skips anyway (`data-search-exclude`) stay set aside for a later call."""
        if not blocks:
            return html

        def block(found: re.Match[str]) -> str:
            text = blocks[int(found.group(1))]
            return text if unsearched or not _is_unsearched(text) else found.group(0)

        # One pass over the rendered page: a block's own text is never searched for markers.
        return self._found.sub(block, html)


def _is_unsearched(block: str) -> bool:
    """The block is one element that search skips (no other element follows it on its line)."""
    found = _BLOCK_TAG.match(block)
    if found is None or " data-search-exclude" not in block[: block.find(">")]:
        return False
    end = _closing_tag_end(block, 0, found.group(1))
    return end is not None and not block[end:].strip()


def _block_end(markdown: str, begin: int, tag: str) -> int | None:
    """The end of the line where the block's last element closes, if the block ends there.
    Elements may follow each other on one line (`</table><p>...</p>`), as Markdown allows."""
    while True:
        closed = _closing_tag_end(markdown, begin, tag)
        if closed is None:
            return None
        line_end = markdown.find("\n", closed)
        line_end = len(markdown) if line_end < 0 else line_end
        if not markdown[closed:line_end].strip():
            return line_end
        following = _BLOCK_TAG.match(markdown, closed)
        if following is None:
            return None  # text after the closing tag: Markdown's to render
        begin, tag = closed, following.group(1)


def _closing_tag_end(markdown: str, begin: int, tag: str) -> int | None:
    depth = 0
    for found in re.compile(rf"<(/?){tag}[\s>]").finditer(markdown, begin):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return markdown.find(">", found.start()) + 1
    return None
