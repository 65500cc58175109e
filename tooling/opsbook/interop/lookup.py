"""Names in an export (a business service, a configuration item, a component) resolved to the
records they mean: by ID, title, host name, short host name or external ID, compared without
case. A name two records answer to is ambiguous and resolves to nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from opsbook.interop.mapping import fold
from opsbook.model import Record, Repository


@dataclass(frozen=True)
class Resolution:
    id: str | None
    reason: str = ""  # why nothing was found


@dataclass
class Directory:
    repository: Repository
    _names: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def resolve(self, kind: str, name: str) -> Resolution:
        found = self._index(kind).get(fold(name), set())
        if len(found) == 1:
            return Resolution(next(iter(found)))
        label = self.repository.kinds[kind].label.lower()
        if not found:
            return Resolution(None, f"no {label} named {name!r}")
        return Resolution(None, f"{name!r} names several {label} records ({', '.join(sorted(found))})")

    def _index(self, kind: str) -> dict[str, set[str]]:
        if kind not in self._names:
            names: dict[str, set[str]] = {}
            for record in self.repository.of_kind(kind):
                for name in _names_of(record):
                    names.setdefault(fold(name), set()).add(record.id)
            self._names[kind] = names
        return self._names[kind]


def _names_of(record: Record) -> Iterator[str]:
    yield record.id
    yield record.title
    hostname = record.data.get("hostname")
    if isinstance(hostname, str):
        yield hostname
        yield hostname.split(".", 1)[0]
    for entry in record.data.get("external_ids") or []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            yield entry["id"]
