"""Everything about one service, gathered from the references that point at it."""

from __future__ import annotations

from dataclasses import dataclass, field

from opsbook.model import Record
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import is_open

# The order in which a reader wants to see what surrounds a service.
SECTIONS = ("asset", "incident", "problem", "change", "release", "sla", "maintenance", "kb",
            "request", "improvement", "project")


@dataclass
class ServiceView:
    service: Record
    state: str
    by_kind: dict[str, list[Record]] = field(default_factory=dict)
    depends_on: list[Record] = field(default_factory=list)
    dependents: list[Record] = field(default_factory=list)
    delivered_by: list[Record] = field(default_factory=list)

    def open_and_past(self, kind: str) -> tuple[list[Record], list[Record]]:
        records = self.by_kind.get(kind, [])
        return [r for r in records if is_open(r)], [r for r in records if not is_open(r)]


def gather(model: SiteModel, service: Record) -> ServiceView:
    view = ServiceView(service, model.kpis.service_state(service))
    view.depends_on = model.graph.targets(service, "depends_on")
    view.delivered_by = model.graph.targets(service, "delivered_by")
    for reference in model.graph.incoming.get(service.id, []):
        source = reference.source
        if source.kind.name == "service":
            if all(source is not known for known in view.dependents):
                view.dependents.append(source)
            continue
        group = view.by_kind.setdefault(source.kind.name, [])
        if all(source is not known for known in group):
            group.append(source)
    for records in view.by_kind.values():
        records.sort(key=lambda r: r.id, reverse=True)
    return view
