"""Reading the repository from the command line: one record with what it points at and what
points at it (`opsbook show`), and the records of a kind as rows (`opsbook list`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opsbook.graph import Graph, mentions, references_of
from opsbook.kinds import Kind
from opsbook.model import Record, Repository
from opsbook.workflow.layout import id_number

MENTIONED_IN = "mentioned_in"  # KB articles naming the record in their text


@dataclass(frozen=True)
class Link:
    relation: str
    id: str
    kind: str | None
    title: str | None
    path: str | None

    @property
    def exists(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class RecordView:
    record: Record
    references: list[Link]
    backlinks: list[Link]

    def as_dict(self) -> dict[str, Any]:
        record = self.record
        return {"id": record.id, "kind": record.kind.name, "title": record.title, "status": record.status,
                "path": record.path, "data": record.data,
                "references": [_link_dict(link) for link in self.references],
                "backlinks": [_link_dict(link) for link in self.backlinks]}


def view(repository: Repository, record: Record) -> RecordView:
    graph = Graph(repository)
    by_id = repository.by_id
    references = [_link(r.relation, r.target_id, by_id.get(r.target_id)) for r in references_of(record)]
    backlinks = [_link(inverse, source.id, source)
                 for inverse, sources in sorted(graph.backlinks(record.id).items()) for source in sources]
    for article in repository.records:
        if article.body and article is not record and any(m[0] == record.id for m in mentions(article.body)):
            backlinks.append(_link(MENTIONED_IN, article.id, article))
    return RecordView(record, references, backlinks)


def find_kind(repository: Repository, name: str) -> Kind | None:
    """A kind by its name, folder, prefix or plural, as a user would type it."""
    wanted = name.strip().lower()
    for kind in repository.kinds:
        if wanted in {kind.name, kind.folder, kind.prefix.lower(), kind.plural.lower(), kind.label.lower()}:
            return kind
    return None


def columns_of(kind: Kind) -> list[str]:
    return ["id", "title", *(c for c in kind.columns if c not in ("id", "title"))]


def column_value(repository: Repository, record: Record, column: str) -> Any:
    """A field as written, or a value opsbook derives (an incident's priority)."""
    if column in record.data:
        return record.data[column]
    if column == "priority":
        return repository.config.priority_of(record.data.get("impact"), record.data.get("urgency"))
    return None


def matches(repository: Repository, record: Record, field: str, wanted: Any, negate: bool = False) -> bool:
    """FIELD=VALUE: equal, or among the items of a list field; compared as written."""
    value = column_value(repository, record, field)
    if isinstance(value, list):
        hit = wanted in value or str(wanted) in map(str, value)
    else:
        hit = value == wanted or (value is not None and str(value) == str(wanted))
    return hit != negate


def select(repository: Repository, kind: Kind, where: list[tuple[str, Any, bool]]) -> list[Record]:
    records = [r for r in repository.of_kind(kind.name)
               if all(matches(repository, r, f, v, negate) for f, v, negate in where)]
    return sorted(records, key=lambda r: (id_number(r.id, kind.prefix) is None, id_number(r.id, kind.prefix) or 0, r.id))


def _link(relation: str, target_id: str, target: Record | None) -> Link:
    if target is None:
        return Link(relation, target_id, None, None, None)
    return Link(relation, target_id, target.kind.name, target.title, target.path)


def _link_dict(link: Link) -> dict[str, Any]:
    return {"relation": link.relation, "id": link.id, "kind": link.kind, "title": link.title,
            "path": link.path, "exists": link.exists}
