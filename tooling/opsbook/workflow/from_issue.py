"""`opsbook from-issue`: a submitted issue form becomes a new record with the next free ID.
The issue's title (without the form's prefix) is the record's title, its author reported or
requested it, its creation time opens it, and its address is kept among the record's links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from opsbook.model import Repository
from opsbook.workflow.git import Git
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.issue_form import FormRefused, answers, choose_form, read_forms, record_fields
from opsbook.workflow.layout import kind_folder
from opsbook.workflow.proposal import Proposal, propose_new
from opsbook.workflow.transition import moment_format, required_fields, timestamp

# Who raised the record, by the kind's field for it.
AUTHOR_FIELDS = ("reported_by", "requested_by")


@dataclass(frozen=True)
class Issue:
    body: str
    title: str
    author: str | None = None
    url: str | None = None
    form: str | None = None  # a file name in .github/ISSUE_TEMPLATE; default: recognised from the body


def record_from_issue(repository: Repository, git: Git | None, issue: Issue, at: datetime,
                      now: datetime) -> Proposal:
    forms = read_forms(repository)
    given = answers(issue.body)
    form = choose_form(forms, given, issue.form)
    kind = form.kind
    title = issue.title.strip()
    if form.title_prefix and title.startswith(form.title_prefix.strip()):
        title = title[len(form.title_prefix.strip()):].strip()
    if not title:
        raise FormRefused("the issue has no title beyond the form's prefix")
    record_id = next_free_id(repository, kind, git).id
    data: dict[str, Any] = {"id": record_id, "title": title, **record_fields(repository, form, given)}
    lifecycle = kind.lifecycle
    if lifecycle and lifecycle.field not in data:
        data[lifecycle.field] = lifecycle.initial_states(data)[0]
    for name in sorted(required_fields(repository.kinds, kind, data) - set(data)):
        form_of = moment_format(repository.kinds, kind, name)
        if form_of is not None:
            data[name] = timestamp(at) if form_of == "date-time" else at.date().isoformat()
    author_field = next((f for f in AUTHOR_FIELDS if f in kind.schema.get("properties", {})), None)
    if issue.author and author_field and author_field not in data:
        data[author_field] = issue.author
    if issue.url and "links" in kind.schema.get("properties", {}):
        data["links"] = [{"title": "Issue", "url": issue.url}]
    missing = sorted(required_fields(repository.kinds, kind, data) - set(data))
    if missing:
        raise FormRefused(f"the form did not give what {kind.label.lower()} records need: {', '.join(missing)}")
    path = f"{kind_folder(repository.config, kind)}/{record_id}.yaml"
    return propose_new(repository, kind, path, data, now)
