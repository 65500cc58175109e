"""Backstage entity names: readable, valid and unique by construction.

Backstage allows `[A-Za-z0-9]` runs joined by `-`, `_` or `.`, at most 63 characters, and
compares names without case within a kind and namespace. A name is the slug of a title (other
scripts transliterated: "Zürich" -> "zurich", "Склад" -> "sklad"); where several records want
the same name, each gets its ID appended; a name still taken (a title that is another's name
with the ID, "foo svc 0103") gets a counter. Every name is checked against the names already
given before it is given, so no two entities can share one, whatever the titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

NAME_MAX = 63
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _NOT_NAME.sub("-", anyascii(text).casefold()).strip("-")[:NAME_MAX].strip("-")


def unique_names(wanted: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """(key, wanted text, fallback) -> key: name. Keys whose slug no other key wants keep it;
    the others get `-<fallback>`, then a counter, until the name is free."""
    wanted = list(wanted)
    slugs = {key: slug(text) or slug(fallback) or "unnamed" for key, text, fallback in wanted}
    counts: dict[str, int] = {}
    for name in slugs.values():
        counts[name] = counts.get(name, 0) + 1
    names = {key: name for key, name in slugs.items() if counts[name] == 1}
    taken = set(names.values())
    for key, _, fallback in wanted:
        if key in names:
            continue
        name = _free(slugs[key], slug(fallback), taken)
        names[key] = name
        taken.add(name)
    return {key: names[key] for key, _, _ in wanted}


def _free(base: str, suffix: str, taken: set[str]) -> str:
    candidate = _joined(base, suffix) if suffix and suffix != base else base
    number = 2
    while candidate in taken:
        candidate = _joined(base, f"{suffix}-{number}" if suffix else str(number))
        number += 1
    return candidate


def _joined(base: str, suffix: str) -> str:
    return base[: NAME_MAX - len(suffix) - 1].rstrip("-") + "-" + suffix
