"""The record graph: forward references read from the schemas' x-ref marks, and the
inverse relations (backlinks) derived from them, never stored."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from opsbook.kinds import ReferenceField
from opsbook.model import Record, Repository

MENTION = re.compile(r"(?<![\w/-])([A-Z]{2,5}-[0-9]{4,})(?![\w-])")


@dataclass(frozen=True)
class Reference:
    source: Record
    field: ReferenceField
    location: tuple[str | int, ...]
    target_id: str

    @property
    def relation(self) -> str:
        return self.field.name

    @property
    def inverse(self) -> str:
        return self.field.inverse


def references_of(record: Record) -> Iterator[Reference]:
    data = record.data
    for field in record.kind.references:
        path = field.path
        value = data.get(path[0])
        if value is None:
            continue
        # Most references are a field or a list of IDs: read those without the general walk.
        if len(path) == 1:
            if isinstance(value, str):
                yield Reference(record, field, path, value)
        elif len(path) == 2 and path[1] == "*":
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield Reference(record, field, (path[0], index), item)
        else:
            for location, found in _walk(data, path, ()):
                if isinstance(found, str):
                    yield Reference(record, field, location, found)


def _walk(node: Any, path: tuple[str, ...], at: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not path:
        yield at, node
        return
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from _walk(item, rest, (*at, index))
    elif isinstance(node, dict) and step in node:
        yield from _walk(node[step], rest, (*at, step))


def mentions(text: str) -> Iterator[tuple[str, int, int]]:
    """Record IDs written in Markdown text, with their line and column within the text."""
    for number, line in enumerate(text.split("\n"), start=1):
        for match in MENTION.finditer(line):
            yield match.group(1), number, match.start() + 1


class Graph:
    """Every resolved reference of a repository, indexed both ways."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.outgoing: dict[str, list[Reference]] = defaultdict(list)
        self.incoming: dict[str, list[Reference]] = defaultdict(list)
        by_id = repository.by_id
        for record in repository.records:
            for reference in references_of(record):
                self.outgoing[record.id].append(reference)
                if reference.target_id in by_id:
                    self.incoming[reference.target_id].append(reference)

    @classmethod
    def of(cls, repository: Repository) -> Graph:
        """The repository's graph, built once: several checks and the site all read it."""
        return repository.derived("graph", cls)

    def backlinks(self, record_id: str) -> dict[str, list[Record]]:
        """Records that point at `record_id`, grouped by the inverse relation's name."""
        groups: dict[str, list[Record]] = defaultdict(list)
        for reference in self.incoming.get(record_id, []):
            if reference.source not in groups[reference.inverse]:
                groups[reference.inverse].append(reference.source)
        return dict(groups)

    def targets(self, record: Record, relation: str) -> list[Record]:
        by_id = self.repository.by_id
        return [by_id[r.target_id] for r in self.outgoing.get(record.id, [])
                if r.relation == relation and r.target_id in by_id]
