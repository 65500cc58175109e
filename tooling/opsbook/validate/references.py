"""References: every ID a record or KB article names must exist, and be of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, error
from opsbook.graph import Graph, mentions
from opsbook.model import Repository


def check_references(repository: Repository) -> Iterator[Diagnostic]:
    by_id = repository.by_id
    known_prefixes = {kind.prefix for kind in repository.kinds}
    # The graph the CMDB and calendar checks read anyway: each record's references are read once.
    outgoing = Graph.of(repository).outgoing
    for record in repository.records:
        for reference in outgoing.get(record.id, ()):
            if reference.source is not record:
                continue  # another record with the same ID (the identity check reports it)
            target = by_id.get(reference.target_id)
            wanted = repository.kinds[reference.field.target]
            if target is not None and target.kind is wanted:
                continue
            line, column = record.position(reference.location)
            if target is None and reference.target_id.split("-", 1)[0] == wanted.prefix:
                yield error(record.path, line, column, "ref-missing",
                            f"{reference.relation}: no {wanted.label.lower()} {reference.target_id} in the repository")
            else:
                found = f"of kind {target.kind.name}" if target else "not an ID of that kind"
                yield error(record.path, line, column, "ref-wrong-kind",
                            f"{reference.relation}: expected a {wanted.label.lower()} ID like "
                            f"{wanted.prefix}-0001; {reference.target_id} is {found}")
        if record.body is not None:
            for mentioned, line, column in mentions(record.body):
                if mentioned.split("-", 1)[0] in known_prefixes and mentioned not in by_id:
                    yield error(record.path, record.body_line + line - 1, column, "kb-mention-missing",
                                f"the text mentions {mentioned}, which is not in the repository")
