"""A kind's lifecycle as data: its states, allowed transitions and frozen fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FrozenFields:
    """Fields that may not change while a record is in one of `states`, unless it goes back to `reset`."""

    fields: tuple[str, ...]
    states: frozenset[str]
    reset: frozenset[str]


@dataclass(frozen=True)
class Lifecycle:
    field: str
    initial: tuple[str, ...]
    transitions: dict[str, tuple[str, ...]]
    variant_field: str | None
    variants: dict[str, dict[str, tuple[str, ...]]]
    variant_initial: dict[str, tuple[str, ...]]
    frozen: tuple[FrozenFields, ...]
    open_states: frozenset[str]
    # Final states freeze the whole record but for `may_change` (links to later records).
    terminal: frozenset[str] = frozenset()
    may_change: tuple[str, ...] = ()
    # History lists (approvals, timeline) that only ever grow, in every state.
    append_only: tuple[str, ...] = ()

    @classmethod
    def from_schema(cls, data: dict[str, Any]) -> Lifecycle:
        variants = data.get("variants", {})
        values = variants.get("values", {})
        return cls(
            field=data["field"],
            initial=tuple(data.get("initial", ())),
            transitions={state: tuple(nexts) for state, nexts in data["transitions"].items()},
            variant_field=variants.get("field"),
            variants={
                value: {s: tuple(n) for s, n in spec.get("transitions", {}).items()}
                for value, spec in values.items()
            },
            variant_initial={value: tuple(spec.get("initial", ())) for value, spec in values.items()},
            frozen=tuple(
                FrozenFields(tuple(f["fields"]), frozenset(f.get("in", ())), frozenset(f.get("reset", ())))
                for f in data.get("frozen", ())
            ),
            open_states=frozenset(data.get("open", ())),
            terminal=frozenset(data.get("terminal", {}).get("states", ())),
            may_change=tuple(data.get("terminal", {}).get("may_change", ())),
            append_only=tuple(data.get("append_only", ())),
        )

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    def _variant(self, record: dict[str, Any]) -> str | None:
        value = record.get(self.variant_field) if self.variant_field else None
        return value if value in self.variants else None

    def next_states(self, record: dict[str, Any], state: str) -> tuple[str, ...]:
        variant = self._variant(record)
        table = self.variants[variant] if variant else self.transitions
        return table.get(state, self.transitions.get(state, ()))

    def initial_states(self, record: dict[str, Any]) -> tuple[str, ...]:
        variant = self._variant(record)
        return (self.variant_initial.get(variant) if variant else None) or self.initial

    def allows(self, record: dict[str, Any], before: str, after: str) -> bool:
        return before == after or after in self.next_states(record, before)

    def is_open(self, state: str | None) -> bool:
        return state in self.open_states
