""""If this fails": the impact view of an asset or service page, from the same analysis as
`opsbook impact ID` (opsbook.cmdb.impact), with a Mermaid diagram of the links it follows."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial

from opsbook.cmdb.dependencies import TO_HOLDER, Reach
from opsbook.cmdb.impact import Impact, NotAnItem, analyse_impact
from opsbook.model import Record
from opsbook.site.render.diagram import dependency_diagram, diagram_links
from opsbook.site.render.html import UNSEARCHED, badge, block, ref, table
from opsbook.site.render.human import when_html
from opsbook.site.render.text import h
from opsbook.site.structure.model import SiteModel

# Mermaid lays out a few dozen edges legibly; the tables above the diagram list everything.
MAX_EDGES = 60
# A core asset can take down most of a large estate: each table lists the first items, in the
# order `opsbook impact` prints them, and says how many more there are (headings give totals).
MAX_LISTED = 50
# Along a chain of assets a path is as long as the chain: each row shows its ends.
MAX_PATH_STEPS = 4
_SHOWN_AS = {"services": "supports"}


def impact_section(model: SiteModel, item: Record) -> str:
    if model.repository.by_id.get(item.id) is not item:
        return ""  # a duplicate or invalid ID: the analysis would be of another record
    try:
        impact = analyse_impact(model.repository, item.id, model.calendar.graph, first=MAX_LISTED)
    except NotAnItem:
        return ""
    page = model.site.uri(item)
    # A page names the same few records over and over (each row's path ends where the row
    # before ended, and starts at this item): each link is built once per page.
    link_to = cache(partial(ref, model, page, with_title=False))
    parts = ["## If this fails", block(
        f'<p class="opsbook-help">Everything affected, transitively, if {h(item.id)} fails, as '
        f"<code>opsbook impact {h(item.id)}</code> lists it: what depends on, runs on, is hosted on "
        "or connects to a failed item, the services an affected asset supports and the services "
        "that depend on an affected service.</p>")]
    diagram = impact_diagram(model, impact)
    if diagram:
        parts.append(diagram)
    for kind, heading in (("service", "Services affected"), ("asset", "Assets affected")):
        affected = impact.of_kind(kind)
        rows = [[link_to(r.id), h(r.title), badge(r.status), path_html(link_to, item.id, reach)]
                for r, reach in affected[:MAX_LISTED]]
        total = impact.totals[kind]
        parts += [f"### {heading} ({total})",
                  block(_table(["ID", "Title", "Status", "Path"], rows)) + _more(item, total)]
    parts += [f"### SLAs of the affected services ({len(impact.slas)})",
              block(_slas(model, page, impact)) + _more(item, len(impact.slas))]
    parts += [f"### Open and scheduled changes touching them ({len(impact.changes)})",
              block(_changes(model, page, impact)) + _more(item, len(impact.changes))]
    return "\n".join(parts) + "\n"


def path_html(link_to: Callable[[str], str], origin: str, reach: Reach) -> str:
    """The path from the failed item, arrows pointing as the records' references do; a long
    one shows its first and last steps (`opsbook impact --format json` gives it whole)."""
    steps = [link_to(origin)]
    shown, skipped = reach.path_ends(MAX_PATH_STEPS)
    for number, link in enumerate(shown):
        if skipped and number == 1:
            steps.append(f'<span class="opsbook-help">… {skipped} more steps …</span>')
        if link.direction == TO_HOLDER:
            steps.append(f"←{h(link.relation)}— {link_to(link.holder)}")
        else:
            steps.append(f"—{h(link.relation)}→ {link_to(link.target)}")
    others = [item for item in reach.via if item != shown[-1].failing]
    also = (' <span class="opsbook-help">also via ' + ", ".join(map(link_to, others)) + "</span>") if others else ""
    return '<span class="opsbook-path">' + " ".join(steps) + "</span>" + also


def _slas(model: SiteModel, page: str, impact: Impact) -> str:
    rows = []
    for sla in impact.slas[:MAX_LISTED]:
        target = sla.data.get("availability_target")
        service = sla.data.get("service")
        rows.append([ref(model, page, sla.id, with_title=False), h(sla.title), badge(sla.status),
                     ref(model, page, service, with_title=False) if isinstance(service, str) else "",
                     h(f"{target}%") if isinstance(target, int | float) else ""])
    return _table(["SLA", "Title", "Status", "Service", "Availability target"], rows)


def _changes(model: SiteModel, page: str, impact: Impact) -> str:
    rows = []
    for change, touched in impact.changes[:MAX_LISTED]:
        start, end = change.data.get("planned_start"), change.data.get("planned_end")
        when = (f"{when_html(start, model.zone, model.now)} to {when_html(end, model.zone, model.now, relative=False)}"
                if isinstance(start, str) and isinstance(end, str) else "not yet planned")
        rows.append([ref(model, page, change.id, with_title=False), h(change.title), badge(change.status),
                     when, ", ".join(ref(model, page, t, with_title=False) for t in touched)])
    return _table(["Change", "Title", "Status", "Planned", "Touches"], rows)


def _more(item: Record, total: int) -> str:
    """Under a table cut short; a block of its own, so the table alone is what search skips."""
    if total <= MAX_LISTED:
        return ""
    return block(f'<p class="opsbook-more" data-shown="{MAX_LISTED}" data-of="{total}">The first {MAX_LISTED} '
                 f"of {total}, and {total - MAX_LISTED} more: <code>opsbook impact {h(item.id)}</code> lists "
                 "them all.</p>")


def _table(headers: list[str], rows: list[list[str]]) -> str:
    return table(headers, rows, css="opsbook-table opsbook-impact", attrs=UNSEARCHED) if rows \
        else '<p class="opsbook-none">None.</p>'


def impact_diagram(model: SiteModel, impact: Impact) -> str:
    """The links failure travels along, from the failed item to everything it reaches."""
    by_id = model.repository.by_id
    links, total = model.calendar.graph.travelled(impact.origin.id, MAX_EDGES)
    edges = [(by_id[link.holder], _SHOWN_AS.get(link.relation, link.relation), by_id[link.target])
             for link in links]
    diagram = dependency_diagram(impact.origin, edges, *diagram_links(model, model.site.uri(impact.origin)))
    if diagram and total > MAX_EDGES:
        diagram += block(f'<p class="opsbook-none">The diagram shows {MAX_EDGES} of {total} links; '
                         "the tables list the affected items.</p>")
    return diagram
