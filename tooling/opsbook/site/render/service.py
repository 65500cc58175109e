"""Service pages (everything about a service) and the dependency diagrams of services and assets."""

from __future__ import annotations

from opsbook.model import Record
from opsbook.site.render.diagram import DIAGRAM_LEGEND, dependency_diagram, diagram_links
from opsbook.site.render.html import badge, block, link_list
from opsbook.site.render.impact import impact_section
from opsbook.site.render.record import record_page
from opsbook.site.render.service_levels import service_levels
from opsbook.site.render.text import h, md_text
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.service import SECTIONS, gather

_ASSET_RELATIONS = ("depends_on", "runs_on", "hosted_on", "connects_to")


def service_page(model: SiteModel, service: Record) -> str:
    return record_page(model, service, related=_gathered(model, service) + _if_it_fails(model, service))


def asset_page(model: SiteModel, asset: Record) -> str:
    page = record_page(model, asset)
    diagram = asset_diagram(model, asset)
    sections = ("\n## Dependencies\n\n" + diagram + block(DIAGRAM_LEGEND) if diagram else "") + _if_it_fails(model, asset)
    if not sections:
        return page
    return page.replace("\n## Referenced by", sections + "\n## Referenced by", 1)


def _if_it_fails(model: SiteModel, item: Record) -> str:
    """The impact view (render/impact.py), kept apart from the sections gathered above."""
    section = impact_section(model, item)
    return "\n" + section if section else ""


def _gathered(model: SiteModel, service: Record) -> str:
    page = model.site.uri(service)
    view = gather(model, service)
    parts = ["## Current state", block(f'<p class="opsbook-state">{badge(view.state)}</p>'),
             service_levels(model, service)]
    diagram = service_diagram(model, service)
    if diagram:
        parts += ["## Dependencies", "", diagram, block(DIAGRAM_LEGEND)]
    parts += ["## Delivered by", block(delivered_by(model, page, service, view.delivered_by))]
    for kind_name in SECTIONS:
        if kind_name == "kb" or kind_name not in model.repository.kinds.by_name:
            continue  # KB articles have their own section on every record page
        kind = model.repository.kinds[kind_name]
        if kind_name == "incident":
            current, past = view.open_and_past("incident")
            parts += ["## Open incidents", block(link_list(model, page, current)),
                      "## Past incidents", block(link_list(model, page, past))]
        elif kind_name in view.by_kind or kind_name in ("asset", "sla", "maintenance"):
            parts += [f"## {md_text(kind.plural)}", block(link_list(model, page, view.by_kind.get(kind_name, [])))]
    if view.dependents:
        parts += ["## Services that depend on it", block(link_list(model, page, view.dependents))]
    return "\n".join(parts)


def delivered_by(model: SiteModel, page: str, service: Record, projects: list[Record]) -> str:
    """The project that created the service, and the day it was handed over to operations."""
    handed_over = service.data.get("handed_over")
    if isinstance(handed_over, str):
        when = f'<p class="opsbook-when">Handed over to operations on {h(handed_over)}.</p>'
    else:
        when = '<p class="opsbook-when">Not handed over yet.</p>' if projects else ""
    return link_list(model, page, projects) + when


def service_diagram(model: SiteModel, service: Record) -> str:
    view = gather(model, service)
    edges = [(service, "depends on", target) for target in view.depends_on]
    edges += [(source, "depends on", service) for source in view.dependents]
    edges += [(asset, "supports", service) for asset in view.by_kind.get("asset", [])]
    return dependency_diagram(service, edges, *diagram_links(model, model.site.uri(service)))


def asset_diagram(model: SiteModel, asset: Record) -> str:
    edges = []
    for relation in _ASSET_RELATIONS:
        edges += [(asset, relation, target) for target in model.graph.targets(asset, relation)]
    for reference in model.graph.incoming.get(asset.id, []):
        if reference.source.kind.name == "asset":
            edges.append((reference.source, reference.relation, asset))
    edges += [(asset, "supports", service) for service in model.graph.targets(asset, "services")]
    return dependency_diagram(asset, edges, *diagram_links(model, model.site.uri(asset)))


__all__ = ["asset_page", "h", "service_page"]
