"""Services and assets as Backstage catalog entities (`catalog-info.yaml`).

A service becomes a Component of type `service` (what Backstage users look for in the catalog);
an asset a Resource typed by its class. Owners become entities of their own, so every `owner`
reference resolves: a person given by e-mail address a User, a team or support group a Group
(and records without an owner the Group `unowned`). Dependencies become `dependsOn` /
`dependencyOf` references; names (`entity_names`), tags and annotation keys follow Backstage's
rules so the catalog accepts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from opsbook.interop.entity_names import slug, unique_names
from opsbook.interop.links import absolute, page_urls
from opsbook.model import Record, Repository

API_VERSION = "backstage.io/v1alpha1"
NAMESPACE = "default"
LIFECYCLE = {"pipeline": "experimental", "live": "production", "retired": "deprecated"}
UNOWNED = "unowned"
ANNOTATION_ID = "opsbook/id"
ANNOTATION_SOURCE = "opsbook/source"
_DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class EntityKind:
    kind: str  # Backstage kind
    ref: str  # its lowercase form in entity references


ENTITY_KINDS = {"service": EntityKind("Component", "component"), "asset": EntityKind("Resource", "resource")}


def catalog_entities(repository: Repository, site_url: str = "") -> list[dict[str, Any]]:
    """One entity per service and asset, then one per owner; with the site's address, each
    service and asset links to its page."""
    # Components first: they are what readers of a catalog file look for.
    records = sorted((r for r in repository.records if r.kind.name in ENTITY_KINDS),
                     key=lambda r: (r.kind.name != "service", r.id))
    names = entity_names(records)
    owners = Owners(records)
    dependents = _asset_services(records)
    pages = page_urls(repository)
    entities = []
    for record in records:
        page = pages.get(record.id) if site_url else None
        spec = _service(record, names, dependents) if record.kind.name == "service" else _asset(record, names)
        spec["owner"] = owners.ref(record)
        metadata = _metadata(record, names[record.id], absolute(site_url, page) if page is not None else None)
        entities.append({"apiVersion": API_VERSION, "kind": ENTITY_KINDS[record.kind.name].kind,
                         "metadata": metadata, "spec": spec})
    return entities + owners.entities()


def catalog_text(entities: list[dict[str, Any]]) -> str:
    """Multi-document YAML, one `---` document per entity, as `catalog-info.yaml` holds them."""
    return "".join("---\n" + yaml.safe_dump(e, sort_keys=False, allow_unicode=True, width=100)
                   for e in entities)


def entity_names(records: list[Record]) -> dict[str, str]:
    """Record ID -> a readable name unique among the records of its kind: a slug of the title
    (an asset's short host name when it has one), with the record ID where titles clash."""
    names: dict[str, str] = {}
    for kind in ENTITY_KINDS:
        names |= unique_names((r.id, _name_source(r), r.id) for r in records if r.kind.name == kind)
    return names


class Owners:
    """The people and teams that own the records, as User and Group entities."""

    def __init__(self, records: list[Record]) -> None:
        self.owner_of = {r.id: _owner(r) for r in records}
        everyone = sorted(set(self.owner_of.values()))
        users = [o for o in everyone if "@" in o]
        groups = [o for o in everyone if "@" not in o]
        self.names = {**{("user", o): n for o, n in unique_names((o, o.split("@", 1)[0], o) for o in users).items()},
                      **{("group", o): n for o, n in unique_names((o, o, "group") for o in groups).items()}}

    def ref(self, record: Record) -> str:
        owner = self.owner_of[record.id]
        kind = "user" if "@" in owner else "group"
        return f"{kind}:{NAMESPACE}/{self.names[(kind, owner)]}"

    def entities(self) -> list[dict[str, Any]]:
        found = []
        for (kind, owner), name in sorted(self.names.items(), key=lambda item: (item[0][0] != "group", item[1])):
            metadata: dict[str, Any] = {"name": name, "namespace": NAMESPACE}
            if kind == "group":
                metadata["title"] = owner
                spec: dict[str, Any] = {"type": "team", "children": []}
            else:
                spec = {"profile": {"email": owner}, "memberOf": []}
            found.append({"apiVersion": API_VERSION, "kind": kind.capitalize(), "metadata": metadata, "spec": spec})
        return found


def _owner(record: Record) -> str:
    """Who owns a record: its owner, else its support group, else nobody (`unowned`)."""
    for field in ("owner", "support_group"):
        value = record.data.get(field)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return UNOWNED


def _service(record: Record, names: dict[str, str], assets_of: dict[str, list[str]]) -> dict[str, Any]:
    depends = [_ref("service", names, i) for i in _ids(record.data.get("depends_on"))]
    depends += [_ref("asset", names, i) for i in assets_of.get(record.id, ())]
    spec: dict[str, Any] = {"type": "service", "lifecycle": LIFECYCLE.get(record.status or "", "experimental"),
}
    if any(depends):
        spec["dependsOn"] = [d for d in depends if d]
    return spec


def _asset(record: Record, names: dict[str, str]) -> dict[str, Any]:
    data = record.data
    spec: dict[str, Any] = {"type": str(data.get("class") or "other").replace("_", "-")}
    needs = [*_ids(data.get("depends_on")), *_ids([data.get("runs_on"), data.get("hosted_on")])]
    depends = [r for r in (_ref("asset", names, i) for i in dict.fromkeys(needs)) if r]
    needed_by = [r for r in (_ref("service", names, i) for i in _ids(data.get("services"))) if r]
    if depends:
        spec["dependsOn"] = depends
    if needed_by:
        spec["dependencyOf"] = needed_by
    return spec


def _metadata(record: Record, name: str, url: str | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "namespace": NAMESPACE, "title": record.title}
    description = _description(record.data.get("description"))
    if description:
        metadata["description"] = description
    tags = list(dict.fromkeys(t for t in (_tag(v) for v in record.data.get("tags") or []) if t))
    if tags:
        metadata["tags"] = tags
    metadata["annotations"] = {ANNOTATION_ID: record.id, ANNOTATION_SOURCE: record.path}
    links = [{"url": link["url"], "title": link.get("title") or link["url"]}
             for link in record.data.get("links") or [] if str(link.get("url", "")).startswith(("http://", "https://"))]
    if url:
        links.insert(0, {"url": url, "title": f"opsbook: {record.id}"})
    if links:
        metadata["links"] = links
    return metadata


def _ref(kind: str, names: dict[str, str], record_id: str) -> str | None:
    name = names.get(record_id)
    return f"{ENTITY_KINDS[kind].ref}:{NAMESPACE}/{name}" if name else None


def _asset_services(records: list[Record]) -> dict[str, list[str]]:
    """Service ID -> the assets that say they support it."""
    found: dict[str, list[str]] = {}
    for record in records:
        if record.kind.name == "asset":
            for service in _ids(record.data.get("services")):
                found.setdefault(service, []).append(record.id)
    return found


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _name_source(record: Record) -> str:
    hostname = record.data.get("hostname")
    if record.kind.name == "asset" and isinstance(hostname, str) and hostname.strip():
        return hostname.split(".", 1)[0]
    return record.title


def _tag(value: Any) -> str | None:
    """Backstage's tag rule: lowercase [a-z0-9] runs joined by single hyphens, at most 63."""
    return slug(value) or None if isinstance(value, str) else None


def _description(value: Any) -> str:
    """The first paragraph on one line: Backstage shows the description in lists."""
    if not isinstance(value, str):
        return ""
    paragraph = " ".join(value.strip().split("\n\n", 1)[0].split())
    return paragraph if len(paragraph) <= _DESCRIPTION_MAX else paragraph[: _DESCRIPTION_MAX - 3].rsplit(" ", 1)[0] + "..."
