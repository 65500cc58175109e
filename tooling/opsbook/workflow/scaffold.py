"""A new record's text, read from its kind's schema: the editor modeline, the ID, the initial
lifecycle state, now-timestamps for the moments being recorded, and every other required field
the author must still fill marked so that `opsbook validate` fails until it is filled."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jsonschema import Draft7Validator

from opsbook.kinds import Kind
from opsbook.model import Repository
from opsbook.workflow.layout import kind_folder
from opsbook.workflow.values import BadAssignment
from opsbook.writer import Placeholder, record_text

PLACEHOLDER = "TODO"
# Required moments that are being recorded right now (opened_at, submitted_at, updated) get now;
# planned ones (a window's start and end, an SLA's validity) are the author's to fill.
NOW_FIELDS = re.compile(r"^(.*_at|updated)$")
GUIDE_WIDTH = 60


@dataclass(frozen=True)
class Draft:
    path: str  # relative to the repository root
    text: str
    to_fill: tuple[str, ...]  # required fields still marked for the author


def draft_record(repository: Repository, kind: Kind, record_id: str, title: str | None,
                 assigned: dict[str, Any], now: datetime) -> Draft:
    _check_fields(kind, assigned)
    values: dict[str, Any] = {"id": record_id, **({"title": title} if title else {}), **assigned}
    lifecycle = kind.lifecycle
    if lifecycle and lifecycle.field not in values and lifecycle.initial_states(values):
        values[lifecycle.field] = lifecycle.initial_states(values)[0]
    placeholders: list[Placeholder] = []
    for name in kind.schema.get("required", ()):
        if name in values or name not in kind.schema.get("properties", {}):
            continue
        field = _FieldSchema(repository, kind, name)
        default = field.default(now)
        if default is not None:
            values[name] = default
            continue
        placeholder = field.placeholder()
        if not placeholder.startswith("#"):
            values[name] = PLACEHOLDER  # the schema refuses it, so validation fails until filled
        placeholders.append(Placeholder(name, placeholder))
    path = _path(repository, kind, record_id, title)
    schema = (repository.config.schemas_dir / kind.schema_file).relative_to(repository.config.root)
    body = f"# {title or PLACEHOLDER}\n\nWrite the article here.\n" if kind.is_document else None
    text = record_text(kind, path, values, schema_path=schema.as_posix(), body=body,
                       placeholders=tuple(placeholders))
    return Draft(path, text, tuple(p.field for p in placeholders))


def _check_fields(kind: Kind, assigned: dict[str, Any]) -> None:
    known = list(kind.schema.get("properties", {}))
    for name in assigned:
        if name == "id":
            raise BadAssignment("the ID is allocated by `opsbook new`; it cannot be set")
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise BadAssignment(f"{kind.label.lower()} records have no field {name!r}{hint}")


class _FieldSchema:
    """One property's schema with its $ref resolved, as far as scaffolding needs it."""

    def __init__(self, repository: Repository, kind: Kind, name: str) -> None:
        self.name = name
        self.own = kind.field_schema((name,))
        self.reference = {"$ref": f"{kind.schema.get('$id', kind.schema_file)}#/properties/{name}"}
        self.validator = Draft7Validator(self.reference, registry=repository.kinds.registry)
        self.resolved = dict(self.own)
        if "$ref" in self.own:
            resolver = repository.kinds.registry.resolver(base_uri=kind.schema.get("$id", kind.schema_file))
            self.resolved = {**resolver.lookup(self.own["$ref"]).contents, **self.own}

    def default(self, now: datetime) -> Any:
        if "default" in self.resolved:
            return self.resolved["default"]
        if "const" in self.resolved:
            return self.resolved["const"]
        if len(self.resolved.get("enum", ())) == 1:
            return self.resolved["enum"][0]
        if NOW_FIELDS.match(self.name):
            if self.resolved.get("format") == "date-time":
                return now.astimezone().replace(microsecond=0).isoformat()
            if self.resolved.get("format") == "date":
                return now.astimezone().date().isoformat()
        return None

    def placeholder(self) -> str:
        """`TODO` where the schema refuses it; otherwise the field stays out, commented, so the
        required-field check fails (a person's name could be TODO)."""
        guide = f"required: {self.guide()}"
        if not self.validator.is_valid(PLACEHOLDER):
            return f"{self.name}: {PLACEHOLDER}  # {guide}"
        return f"# {self.name}: {PLACEHOLDER}  # {guide}; uncomment and fill in"

    def guide(self) -> str:
        if "enum" in self.resolved:
            return f"one of {', '.join(map(str, self.resolved['enum']))}"
        description = str(self.own.get("description") or self.resolved.get("description") or "")
        sentence = description.split(". ")[0].rstrip(".")
        if len(sentence) > GUIDE_WIDTH:
            sentence = sentence[: GUIDE_WIDTH].rsplit(" ", 1)[0] + "..."
        examples = self.resolved.get("examples")
        return f"{sentence}, e.g. {examples[0]}" if examples else sentence


def _path(repository: Repository, kind: Kind, record_id: str, title: str | None) -> str:
    folder = kind_folder(repository.config, kind)
    if not kind.is_document:
        return f"{folder}/{record_id}.yaml"
    slug = re.sub(r"[^a-z0-9]+", "-", (title or "").lower()).strip("-")[:50].strip("-")
    return f"{folder}/{record_id}-{slug}.md" if slug else f"{folder}/{record_id}.md"
