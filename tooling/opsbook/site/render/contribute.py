"""The ways to propose a change, on the pages where a reader needs them: "Edit this record"
and "Propose a change to this record" on record pages, "Report an incident" where incidents
are read about, and the Contributing page with its three paths (site form, CLI, issue form)."""

from __future__ import annotations

from collections.abc import Iterable

from opsbook.kinds import Kind
from opsbook.model import Record
from opsbook.site.render.record_form import new_record_uri
from opsbook.site.render.text import h
from opsbook.site.structure.hosting import Host
from opsbook.site.structure.model import SiteModel

CONTRIBUTING = "contributing.md"
INCIDENT_FORM = "incident.yml"  # .github/ISSUE_TEMPLATE/incident.yml


def record_actions(model: SiteModel, record: Record, host: Host | None) -> str:
    """Below a record's page: the web editor, a proposal for those without write access, and
    the commands that make the usual edits."""
    page = model.site.uri(record)
    links = []
    if host is not None:
        links.append(f'<a class="md-button opsbook-edit" href="{h(host.edit(record.path))}">Edit this record</a>')
        body = (f"Record: {record.id} ({record.path})\n\nWhat should change, and why:\n\n")
        proposal = host.new_issue(title=f"Change to {record.id}: {record.title}", body=body)
        links.append(f'<a class="md-button opsbook-propose" href="{h(proposal)}">Propose a change to this record</a>')
    guide = model.site.href(page, CONTRIBUTING)
    links.append(f'<a href="{h(guide)}">How to contribute</a>')
    return (f'<section class="opsbook-contribute" data-search-exclude><h2 id="contribute">Change this record</h2>'
            f'<p>{" ".join(links)}</p>{_commands(record)}</section>')


def _commands(record: Record) -> str:
    lifecycle = record.kind.lifecycle
    lines = []
    if lifecycle is not None and record.status:
        for state in lifecycle.next_states(record.data, record.status)[:3]:
            lines.append(f"opsbook transition {record.id} {state} --note \"...\"")
    lines.append(f"opsbook set {record.id} FIELD=VALUE")
    if "timeline" in record.kind.schema.get("properties", {}):
        lines.append(f"opsbook note {record.id} \"...\" --public")
    commands = "\n".join(h(line) for line in lines)
    return f"<details><summary>With the command line</summary><pre><code>{commands}</code></pre></details>"


def report_incident(model: SiteModel, page: str, host: Host | None) -> str:
    """Where readers arrive when something is broken: the issue form, and the new-record form."""
    incident = model.repository.kinds.by_name.get("incident")
    links = []
    if host is not None:
        links.append(f'<a class="md-button md-button--primary opsbook-report" '
                     f'href="{h(host.new_issue(INCIDENT_FORM))}">Report an incident</a>')
    if incident is not None:
        form = model.site.href(page, new_record_uri(incident))
        links.append(f'<a class="md-button" href="{h(form)}">New incident record</a>')
    if not links:
        return ""
    return f'<p class="opsbook-contribute" data-search-exclude>{" ".join(links)}</p>'


def contributing_page(model: SiteModel, host: Host | None, kinds: Iterable[Kind]) -> str:
    forms = "".join(f'<li><a href="{h(model.site.href(CONTRIBUTING, new_record_uri(k)))}">New {h(k.label.lower())}</a></li>'
                    for k in kinds)
    issue = (f'<a href="{h(host.new_issue(INCIDENT_FORM))}">Report an incident</a> or '
             f'<a href="{h(host.new_issue())}">open an issue</a>') if host else "open an issue in the repository"
    intro = ("<p>Every record is a file in the repository, and every change to one is a pull request that "
             "the checks validate and a reviewer approves. Three ways to propose one, none of them needs "
             "hand-written YAML:</p>")
    site_form = ("<p>Pick the kind of record; fill in the form, which checks required fields and formats as you "
                 "type and shows the YAML. <em>Open in the repository's editor</em> opens the host's \"new file\" "
                 "page with the name and content filled in: commit it on a new branch and open the pull request. "
                 "Without a repository host configured, copy the YAML instead. On a record's page, "
                 "<em>Edit this record</em> opens its file in the web editor.</p>")
    cli = ("<p>In a clone, with opsbook installed: create, move and annotate records; each command "
           "checks the result like the pull request's checks do and leaves the file alone if it would "
           "be invalid.</p>")
    commands = ("<pre><code>opsbook new incident --title \"Checkout returns 500\" service=SVC-0001 impact=high urgency=high\n"
                "opsbook transition INC-0042 resolved --set resolution.code=fixed --note \"Pool resized\"\n"
                "opsbook set INC-0042 assets+=AST-0003\n"
                "opsbook note INC-0042 \"Customers informed\" --public\n"
                "opsbook validate &amp;&amp; git commit -am \"INC-0042 resolved\"</code></pre>")
    issue_form = (f"<p>No git needed: {issue}. When a triager labels it <code>record</code>, a workflow turns "
                  "the submitted issue into a record file (<code>opsbook from-issue</code>) and opens a pull "
                  "request for a responder to complete and merge.</p>")
    return "\n".join([
        '<h1 class="opsbook-title">Contributing</h1>', "", intro, "",
        '<h2 id="site-form">1. The form on this site</h2>', "", site_form, "",
        f'<ul class="opsbook-new-kinds">{forms}</ul>', "",
        '<h2 id="cli">2. The command line</h2>', "", cli, "", commands, "",
        '<h2 id="issue-form">3. An issue form</h2>', "", issue_form, ""])
