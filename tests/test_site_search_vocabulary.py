"""The shards' vocabulary (site/search_vocabulary.py): a shard must answer a word it lacks with
its vocabulary page only, never with a shorter word. An ID stands there by its shortest prefix
longer than every word of the site it starts with, so a thousand IDs need one word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from opsbook.site.search_vocabulary import vocabulary

_IDS = st.builds(lambda prefix, number: f"{prefix}-{number:04d}",
                 st.sampled_from(["inc", "req", "chg", "invoice"]), st.integers(0, 9999))
_WORDS = st.sets(st.one_of(_IDS, st.from_regex(r"[a-z]{1,8}(-[0-9]{1,3})?", fullmatch=True)), max_size=60)


def _known(words: set[str]) -> set[str]:
    """The words Pagefind indexes for `words`: each, and the parts of a hyphenated one."""
    return words | {part for word in words for part in word.split("-") if part}


@given(_WORDS)
def test_every_word_is_blocked_by_a_vocabulary_word_longer_than_any_shorter_site_word(words: set[str]) -> None:
    kept = vocabulary(words)
    known = _known(words)
    for word in words:
        shorter = [w for w in known if word.startswith(w) and w != word]
        blocking = [w for w in kept if word.startswith(w)]
        assert blocking, word
        # Pagefind falls back to the longest word the query starts with: the vocabulary's.
        assert max(map(len, blocking)) > max(map(len, shorter), default=0), (word, blocking, shorter)
        assert not max(blocking, key=len).endswith("-")


def test_ids_share_one_prefix_and_ordinary_words_stay_whole() -> None:
    ids = {f"inc-{n:04d}" for n in range(1, 1000)}
    kept = vocabulary(ids | {"inc", "timeout", "time", "inc-004"})
    assert "inc-0" in kept and "inc-0042" in kept  # `inc-004` is a word: its IDs stay whole
    assert "inc-0123" not in kept
    assert {"timeout", "time", "inc"} <= set(kept)
    assert len(kept) < 20
