"""An allow-list HTML sanitizer for the HTML rendered from record Markdown.

Rebuilds the document from parse events: unknown tags are dropped (their text kept, except
inside script-like elements), only listed attributes survive, links must be http(s), mailto
or relative, and images become links so that nothing is fetched when a page is viewed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

from opsbook.formats import is_safe_link

ALLOWED: dict[str, frozenset[str]] = {
    tag: frozenset(attrs)
    for tag, attrs in {
        "p": (), "br": (), "hr": (), "em": (), "strong": (), "b": (), "i": (), "del": (),
        "code": (), "pre": (), "blockquote": (), "ul": (), "ol": ("start",), "li": (),
        "dl": (), "dt": (), "dd": (), "sup": (), "sub": (), "kbd": (),
        "h4": (), "h5": (), "h6": (),
        "table": (), "thead": (), "tbody": (), "tr": (), "th": ("align",), "td": ("align",),
        "a": ("href", "title"),
    }.items()
}
# Headings inside a field must not compete with the page's own outline.
RENAMED = {"h1": "h4", "h2": "h5", "h3": "h6"}
VOID = frozenset({"br", "hr"})
DROP_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "svg", "math",
                          "noscript", "textarea", "title", "select"})
NO_LINKING = frozenset({"a", "code", "pre"})

TextHook = Callable[[str], str]


class _Sanitizer(HTMLParser):
    def __init__(self, link_text: TextHook | None) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0
        self.link_text = link_text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag == "img":
            self._image(dict(attrs))
            return
        tag = RENAMED.get(tag, tag)
        if tag not in ALLOWED:
            return
        kept = [(name, value) for name, value in attrs
                if name in ALLOWED[tag] and value is not None and self._attribute_ok(name, value)]
        if tag == "a" and not any(name == "href" for name, _ in kept):
            kept = []
        rendered = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in kept)
        if tag == "a" and kept:
            rendered += ' rel="nofollow noopener"'
        self.out.append(f"<{tag}{rendered}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if RENAMED.get(tag, tag) in ALLOWED and tag not in VOID and self.open and self.open[-1] == RENAMED.get(tag, tag):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        tag = RENAMED.get(tag, tag)
        if self.dropping or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.link_text is not None and not NO_LINKING.intersection(self.open):
            self.out.append(self.link_text(data))
        else:
            self.out.append(html.escape(data, quote=False))

    def _attribute_ok(self, name: str, value: str) -> bool:
        if name == "href":
            return is_safe_link(value.strip())
        if name == "start":
            return value.isdigit()
        if name == "align":
            return value in {"left", "right", "center"}
        return True

    def _image(self, attrs: dict[str, str | None]) -> None:
        alt = attrs.get("alt") or "image"
        src = (attrs.get("src") or "").strip()
        if src and is_safe_link(src):
            self.out.append(f'<a href="{html.escape(src, quote=True)}" rel="nofollow noopener">'
                            f"[{html.escape(alt, quote=False)}]</a>")
        else:
            self.out.append(f"[{html.escape(alt, quote=False)}]")

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def sanitize(fragment: str, link_text: TextHook | None = None) -> str:
    """Only allow-listed HTML of `fragment`; `link_text` turns plain text into escaped HTML
    (used to link record IDs) and must escape what it does not link."""
    sanitizer = _Sanitizer(link_text)
    sanitizer.feed(fragment)
    return sanitizer.result()
