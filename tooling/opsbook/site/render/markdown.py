"""Markdown fields and KB article bodies, rendered to sanitized HTML.

Python-Markdown passes raw HTML through, so its raw-HTML processors are removed (HTML in a
record becomes visible text) and the output still goes through the allow-list sanitizer.
"""

from __future__ import annotations

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


def render_markdown(text: str, link_text: Callable[[str], str] | None = None) -> str:
    """Sanitized HTML for untrusted Markdown; `link_text` links record IDs in plain text."""
    # One renderer, reset between fields: building a Markdown instance costs more than most
    # conversions, and a site of 10,000 records converts tens of thousands of fields.
    if not _RENDERER:
        _RENDERER.append(_renderer())
    md = _RENDERER[0].reset()
    return sanitize(md.convert(text), link_text)
