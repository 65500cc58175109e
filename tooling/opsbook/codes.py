"""The catalogue of diagnostic codes: what each means and how to fix it.

`opsbook explain CODE` prints an entry; a test fails when code emits a code that is not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    summary: str
    explanation: str


CODES: dict[str, Code] = {
    # Reading files
    "file-unreadable": Code("The file could not be read.",
        "The operating system refused to read the file (permissions, a broken disk). Fix access and run again."),
    "file-too-large": Code("The file is larger than the configured limit.",
        "Records are small. A huge file is a mistake or an attack (it would slow every build).\n"
        "The limit is `max_file_bytes` under `[tool.opsbook]` in pyproject.toml."),
    "file-encoding": Code("The file is not valid UTF-8.",
        "Save the file as UTF-8. The position names the first byte that is not UTF-8."),
    "file-control-char": Code("The file holds a control or bidirectional-override character.",
        "Control characters and Unicode bidi overrides (U+202A-U+202E, U+2066-U+2069) can make a\n"
        "reviewer read something other than what the file says. Delete the character."),
    "file-symlink": Code("A symbolic link among the records.",
        "Records must be real files inside the repository; a link could point anywhere. Copy the file instead."),
    "file-misplaced": Code("A file where no record belongs.",
        "Records live in `records/<folder>/<ID>.yaml` with a folder named by a schema's `x-opsbook.folder`;\n"
        "KB articles live in `kb/<ID>-<slug>.md`. Move or rename the file."),
    "kb-front-matter": Code("A KB article without YAML front matter.",
        "A KB article starts with a line `---`, its fields in YAML, and another line `---`:\n\n"
        "    ---\n    id: KB-0001\n    title: Reset a VPN token\n    status: published\n    ---\n    Body text..."),
    # YAML
    "yaml-syntax": Code("The YAML cannot be parsed.",
        "The message says what the parser expected. Common causes: a missing space after `:`,\n"
        "wrong indentation, an unclosed quote or bracket."),
    "yaml-duplicate-key": Code("The same key appears twice in one mapping.",
        "YAML parsers silently keep the last value, so one of the two would be lost. Remove or rename one."),
    "yaml-anchor": Code("An anchor (&name) or alias (*name).",
        "Records are read by people and diffed in pull requests; anchors hide data and can explode\n"
        "(a 300-byte alias bomb expands to gigabytes). Write the values out."),
    "yaml-merge-key": Code("A merge key (<<).",
        "Merge keys copy fields from elsewhere in the file, hiding what the record says. Write the fields out."),
    "yaml-tag": Code("An explicit YAML tag (!!type or !name).",
        "Tags change how a value is read and can construct arbitrary objects. Remove the tag;\n"
        "quote the value if you wanted a string."),
    "yaml-multiple-documents": Code("More than one YAML document in a file.",
        "One file holds one record. Remove the `---` separator or split the file."),
    "yaml-empty": Code("The file holds no data.", "Fill in the record, or delete the file."),
    "yaml-not-mapping": Code("The top level is not a mapping of fields.",
        "A record is a mapping such as `id: INC-0001`, not a list or a single value."),
    "yaml-key-type": Code("A key that is not a string.",
        "Keys like `1:` or `yes:` would be read as numbers or booleans. Quote the key or rename it."),
    # Schema
    "schema-required": Code("A required field is missing.",
        "The schema requires the field, always or in the record's current state (a resolved incident\n"
        "needs `resolved_at` and `resolution`). The position is the mapping the field belongs in."),
    "schema-unknown-field": Code("A field the schema does not know.",
        "Usually a typo; the message suggests the nearest known field. If the field is really needed,\n"
        "add it to the kind's schema in `schemas/` with a description."),
    "schema-type": Code("A value of the wrong type.",
        "For example a number where text is expected. YAML reads `version: 2.10` as the number 2.1:\n"
        "put such values in quotes."),
    "schema-enum": Code("A value outside the allowed list.",
        "The message lists the allowed values and suggests the nearest one."),
    "schema-pattern": Code("A value that does not have the expected form.",
        "References must be IDs of the target kind (`SVC-0001`); tags are lowercase slugs."),
    "schema-format": Code("A date, timestamp or link in the wrong format.",
        "Timestamps need a date, a time and a UTC offset: `2026-05-03T14:20:00+02:00`. Days are\n"
        "`2026-05-03`. Links may only use http, https, mailto or a relative path."),
    "schema-range": Code("A number or length outside its allowed range.",
        "For example a percentage above 100, an empty title, or a CSAT score of 7 on a 1-5 scale."),
    "schema-unique": Code("A list with repeated items.", "Remove the duplicate entries."),
    "schema-invalid": Code("Another schema rule failed.", "The message names the rule that failed."),
    # Identity
    "id-format": Code("The ID does not have the kind's form.",
        "Each folder holds one kind; its IDs are the kind's prefix and at least `id_width` digits,\n"
        "like `INC-0001` in `records/incidents/`."),
    "id-file-mismatch": Code("The ID and the file name differ.",
        "The file is named after its ID: `records/incidents/INC-0001.yaml` holds `id: INC-0001`;\n"
        "a KB article is `kb/KB-0001.md` or `kb/KB-0001-some-slug.md`. Use `opsbook renumber` to move one."),
    "id-duplicate": Code("Two records share an ID.",
        "IDs are unique across the repository, ignoring case and Unicode normalization. Two pull\n"
        "requests can take the same next ID; `opsbook renumber ID` moves yours to the next free one."),
    # References
    "ref-missing": Code("A reference to a record that does not exist.",
        "The ID has the right form but no record has it. Fix the ID or add the record."),
    "ref-wrong-kind": Code("A reference to a record of another kind.",
        "The field expects a record of one kind (an incident's `service` must be a service)."),
    "kb-mention-missing": Code("A KB article mentions a record ID that does not exist.",
        "IDs in KB text are linked automatically on the site, so they must exist."),
    # Rules
    "time-order": Code("Timestamps out of order.",
        "Lifecycle timestamps follow each other: an incident is detected, then acknowledged, then\n"
        "resolved, then closed; a window ends after it starts."),
    "time-future": Code("Something that has happened is dated in the future.",
        "Actual timestamps (opened, resolved, actual start and end, released) cannot be later than now.\n"
        "Check the date and the UTC offset."),
    "change-approval": Code("A change lacks the approval its state needs.",
        "A normal change needs an approved approval before it is scheduled; an emergency change before\n"
        "it is implemented. A rejected change cannot go ahead."),
}
