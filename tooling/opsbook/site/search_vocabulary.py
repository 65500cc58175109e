"""Each shard's hidden vocabulary page (see search_shards.py): the words a query may use that the
shard must answer with nothing rather than with a shorter word.

Pagefind answers a word that an index lacks with the longest word of that index the query
starts with (`REQ-9999` becomes `req`, `timeoutx` becomes `timeout`). In one index that happens
only for a word no page has; a shard lacks most words the others have, so each shard holds a
page with the other shards' words, which the search box never lists. For a record ID the page
needs only the ID's shortest prefix that is longer than any word the site has (`inc-0` for
`INC-0042`, since every shard has `inc`): the shard then answers `INC-0042` with that page alone,
and one prefix stands for a thousand IDs (IDs were four fifths of the words at 10,000 records;
each made every shard's index larger and every first query fetch more).
"""

from __future__ import annotations

import html as html_text
import re

from opsbook.site.render.text import h

# The search box knows the page by its ID (in the manifest), not by a filter, which would cost
# every shard one more filter file for the facets to fetch.
URL = "/opsbook-vocabulary/"
_TAG = re.compile(r"<[^>]*>")
# The words: runs of letters, digits, `_` and `-` (`INC-0042` stays one word, as Pagefind
# indexes it, besides its parts `inc` and `0042`), lowercased.
_WORD = re.compile(r"[\w-]+")
# An ID-like word: letters, a hyphen, digits. Pagefind does not stem it, so its prefixes stand.
_ID = re.compile(r"[a-z]+-\d+")


def words_of(page: str) -> set[str]:
    """The words of a content page (search_shards.content_page), as the vocabulary counts them."""
    return set(_WORD.findall(html_text.unescape(_TAG.sub(" ", page)).lower()))


def vocabulary(words: set[str]) -> list[str]:
    """The vocabulary page's words for a site of `words`: every word, but each ID-like word only
    by its shortest prefix longer than every site word it starts with."""
    known = words | {part for word in words for part in word.split("-") if part}
    return sorted({_stand_in(word, known) if _ID.fullmatch(word) else word for word in words})


def _stand_in(word: str, known: set[str]) -> str:
    longest = max((end for end in range(1, len(word)) if word[:end] in known), default=0)
    end = longest + 1
    while word[end - 1] == "-":  # Pagefind would index `inc-` as `inc`
        end += 1
    return word[:end]


def vocabulary_page(words: set[str], language: str) -> str:
    return (f'<!doctype html><html lang="{h(language)}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body><p>{h(" ".join(vocabulary(words)))}</p></main></body></html>')
