"""Markdown fields and KB article bodies, rendered to sanitized HTML.

Python-Markdown passes raw HTML through, so its raw-HTML processors are removed (HTML in a
record becomes visible text) and the output still goes through the allow-list sanitizer.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown

from opsbook.site.render.sanitize import sanitize

# Superfences, not fenced_code: a code block inside a list item (a runbook's numbered steps)
# renders as code. Without Pygments: the output is plain <pre><code>, which the sanitizer keeps.
_EXTENSIONS = ["tables", "pymdownx.superfences", "sane_lists", "def_list"]
_CONFIGS = {"pymdownx.highlight": {"use_pygments": False}}


def _renderer() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_CONFIGS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_RENDERER: list[markdown.Markdown] = []

# Python-Markdown's cost is quadratic in some inputs and its recursion unbounded in others
# (20 KB of `[` took a minute; `+ + + ...` on one line overflows the stack). A paragraph with
# any of these shapes is shown as plain text: none occurs in text written for people.
_UNMATCHED_LIMIT = 16  # openers `[` or `(` left without their closer in one paragraph
_RUN_LIMIT = 100  # definition (`: `) or underline (`===`, `---`) lines in one paragraph
_DEEP_MARKERS = re.compile(r"(?m)^[ \t]*(?:(?:[-*+>]|[0-9]{1,9}[.)])[ \t]+){8}")
_RUN_LINES = re.compile(r"(?m)^[ \t]*(?::|=+[ \t]*$|-+[ \t]*$)")
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def render_markdown(text: str, link_text: Callable[[str], str] | None = None) -> str:
    """Sanitized HTML for untrusted Markdown; `link_text` links record IDs in plain text."""
    if is_pathological(text):
        return sanitize(_plain(text), link_text)
    # One renderer, reset between fields: building a Markdown instance costs more than most
    # conversions, and a site of 10,000 records converts tens of thousands of fields.
    if not _RENDERER:
        _RENDERER.append(_renderer())
    md = _RENDERER[0].reset()
    try:
        return sanitize(md.convert(text), link_text)
    except RecursionError:  # a nesting the checks above did not foresee
        return sanitize(_plain(text), link_text)


def is_pathological(text: str) -> bool:
    """Whether rendering `text` as Markdown could cost more than linear time or overflow."""
    if _DEEP_MARKERS.search(text):
        return True
    for paragraph in _PARAGRAPHS.split(text) if "\n" in text else (text,):
        if (paragraph.count("[") - paragraph.count("]") > _UNMATCHED_LIMIT
                or paragraph.count("(") - paragraph.count(")") > _UNMATCHED_LIMIT
                or (paragraph.count("\n") > _RUN_LIMIT and len(_RUN_LINES.findall(paragraph)) > _RUN_LIMIT)):
            return True
    return False


def _plain(text: str) -> str:
    paragraphs = (html.escape(p).replace("\n", "<br>\n") for p in _PARAGRAPHS.split(text))
    return "".join(f"<p>{p}</p>\n" for p in paragraphs if p.strip())
