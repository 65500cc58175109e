"""The page of one record: title and status, fields with help, Markdown fields, the
timeline, references both ways, linked KB articles and the file's git history."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from opsbook.model import Record
from opsbook.site.render.header import header_card
from opsbook.site.render.html import UNSEARCHED, badge, block, invalid_badge, link_list, record_link, table
from opsbook.site.render.human import help_html, is_when, state_label, when_html
from opsbook.site.render.text import h, humanize, md_text
from opsbook.site.render.values import field_label, markdown_html, value_html
from opsbook.site.structure.history import FieldChange
from opsbook.site.structure.model import SiteModel

# Shown in the title line, not again in the fields table.
_HEADLINE = ("id", "title", "status")
_LIMIT_HISTORY = 20


def record_page(model: SiteModel, record: Record, *, related: str | None = None, lead: str = "",
                lead_codes: frozenset[str] = frozenset()) -> str:
    """The whole page; `related` replaces the generic backlinks (service pages gather their own);
    `lead` goes right below the title and problems (a change's conflicts and schedule), and the
    findings it already shows (`lead_codes`) are not listed twice."""
    page = model.site.uri(record)
    parts = [title_block(model, record), header_card(model, record),
             problems_block(model, record.path, skip=lead_codes), lead]
    parts.append(fields_section(model, page, record))
    parts.extend(long_sections(model, page, record))
    parts.append(related if related is not None else backlinks_section(model, page, record))
    parts.append(kb_section(model, page, record))
    parts.append(history_section(model, record.path))
    return "\n".join(part for part in parts if part) + "\n"


def title_block(model: SiteModel, record: Record) -> str:
    flag = " " + invalid_badge() if model.is_invalid(record) else ""
    return (f'<h1 class="opsbook-title"><span class="opsbook-id">{h(record.id)}</span> '
            f"{h(record.title)} {badge(record.status)}{flag}</h1>\n"
            f'<p class="opsbook-kind">{h(record.kind.label)} · <code>{h(record.path)}</code></p>\n')


def problems_block(model: SiteModel, path: str, skip: frozenset[str] = frozenset()) -> str:
    found = [d for d in model.findings.get(path, []) if d.code not in skip]
    if not found:
        return ""
    kind = "danger" if any(d.is_error for d in found) else "warning"
    title = "This record is invalid" if kind == "danger" else "Warnings"
    items = "".join(f"<li><code>{h(d.path)}:{d.line}:{d.column}</code> {h(d.severity.value)}: "
                    f"{h(d.message)} <code>[{h(d.code)}]</code></li>" for d in found)
    return block(f'<div class="admonition {kind} opsbook-problems"><p class="admonition-title">{title}</p>'
                 f"<ul>{items}</ul></div>")


def _is_long(model: SiteModel, record: Record, key: str, value: Any) -> bool:
    info = model.fields.info(record.kind, (key,))
    return info.markdown or (isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value))


def fields_section(model: SiteModel, page: str, record: Record) -> str:
    rows = [(field_label(model, record.kind, (key,)), value_html(model, page, record.kind, (key,), value, record))
            for key, value in _ordered(model, record)
            if key not in _HEADLINE and not _is_long(model, record, key, value)]
    if not rows:
        return ""
    return "## Fields\n" + block(table(["Field", "Value"], rows, css="opsbook-fields", label="Fields"))


def long_sections(model: SiteModel, page: str, record: Record, *, skip: Collection[str] = ()) -> list[str]:
    """Markdown fields and lists of objects (timeline, approvals, milestones...), one section each;
    `skip` names fields that a kind's own page shows in its own way."""
    sections = []
    for key, value in _ordered(model, record):
        if key in _HEADLINE or key in skip or not _is_long(model, record, key, value):
            continue
        info = model.fields.info(record.kind, (key,))
        help_line = f'<p class="opsbook-help">{help_html(info.help)}</p>\n' if info.help else ""
        if key == "timeline":
            body = timeline_html(model, page, record, value)
        elif info.markdown:
            body = markdown_html(model, page, value)
        else:
            body = value_html(model, page, record.kind, (key,), value, record)
        sections.append(f"## {md_text(info.label or humanize(key))}\n" + block(help_line + body))
    return sections


def timeline_html(model: SiteModel, page: str, record: Record, entries: list[dict[str, Any]]) -> str:
    items = []
    for i, entry in enumerate(entries):
        at = when_html(entry.get("at"), model.zone_for(record), model.now) if entry.get("at") else ""
        meta = " · ".join(x for x in (at, badge(entry.get("status")),
                                      h(entry.get("author", "")),
                                      "public" if entry.get("public") else "") if x)
        note = value_html(model, page, record.kind, ("timeline", i, "note"), entry.get("note", ""))
        items.append(f'<li><p class="opsbook-when">{meta}</p>{note}</li>')
    return f'<ol class="opsbook-timeline">{"".join(items)}</ol>'


def backlinks_section(model: SiteModel, page: str, record: Record) -> str:
    groups = model.graph.backlinks(record.id)
    if not groups:
        return "## Referenced by\n" + block('<p class="opsbook-none">No record refers to this one.</p>')
    parts = ["## Referenced by"]
    for inverse, sources in sorted(groups.items(), key=lambda g: (g[1][0].kind.name, g[0])):
        label = humanize(inverse)
        kinds = ", ".join(sorted({s.kind.plural for s in sources}))
        parts.append(f"### {md_text(label)}" + (f" ({md_text(kinds)})" if kinds != label else ""))
        parts.append(block(link_list(model, page, sorted(sources, key=lambda r: r.id))))
    return "\n".join(parts)


def linked_articles(model: SiteModel, record: Record) -> list[Record]:
    outgoing = [model.repository.by_id[r.target_id] for r in model.graph.outgoing.get(record.id, [])
                if r.field.target == "kb" and r.target_id in model.repository.by_id]
    incoming = [r.source for r in model.graph.incoming.get(record.id, []) if r.source.kind.is_document]
    found = {id(a): a for a in [*outgoing, *incoming, *model.mentioned_in.get(record.id, [])]}
    return sorted((a for a in found.values() if a is not record), key=lambda r: r.id)


def kb_section(model: SiteModel, page: str, record: Record) -> str:
    """Articles that mention the record and are not already listed in its fields or backlinks:
    each article once on the page."""
    shown = {r.target_id for r in model.graph.outgoing.get(record.id, [])}
    shown |= {r.source.id for r in model.graph.incoming.get(record.id, [])}
    articles = [a for a in linked_articles(model, record) if a.id not in shown]
    if not articles:
        return ""
    return "## Knowledge articles\n" + block(link_list(model, page, articles))


def history_section(model: SiteModel, path: str) -> str:
    """Each commit of the file with what it changed, field by field, newest first."""
    commits = model.history.get(path, [])
    if not commits:
        return "## History\n" + block('<p class="opsbook-none">No git history for this file.</p>')
    rows = [(when_html(c.date, model.zone, model.now), h(c.author), h(c.subject), changes_html(model, c.changes))
            for c in commits[:_LIMIT_HISTORY]]
    more = f'<p class="opsbook-none">{len(commits) - _LIMIT_HISTORY} older commits not shown.</p>' \
        if len(commits) > _LIMIT_HISTORY else ""
    return "## History\n" + block(table(["Date", "Author", "Commit", "What changed"], rows, css="opsbook-history",
                                         attrs=UNSEARCHED, label="History") + more)


def changes_html(model: SiteModel, changes: tuple[FieldChange, ...]) -> str:
    items = []
    for change in changes:
        if change.field == "(record)":
            items.append("<li>Record created</li>")
            continue
        before, after = (_change_value(model, change.field, v) for v in (change.before, change.after))
        if change.summary:
            text = h(change.summary)
        elif change.before is None:
            text = f"set to {after}"
        else:
            text = f"{before} → {after}"
        items.append(f'<li data-field="{h(change.field)}"><code>{h(change.field)}</code>: {text}</li>')
    return f'<ul class="opsbook-changes">{"".join(items)}</ul>' if items else ""


def _change_value(model: SiteModel, key: str, value: str | None) -> str:
    if value is None:
        return "removed"
    if key == "status" or key.endswith(("type", "risk")):
        return h(state_label(value))
    return when_html(value, model.zone, model.now, relative=False) if is_when(value) else h(value)


def _ordered(model: SiteModel, record: Record) -> list[tuple[str, Any]]:
    order = model.fields.order(record.kind)
    known = [(key, record.data[key]) for key in order if key in record.data]
    return known + [(key, value) for key, value in record.data.items() if key not in order]


__all__ = ["record_link", "record_page"]
