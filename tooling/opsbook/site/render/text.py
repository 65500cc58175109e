"""Plain record text made inert: every value a record author wrote goes through here.

Pages are Markdown with raw HTML blocks. Inside HTML, Markdown is not interpreted, so HTML
escaping suffices; text placed where Markdown is interpreted (headings) is also
backslash-escaped so that it cannot become a link, an image, an include or an attribute list.
"""

from __future__ import annotations

import html
import re
from typing import Any

# HTML's specials, and every character that starts Markdown syntax in Python-Markdown or a
# common extension, as numeric character references: inert in both languages.
_MARKDOWN_SAFE = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|~^<>&\"'"})
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
# Characters kept out of page titles: MkDocs themes print titles unescaped and `striptags`
# unescapes entities, so no form of these may reach a title.
_TITLE_UNSAFE = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "'": "\u2019", "`": "\u2018"})


def h(value: Any) -> str:
    """HTML-escaped text of any scalar, quotes included (safe in content and attributes)."""
    return html.escape(plain(value), quote=True)


def plain(value: Any) -> str:
    """The text a scalar is shown as, on one line."""
    if value is None:
        return ""
    if type(value) is str and "\n" not in value and "\r" not in value:
        return value.strip()  # most values: nothing for _NEWLINES to join
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _NEWLINES.sub(" ", str(value)).strip()


def md_text(value: Any) -> str:
    """Text safe to place where Markdown is interpreted: escaped for HTML, then for Markdown."""
    return plain(value).translate(_MARKDOWN_SAFE)


def title_text(value: Any) -> str:
    """A page title that is harmless printed raw, in an attribute or after `striptags`."""
    text = plain(value).translate(_TITLE_UNSAFE)
    return re.sub(r"&(?=\S)", "\uff06", text)


def attr_token(value: Any) -> str:
    """A value for a data attribute used by the filters: lower-case, HTML-escaped."""
    return h(plain(value).lower())


def humanize(name: str) -> str:
    """A field name as a label: `opened_at` -> `Opened at`."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
