"""Services and assets as Backstage catalog entities (`catalog-info.yaml`).

A service becomes a Component of type `service` (what Backstage users look for in the catalog);
an asset a Resource typed by its class. Owners become group references (a person given by
e-mail address a user reference), dependencies `dependsOn` / `dependencyOf` references, and
names, tags and annotation keys follow Backstage's rules so the catalog accepts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from opsbook.interop.links import absolute, page_urls
from opsbook.model import Record, Repository

API_VERSION = "backstage.io/v1alpha1"
NAMESPACE = "default"
LIFECYCLE = {"pipeline": "experimental", "live": "production", "retired": "deprecated"}
UNOWNED = "unowned"
ANNOTATION_ID = "opsbook/id"
ANNOTATION_SOURCE = "opsbook/source"
NAME_MAX = 63
_NOT_NAME = re.compile(r"[^a-z0-9]+")
_DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class EntityKind:
    kind: str  # Backstage kind
    ref: str  # its lowercase form in entity references


ENTITY_KINDS = {"service": EntityKind("Component", "component"), "asset": EntityKind("Resource", "resource")}


def catalog_entities(repository: Repository, site_url: str = "") -> list[dict[str, Any]]:
    """One entity per service and asset; with the site's address, each links to its page."""
    # Components first: they are what readers of a catalog file look for.
    records = sorted((r for r in repository.records if r.kind.name in ENTITY_KINDS),
                     key=lambda r: r.kind.name != "service")
    names = entity_names(records)
    dependents = _asset_services(records)
    pages = page_urls(repository)
    entities = []
    for record in records:
        page = pages.get(record.id) if site_url else None
        spec = _service(record, names, dependents) if record.kind.name == "service" else _asset(record, names)
        metadata = _metadata(record, names[record.id], absolute(site_url, page) if page is not None else None)
        entities.append({"apiVersion": API_VERSION, "kind": ENTITY_KINDS[record.kind.name].kind,
                         "metadata": metadata, "spec": spec})
    return entities


def catalog_text(entities: list[dict[str, Any]]) -> str:
    """Multi-document YAML, one `---` document per entity, as `catalog-info.yaml` holds them."""
    return "".join("---\n" + yaml.safe_dump(e, sort_keys=False, allow_unicode=True, width=100)
                   for e in entities)


def entity_names(records: list[Record]) -> dict[str, str]:
    """Readable, unique names: a slug of the title (an asset's short host name when it has
    one); the record ID is appended where two records would share a name."""
    wanted = {r.id: _slug(_name_source(r)) or _slug(r.id) for r in records}
    taken: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.kind.name, wanted[record.id])
        taken[key] = taken.get(key, 0) + 1
    names = {}
    for record in records:
        name = wanted[record.id]
        if taken[(record.kind.name, name)] > 1:
            suffix = "-" + _slug(record.id)
            name = name[: NAME_MAX - len(suffix)].rstrip("-_.") + suffix
        names[record.id] = name
    return names


def _service(record: Record, names: dict[str, str], assets_of: dict[str, list[str]]) -> dict[str, Any]:
    depends = [_ref("service", names, i) for i in _ids(record.data.get("depends_on"))]
    depends += [_ref("asset", names, i) for i in assets_of.get(record.id, ())]
    spec: dict[str, Any] = {"type": "service", "lifecycle": LIFECYCLE.get(record.status or "", "experimental"),
                            "owner": owner_ref(record)}
    if any(depends):
        spec["dependsOn"] = [d for d in depends if d]
    return spec


def _asset(record: Record, names: dict[str, str]) -> dict[str, Any]:
    data = record.data
    spec: dict[str, Any] = {"type": str(data.get("class") or "other").replace("_", "-"), "owner": owner_ref(record)}
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


def owner_ref(record: Record) -> str:
    """`group:default/<team>`, or `user:default/<name>` for an owner given as an e-mail address."""
    owner = record.data.get("owner") or record.data.get("support_group") or UNOWNED
    owner = str(owner)
    if "@" in owner:
        return f"user:{NAMESPACE}/{_slug(owner.split('@', 1)[0]) or UNOWNED}"
    return f"group:{NAMESPACE}/{_slug(owner) or UNOWNED}"


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


def _slug(text: str) -> str:
    """Backstage's name rule: [A-Za-z0-9] runs joined by -, _ or .; at most 63 characters."""
    return _NOT_NAME.sub("-", text.casefold()).strip("-")[:NAME_MAX].strip("-")


def _tag(value: Any) -> str | None:
    """Backstage's tag rule: lowercase [a-z0-9] runs joined by single hyphens, at most 63."""
    return _slug(value) or None if isinstance(value, str) else None


def _description(value: Any) -> str:
    """The first paragraph on one line: Backstage shows the description in lists."""
    if not isinstance(value, str):
        return ""
    paragraph = " ".join(value.strip().split("\n\n", 1)[0].split())
    return paragraph if len(paragraph) <= _DESCRIPTION_MAX else paragraph[: _DESCRIPTION_MAX - 3].rsplit(" ", 1)[0] + "..."
