"""What the browser tests look for, chosen from the example records at test time."""

from __future__ import annotations

import re
from pathlib import Path

from opsbook.model import Record, Repository

_WORD = re.compile(r"[A-Za-z]{5,}")


def records_of(repository: Repository, kind: str) -> list[Record]:
    if kind not in repository.kinds.by_name:
        return []
    return sorted(repository.of_kind(kind), key=lambda r: r.id)


def rarest_title_word(repository: Repository, kind: str) -> tuple[Record, str]:
    """A record of `kind` and the word of its title that the fewest records mention, so that
    a search for it lists few pages and the record's among them."""
    texts = [record.text.lower() for record in repository.records]
    candidates = [(sum(word.lower() in text for text in texts), record.id, word, record)
                  for record in records_of(repository, kind) for word in _WORD.findall(record.title)]
    assert candidates, f"no {kind} record has a title word to search for"
    _, _, word, record = min(candidates, key=lambda c: c[:3])
    return record, word


def is_open(record: Record) -> bool:
    lifecycle = record.kind.lifecycle
    return lifecycle is not None and lifecycle.is_open(record.status)


def with_diagram(repository: Repository, page_of: dict[str, str], site_dir: Path, kind: str) -> Record:
    """The first record of `kind` whose built page carries a Mermaid diagram."""
    for record in records_of(repository, kind):
        if 'class="mermaid"' in (site_dir / page_of[record.id] / "index.html").read_text("utf-8"):
            return record
    raise AssertionError(f"no {kind} page of the example has a dependency diagram")
