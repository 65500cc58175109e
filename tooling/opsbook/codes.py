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
        "The operating system refused to read the file (permissions, a broken disk), or the name of a record\n"
        "belongs to something that is not a regular file (a folder, a FIFO, a device). Fix it and run again."),
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
    "file-stray": Code("A file that looks like a record where nothing reads it.",
        "A record file at the repository root, or a folder named like a kind's folder outside `records/`,\n"
        "is read by nothing: a reviewer would take it for a checked record. Move it to\n"
        "`records/<folder>/<ID>.yaml` (or `kb/`), or delete it."),
    "kb-file-type": Code("A file in kb/ that is neither an article nor an allowed asset.",
        "`kb/` holds knowledge articles (`KB-NNNN-slug.md`) and asset files of the types `kb_assets` under\n"
        "`[tool.opsbook]` allows (raster images by default: .png, .jpg, .jpeg, .gif, .webp, .avif). Anything\n"
        "else (`.html`, `.js`, `.svg`, `.markdown`, hidden files) could carry script onto the site: the site\n"
        "build leaves it out. Convert it to an article or an allowed image, or delete it."),
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
        "Actual timestamps (opened, resolved, actual start and end, released) cannot be later than now\n"
        "(plus an hour's grace). Now is the run's clock: `opsbook validate --as-of`, the site's `now`\n"
        "option, $OPSBOOK_NOW, else the current time. Check the date and the UTC offset."),
    "change-approval": Code("A change lacks the approval its state needs.",
        "A normal change needs an approved approval before it is scheduled; an emergency change before\n"
        "it is implemented. A rejected change cannot go ahead."),
    # Project plans
    "project-task-cycle": Code("Tasks depend on each other in a circle.",
        "Dependencies are finish-to-start: a task starts when the tasks in its `depends_on` finish.\n"
        "In a cycle (T1 depends on T2, T2 on T1) no task can ever start. The message names the\n"
        "cycle; remove the dependency that is not real."),
    "project-unknown-task": Code("A dependency on a task the project does not have.",
        "`depends_on` of a task or milestone names task IDs of the same project (`T1`, `T2`).\n"
        "Fix the ID or add the task."),
    "project-duplicate-id": Code("Two tasks, milestones or RAID entries share an ID.",
        "IDs are unique within the project, because dependencies and reports name them. Renumber one."),
    "project-task-window": Code("A task is scheduled outside the project.",
        "Tasks are scheduled from their `start` and dependencies (calendar days). Each must start\n"
        "on or after the baseline start (or an earlier actual start) and finish by the baseline\n"
        "finish, or by the forecast or actual finish when the project says it ends later.\n"
        "Move the task, shorten it, or re-forecast the project (`forecast_finish`)."),
    "project-task-start": Code("A task starts before the tasks it depends on finish.",
        "Dependencies are finish-to-start, so the schedule starts the task the day after its last\n"
        "dependency finishes, later than its `start` says. Correct the `start` (or drop it) so\n"
        "the plan says one thing."),
    "project-milestone-early": Code("A milestone is achieved before the work it depends on finishes.",
        "Each task in the milestone's `depends_on` must be 100% complete (when its\n"
        "`percent_complete` is given), and its scheduled finish (start plus duration, after its own\n"
        "dependencies) must not be later than the `achieved` day. Correct the date or the tasks."),
    "project-gate-order": Code("Phase gates approved out of order.",
        "Phases run initiation, planning, execution, closing; a phase's first approved gate cannot\n"
        "be dated before the first approved gate of an earlier phase. Approving an earlier phase\n"
        "again later (re-planning) is fine. Check the gate dates."),
    # CMDB and the change schedule
    "cmdb-cycle": Code("Configuration items that depend on each other in a circle.",
        "Following `depends_on`, `runs_on` and `hosted_on` (of assets) and `depends_on` (of services)\n"
        "leads back to where it started, so no item in the circle can be started, restored or changed\n"
        "first. The message names the whole cycle; it is reported at each reference in it. Remove the\n"
        "reference that is not a real dependency. (`connects_to` is not a dependency: network links may\n"
        "run both ways.)"),
    "timezone-unknown": Code("A time zone that is not in the IANA time zone database.",
        "A maintenance window's `timezone` is an IANA name such as `Europe/Berlin`, `America/New_York`\n"
        "or `UTC`; its recurrences keep their local time in that zone. Abbreviations (CET, EST) are not\n"
        "zones. The window is left out of the calendar and of conflict checks until it is fixed."),
    "change-overlap": Code("Two open changes overlap in time on the same asset or service.",
        "The planned windows of two changes that are not closed or canceled overlap, and both list the\n"
        "same service or asset. Reported on both changes, each naming the other and its line. Move one\n"
        "window, or merge the changes. Windows that only touch (one ends when the other starts) do not\n"
        "overlap. Severity: `[tool.opsbook.conflicts]` in pyproject.toml (default error)."),
    "change-overlap-dependency": Code("Two open changes overlap in time on items that depend on each other.",
        "One change's item is affected if the other change's item fails (what `opsbook impact` lists),\n"
        "so a failure of one change can disturb the other. The message shows the dependency path.\n"
        "Severity: `[tool.opsbook.conflicts]` (default warning)."),
    "change-outside-window": Code("A change to a service that requires a maintenance window lies outside its windows.",
        "The service has `requires_maintenance_window: true`, and the change lists it, or lists an item\n"
        "whose failure reaches it (the path is shown). The planned window must lie inside the service's\n"
        "maintenance windows (type `maintenance`; back-to-back occurrences count as one). Reschedule the\n"
        "change or agree a window. Severity: `[tool.opsbook.conflicts]` (default error)."),
    "change-in-blackout": Code("A change planned inside a blackout window.",
        "No change may be made in a blackout (type `blackout`) on the services and assets it names, or\n"
        "anywhere if it names none; that includes changes to items whose failure would reach them.\n"
        "Reschedule the change. Severity: `[tool.opsbook.conflicts]` (default error)."),
    "change-in-freeze": Code("A change planned inside a change freeze.",
        "During a freeze (type `freeze`) only emergency changes may be made on the services and assets it\n"
        "names, or anywhere if it names none. Reschedule the change, or raise it as an emergency change.\n"
        "Severity: `[tool.opsbook.conflicts]` (default error)."),
    "change-emergency-exception": Code("An emergency change breaks a blackout, freeze or maintenance-window rule.",
        "Emergency changes are let through, but a change authority should confirm the exception in the\n"
        "post-implementation review. Severity: `[tool.opsbook.conflicts]` (default warning)."),
    # Pull-request gate (`opsbook check --base REF`)
    "record-deleted": Code("A record that exists on the base was deleted.",
        "Records are permanent: their IDs are referenced from other records, KB articles, tickets and\n"
        "links to the site. Restore the file and end the record through its lifecycle instead (cancel,\n"
        "close or retire it). The message shows the record's title and state on the base."),
    "record-renamed": Code("A record that exists on the base was moved to another file.",
        "A record keeps its file (`records/<folder>/<ID>.yaml`, `kb/<ID>-<slug>.md`) once it is on the\n"
        "base, so that links and history stay intact. Move the file back; the message names it."),
    "id-changed": Code("The id of a record that exists on the base was changed.",
        "IDs are permanent once on the base. Put the old ID back; if the record is really a new one,\n"
        "add it with `opsbook new` and cancel or retire the old one."),
    "id-collision": Code("An ID added on this branch is already used on the base.",
        "Two pull requests took the same next free ID, and the other one merged first (git merges both\n"
        "files cleanly when their names differ, and an add/add conflict hides the cause otherwise). Run\n"
        "`opsbook renumber ID`: it moves your record to the next free ID and rewrites the references to it\n"
        "in your branch. The message names both files."),
    "lifecycle-transition": Code("A status change that the lifecycle does not allow.",
        "Each kind's schema lists the allowed moves in `x-opsbook.lifecycle.transitions`, with variants by\n"
        "type (a standard change skips assess and authorize, an emergency change skips assess). A closed\n"
        "incident cannot be reopened: open a new incident and set `parent`. The message shows the state on\n"
        "the base and the states the record may move to from there."),
    "lifecycle-frozen": Code("A field that is frozen in the record's state was changed.",
        "`x-opsbook.lifecycle.frozen` lists fields that may not change while a record is in given states:\n"
        "a change's plans, window, services and assets once it is authorized and scheduled (what the change\n"
        "authority approved), a closed incident's timestamps (what the KPIs are computed from). To re-plan\n"
        "a change, move it back to `new` so that it is assessed and authorized again. The message shows the\n"
        "value on the base."),
    "lifecycle-final": Code("A record in a final state of its lifecycle was changed.",
        "Closed history is immutable: once a record reaches a state in `x-opsbook.lifecycle.terminal.states`\n"
        "(closed, canceled, completed, disposed, expired, a retired article...), every field is frozen but\n"
        "those listed in `terminal.may_change` (links to later records, such as a KB article or a problem).\n"
        "Put the value back (the message shows it and its position on the base); record what was learned\n"
        "later in a new record that links to this one."),
    "history-rewritten": Code("An approval or timeline entry on the base was removed or altered.",
        "Lists named in `x-opsbook.lifecycle.append_only` (a change's and a request's approvals, an\n"
        "incident's timeline) are the audit trail: entries are only ever added, in every state. Restore the\n"
        "entry (the message gives its position on the base) and add a new entry instead, for example a\n"
        "second approval with the new decision."),
    "governance-change": Code("The pull request changes the rules the gate applies.",
        "Changes to `schemas/`, `[tool.opsbook]` in pyproject.toml, `mkdocs.yml`, `tooling/`, `.github/`,\n"
        "`.ci/`, `CODEOWNERS` or `.gitattributes` change what every later pull request is judged by. The gate\n"
        "judges this pull request by the base's rules, and reports each such file so that its owners\n"
        "(CODEOWNERS) review it; the new rules apply from the next pull request after this one merges.\n"
        "Severity: `[tool.opsbook.gate] governance-change = \"error\"` (default) or `\"warning\"`, read from\n"
        "the base. Keep rule changes in pull requests of their own, apart from record edits."),
    "lifecycle-initial": Code("A new record does not start in an initial state (warning).",
        "New records normally start at the beginning of their lifecycle (`x-opsbook.lifecycle.initial`),\n"
        "as `opsbook new` writes them. Recording history after the fact is allowed, hence only a warning;\n"
        "make sure the record went through its lifecycle somewhere a reviewer can see."),
}
