"""The home dashboard and the stand-up view of the day."""

from __future__ import annotations

from opsbook.model import Record
from opsbook.site.render.html import badge, block, link_list, record_link, table
from opsbook.site.render.human import day_text, when_html
from opsbook.site.render.text import h, md_text
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import (
    latest_report,
    maintenance,
    open_incidents_by_priority,
    recent_articles,
    standup,
    upcoming_changes,
)
from opsbook.site.structure.site import HOME, STANDUP, index_uri


def home_page(model: SiteModel, site_title: str) -> str:
    repo, page = model.repository, HOME
    parts = [f'<h1 class="opsbook-title">{h(site_title)}</h1>',
             block(f'<p class="opsbook-when">As of {when_html(model.now, model.zone, model.now, relative=False)}. '
                   f'See also the <a href="{model.site.href(page, STANDUP)}">stand-up view</a>.</p>'),
             "## Open incidents by priority"]
    # Open then, and not yet closed then: asked of the repository as known at the site's now.
    for level, records in open_incidents_by_priority(model.known).items():
        parts += [f"### {md_text(level)} ({len(records)})",
                  block(link_list(model, page, model.original(records)))]
    parts += ["## Changes in the next 14 days",
              block(_dated(model, page, model.original(upcoming_changes(model.known, model.now)),
                           "planned_start"))]
    active, upcoming = maintenance(repo, model.now)
    parts += ["## Maintenance now", block(_dated(model, page, active, "start")),
              "## Maintenance in the next 14 days", block(_dated(model, page, upcoming, "start"))]
    parts += ["## Services", block(_services(model, page)), "## Projects", block(_projects(model, page)),
              "## Recently updated KB articles", block(_dated(model, page, recent_articles(repo), "updated"))]
    return "\n".join(parts) + "\n"


def _dated(model: SiteModel, page: str, records: list[Record], field: str) -> str:
    if not records:
        return '<p class="opsbook-none">None.</p>'
    rows = [(when_html(r.data.get(field, ""), model.zone_for(r), model.now), record_link(model, page, r))
            for r in records]
    return table(["When", "Record"], rows, label="When and what")


def _services(model: SiteModel, page: str) -> str:
    services = sorted(model.repository.of_kind("service"), key=lambda r: r.id) \
        if "service" in model.repository.kinds.by_name else []
    rows = [(record_link(model, page, s, with_title=True), badge(model.kpis.service_state(s)))
            for s in services]
    return table(["Service", "Now"], rows, label="Services") if rows else '<p class="opsbook-none">None.</p>'


def _projects(model: SiteModel, page: str) -> str:
    projects = sorted(model.repository.of_kind("project"), key=lambda r: r.id) \
        if "project" in model.repository.kinds.by_name else []
    rows = []
    for project in projects:
        report = latest_report(project) or {}
        rows.append((record_link(model, page, project), badge(report.get("rag", "")),
                     when_html(report.get("date", ""), model.zone, model.now),
                     h(project.data.get("percent_complete", ""))))
    return table(["Project", "RAG", "Reported", "% complete"], rows, label="Projects") if rows \
        else '<p class="opsbook-none">None.</p>'


def standup_page(model: SiteModel) -> str:
    view, page = standup(model.repository, model.now), STANDUP
    parts = ['<h1 class="opsbook-title">Stand-up</h1>',
             block(f'<p class="opsbook-when">{h(day_text(model.now.astimezone(model.zone).date()))}: service desk and '
                   "projects together.</p>"),
             "## Scheduled today"]
    rows = [(h(when), record_link(model, page, r)) for when, r in view.today]
    parts.append(block(table(["When", "What"], rows) if rows else '<p class="opsbook-none">Nothing.</p>'))
    parts.append("## Overdue")
    rows = [(when_html(due, model.zone, model.now), h(what), record_link(model, page, r))
            for what, r, due in view.overdue]
    parts.append(block(table(["Due", "What", "Record"], rows) if rows else '<p class="opsbook-none">Nothing.</p>'))
    parts.append("## Blocked")
    rows = [(h(why), record_link(model, page, r)) for why, r in view.blocked]
    parts.append(block(table(["Why", "Record"], rows) if rows else '<p class="opsbook-none">Nothing.</p>'))
    parts.append("## Open")
    for plural, records in view.open.items():
        kind = next(k for k in model.repository.kinds if k.plural == plural)
        href = model.site.href(page, index_uri(kind))
        parts += [f"### {h(plural)} ({len(records)})",
                  block(f'<p><a href="{h(href)}">All {h(plural.lower())}</a></p>'
                        + link_list(model, page, sorted(records, key=lambda r: r.id)))]
    return "\n".join(parts) + "\n"
