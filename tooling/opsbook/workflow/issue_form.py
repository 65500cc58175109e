"""A submitted GitHub issue form as a record's data.

GitHub writes a submitted form as Markdown: for each field `### <label>`, a blank line and the
answer (`_No response_` when left empty). The repository's own forms (`.github/ISSUE_TEMPLATE/`)
say which label belongs to which field id, and which kind the form proposes (the first of its
labels that names a kind). A field id is the record's field of that name, or one of the few
`ALIASES`; answers are read by the field's schema: a choice like `high (many users)` is its
first word, a time like `2026-05-03 14:20 +02:00` becomes RFC 3339, and references may be IDs or
a record's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from opsbook.kinds import Kind
from opsbook.model import Repository
from opsbook.strict_yaml import YamlRefusal, parse
from opsbook.workflow.transition import moment_format, resolved_schema

FORMS_FOLDER = ".github/ISSUE_TEMPLATE"
NO_RESPONSE = "_No response_"
# Form field ids that are not record field names: what they fill instead.
ALIASES = {"started": "started_at", "plans": "implementation_plan", "window": ("planned_start", "planned_end")}
_HEADING = re.compile(r"^### (.+?)\s*$", re.MULTILINE)
_ID = re.compile(r"\b[A-Z]{2,5}-[0-9]{4,}\b")
_LOOSE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})$",
                         re.IGNORECASE)
_WINDOW = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})\s*(?:to|-|–)\s*(?:(\d{4}-\d{2}-\d{2})[ T])?"
                     r"(\d{1,2}:\d{2})\s*(Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)


class FormRefused(ValueError):
    """The issue cannot become a record; the message says what is wrong or missing."""


@dataclass(frozen=True)
class IssueForm:
    name: str  # file name in .github/ISSUE_TEMPLATE
    kind: Kind
    title_prefix: str
    fields: dict[str, str]  # label -> field id


def read_forms(repository: Repository) -> list[IssueForm]:
    folder = repository.config.root / FORMS_FOLDER
    forms = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        try:
            document = parse(path.read_text("utf-8"))
        except (YamlRefusal, OSError, UnicodeDecodeError):
            continue  # not ours to judge: GitHub reports broken forms
        labels = document.get("labels") or []
        kind = next((repository.kinds.by_name[label] for label in labels if label in repository.kinds.by_name), None)
        if kind is None or not isinstance(document.get("body"), list):
            continue
        fields = {item["attributes"]["label"]: item["id"] for item in document["body"]
                  if isinstance(item, dict) and item.get("id") and "label" in item.get("attributes", {})}
        forms.append(IssueForm(path.name, kind, str(document.get("title") or ""), fields))
    return forms


def answers(body: str) -> dict[str, str]:
    """Label -> answer, as GitHub wrote them; unanswered fields are left out."""
    found: dict[str, str] = {}
    headings = list(_HEADING.finditer(body.replace("\r\n", "\n")))
    text = body.replace("\r\n", "\n")
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        value = text[heading.end():end].strip("\n").strip()
        if value and value != NO_RESPONSE:
            found[heading.group(1).strip()] = value
    return found


def choose_form(forms: list[IssueForm], given: dict[str, str], name: str | None) -> IssueForm:
    if name is not None:
        chosen = [f for f in forms if f.name in (name, f"{name}.yml")]
    else:
        chosen = [f for f in forms if set(given) and set(given) <= set(f.fields)]
    if len(chosen) != 1:
        names = ", ".join(f.name for f in forms) or "none"
        raise FormRefused(f"cannot tell which issue form this is (forms in {FORMS_FOLDER}: {names}); pass --form")
    return chosen[0]


def record_fields(repository: Repository, form: IssueForm, given: dict[str, str]) -> dict[str, Any]:
    """The record fields the answers fill, read by the kind's schema."""
    data: dict[str, Any] = {}
    for label, text in given.items():
        field_id = form.fields.get(label)
        if field_id is None:
            continue
        target = ALIASES.get(field_id, field_id)
        if isinstance(target, tuple):
            data.update(_window(text, target))
        elif target in form.kind.schema.get("properties", {}):
            data.update(_value(repository, form.kind, target, text))
        else:
            raise FormRefused(f"{form.name}: field {field_id!r} has no place in a {form.kind.label.lower()} record")
    return data


def _value(repository: Repository, kind: Kind, name: str, text: str) -> dict[str, Any]:
    schema = resolved_schema(repository.kinds, kind, kind.field_schema((name,)))
    if moment_format(repository.kinds, kind, name) == "date-time" or schema.get("format") == "date-time":
        return {name: timestamp_text(text)}
    if "enum" in schema and text not in schema["enum"]:
        first = text.split(" (", 1)[0].split()[0] if text.split() else text
        return {name: first}
    reference = kind.field_schema((name,)).get("x-ref")
    if reference:
        return {name: _reference(repository, reference["kind"], text)}
    if schema.get("type") == "array":
        if _ID.search(text):
            return _references_by_prefix(repository, kind, text)
        return {name: [item.strip() for item in text.split(",") if item.strip()]}
    return {name: text}


def _reference(repository: Repository, target: str, text: str) -> str:
    found = _ID.search(text)
    if found:
        return found.group(0)
    by_title = [r for r in repository.of_kind(target) if r.title.casefold() == text.strip().casefold()]
    if len(by_title) != 1:
        raise FormRefused(f"{text!r} is not a {repository.kinds[target].label.lower()} ID or title")
    return by_title[0].id


def _references_by_prefix(repository: Repository, kind: Kind, text: str) -> dict[str, Any]:
    """`SVC-0001, AST-0003`: each ID into the kind's list of references to its kind."""
    data: dict[str, list[str]] = {}
    for record_id in _ID.findall(text):
        target = repository.kinds.by_prefix(record_id.split("-")[0])
        ref = next((r for r in kind.references if target and r.target == target.name and r.path[-1] == "*"
                    and len(r.path) == 2), None)
        if ref is None:
            raise FormRefused(f"{record_id}: a {kind.label.lower()} has no list of such references")
        data.setdefault(ref.path[0], []).append(record_id)
    return data


def timestamp_text(text: str) -> str:
    """`2026-05-03 14:20 +02:00` as `2026-05-03T14:20:00+02:00`; refused without an offset."""
    match = _LOOSE_TIME.match(text.strip())
    if not match:
        raise FormRefused(f"{text!r}: write a date, time and UTC offset, like 2026-05-03 14:20 +02:00")
    day, hour, minute, second, offset = match.groups()
    return f"{day}T{int(hour):02d}:{minute}:{second or '00'}{_offset(offset)}"


def _window(text: str, names: tuple[str, ...]) -> dict[str, str]:
    match = _WINDOW.match(text.strip())
    if not match:
        raise FormRefused(f"{text!r}: write the window like 2026-05-03 22:00 to 23:00 +02:00")
    start_day, start, end_day, end, offset = match.groups()
    return {names[0]: timestamp_text(f"{start_day} {start} {offset}"),
            names[1]: timestamp_text(f"{end_day or start_day} {end} {offset}")}


def _offset(text: str) -> str:
    if text.upper() == "Z":
        return "Z"
    digits = text.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"
