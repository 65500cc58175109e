"""Records and the repository they form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from opsbook.config import Config
from opsbook.diagnostics import Diagnostic
from opsbook.kinds import Kind, Kinds
from opsbook.strict_yaml import locate


@dataclass
class Record:
    """One record: its data as written, and where it came from.

    `text` is the YAML the data was parsed from (a KB article's front matter), kept so that
    positions can be computed for what is reported rather than for every node.
    """

    kind: Kind
    data: dict[str, Any]
    path: str
    text: str
    line_offset: int = 0
    body: str | None = None
    body_line: int = 0

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else self.stem

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0]

    @property
    def title(self) -> str:
        value = self.data.get("title")
        return value if isinstance(value, str) else self.id

    @property
    def status(self) -> str | None:
        value = self.data.get("status")
        return value if isinstance(value, str) else None

    def position(self, path: tuple[str | int, ...] = (), *, key: bool = False) -> tuple[int, int]:
        line, column = locate(self.text, path, key=key)
        return line + self.line_offset, column


@dataclass
class Unloadable:
    """A file that should be a record but could not be read as one; never silently dropped."""

    kind: Kind | None
    path: str
    diagnostics: list[Diagnostic]

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].split(".", 1)[0]


Derived = TypeVar("Derived")


@dataclass
class Repository:
    config: Config
    kinds: Kinds
    records: list[Record] = field(default_factory=list)
    unloadable: list[Unloadable] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Record] | None = None
        self._by_kind: tuple[int, dict[str, list[Record]]] | None = None
        self._derived: dict[str, tuple[int, Any]] = {}

    @property
    def by_id(self) -> dict[str, Record]:
        """The first record seen for each ID (duplicates are reported by validation)."""
        if self._by_id is None:
            self._by_id = {}
            for record in self.records:
                self._by_id.setdefault(record.id, record)
        return self._by_id

    def derived(self, name: str, make: Callable[[Repository], Derived]) -> Derived:
        """`make(self)`, computed once per `name` (again if records were added): the graph and
        the indexes that checks, reports and pages read many times over."""
        entry = self._derived.get(name)
        if entry is None or entry[0] != len(self.records):
            entry = (len(self.records), make(self))
            self._derived[name] = entry
        return entry[1]  # type: ignore[no-any-return]

    def of_kind(self, kind: str) -> list[Record]:
        # Indexed once (again if records were added): reports call this inside per-record loops,
        # and a scan of every record each time made them quadratic at 10,000 records.
        if self._by_kind is None or self._by_kind[0] != len(self.records):
            by_kind: dict[str, list[Record]] = {}
            for record in self.records:
                by_kind.setdefault(record.kind.name, []).append(record)
            self._by_kind = (len(self.records), by_kind)
        return list(self._by_kind[1].get(kind, ()))
