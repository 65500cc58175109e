"""Where every page lives: addresses derived only from validated IDs and kind folders.

A record whose ID is not a valid ID of its kind (or is a duplicate) still gets a page, at a
slug made of safe characters, so nothing is dropped and no path leaves the site folder.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from opsbook.kinds import Kind
from opsbook.model import Record, Repository, Unloadable

_SAFE_SLUG = re.compile(r"[^A-Za-z0-9_-]+")

HOME = "index.md"
STANDUP = "standup.md"
PROBLEMS_FOUND = "problems-found.md"
TAGS = "tags.md"


def index_uri(kind: Kind) -> str:
    return f"{kind.folder if not kind.is_document else 'kb'}/index.md"


def _valid_id(kind: Kind, value: str) -> bool:
    return re.fullmatch(rf"{re.escape(kind.prefix)}-[0-9]{{4,}}", value) is not None


@dataclass
class Site:
    """Page addresses (`src_uri`, relative to the site) of every record and unloadable file."""

    repository: Repository
    use_directory_urls: bool = True
    uris: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        taken: set[str] = set()
        for item in [*self.repository.records, *self.repository.unloadable]:
            kind = item.kind
            folder = "kb" if kind is None or kind.is_document else kind.folder
            ident = item.id if isinstance(item, Record) else ""
            slug = ident if kind is not None and _valid_id(kind, ident) else "file-" + (
                _SAFE_SLUG.sub("-", item.stem).strip("-")[:60] or "unnamed")
            uri, n = f"{folder}/{slug}.md", 1
            # Compared ignoring case: on a case-insensitive disk file-A and file-a are one file.
            while uri.casefold() in taken or slug == "index":
                n += 1
                uri = f"{folder}/{slug}-{n}.md"
            taken.add(uri.casefold())
            self.uris[id(item)] = uri

    def uri(self, item: Record | Unloadable) -> str:
        return self.uris[id(item)]

    def record_uri(self, record_id: str) -> str | None:
        record = self.repository.by_id.get(record_id)
        return self.uri(record) if record is not None else None

    def url(self, uri: str) -> str:
        """The page's URL path relative to the site root, as MkDocs will write it."""
        stem = uri[: -len(".md")]
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def href(self, from_uri: str, to_uri: str, fragment: str = "") -> str:
        """A relative link from one page to another, as the browser resolves it."""
        source, target = self.url(from_uri), self.url(to_uri)
        folder = source if source == "" or source.endswith("/") else posixpath.dirname(source) + "/"
        rel = _relative(target, folder)
        if target == "" or target.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{fragment}" if fragment else "")


def _relative(target: str, folder: str) -> str:
    """`posixpath.relpath("/" + target, "/" + folder)` without its normalising, which pages
    whose paths hold no "." or ".." do not need: a site links a million times over (an asset
    page alone names a hundred records), and relpath was a tenth of the build."""
    to, start = target.split("/"), folder.split("/")
    if "." in to or ".." in to or "." in start or ".." in start:
        return posixpath.relpath("/" + target, "/" + folder)
    to, start = [part for part in to if part], [part for part in start if part]
    common = 0
    for ours, theirs in zip(to, start):
        if ours != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."
