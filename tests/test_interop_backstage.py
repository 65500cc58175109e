"""`opsbook export backstage`: entities the Backstage catalog accepts. The checks restate
Backstage's catalog model (packages/catalog-model: Entity, EntityMeta, Component, Resource,
User and Group v1alpha1 schemas, and the Kubernetes-style name, namespace, tag and annotation rules of its
default validators) for the subset opsbook emits."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from support import ROOT, assemble, run

SAMPLES = Path(__file__).resolve().parent / "interop"

NAME = r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$"  # KubernetesValidatorFunctions.isValidObjectName
DNS_LABEL = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # CommonValidatorFunctions.isValidDnsLabel (namespaces, tags)
STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
ENTITY = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"enum": ["backstage.io/v1alpha1", "backstage.io/v1beta1"]},
        "kind": {"enum": ["Component", "Resource", "User", "Group"]},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 63, "pattern": NAME},
                "namespace": {"type": "string", "maxLength": 63, "pattern": DNS_LABEL},
                "title": {"type": "string", "minLength": 1},
                "description": {"type": "string"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 63, "pattern": DNS_LABEL}},
                "links": {"type": "array", "items": {
                    "type": "object", "required": ["url"],
                    "properties": {"url": {"type": "string", "minLength": 1, "pattern": "^https?://"},
                                   "title": {"type": "string", "minLength": 1}}}},
            },
        },
        "spec": {"type": "object"},
    },
    "allOf": [
        {"if": {"properties": {"kind": {"const": "Component"}}},
         "then": {"properties": {"spec": {
             "required": ["type", "lifecycle", "owner"],
             "properties": {"type": {"type": "string", "minLength": 1},
                            "lifecycle": {"enum": ["experimental", "production", "deprecated"]},
                            "owner": {"type": "string", "minLength": 1},
                            "dependsOn": STRINGS, "dependencyOf": STRINGS}}}}},
        {"if": {"properties": {"kind": {"const": "Resource"}}},
         "then": {"properties": {"spec": {
             "required": ["type", "owner"],
             "properties": {"type": {"type": "string", "minLength": 1}, "owner": {"type": "string", "minLength": 1},
                            "dependsOn": STRINGS, "dependencyOf": STRINGS}}}}},
        {"if": {"properties": {"kind": {"const": "Group"}}},
         "then": {"properties": {"spec": {
             "required": ["type", "children"],
             "properties": {"type": {"type": "string", "minLength": 1}, "children": STRINGS}}}}},
        {"if": {"properties": {"kind": {"const": "User"}}},
         "then": {"properties": {"spec": {
             "properties": {"memberOf": STRINGS, "profile": {"type": "object", "properties": {
                 "email": {"type": "string"}, "displayName": {"type": "string"}}}}}}}},
    ],
}
# [kind:][namespace/]name, as parseEntityRef reads it.
REF = re.compile(r"^(?:(?P<kind>[a-zA-Z][a-z0-9A-Z]*):)?(?:(?P<namespace>[a-z0-9-]+)/)?(?P<name>[^:/]+)$")


def valid_annotation_key(key: str) -> bool:
    prefix, _, name = key.rpartition("/")
    prefix_ok = not prefix or (len(prefix) <= 253 and all(re.match(DNS_LABEL, p) for p in prefix.split(".")))
    return prefix_ok and len(name) <= 63 and re.match(NAME, name) is not None


def entity_problems(entities: list[dict[str, Any]]) -> list[str]:
    validator = Draft7Validator(ENTITY)
    problems = [f"{e['metadata'].get('name')}: {err.message}" for e in entities for err in validator.iter_errors(e)]
    emitted = {(e["kind"].lower(), e["metadata"].get("namespace", "default"), e["metadata"]["name"])
               for e in entities}
    if len(emitted) != len(entities):
        problems.append("two entities share kind, namespace and name")
    for entity in entities:
        name = entity["metadata"]["name"]
        problems += [f"{name}: bad annotation key {k!r}" for k in entity["metadata"].get("annotations", {})
                     if not valid_annotation_key(k)]
        if entity["kind"] in ("User", "Group"):
            continue
        owner = REF.match(entity["spec"]["owner"])
        if not owner or owner["kind"] not in ("group", "user") or not re.match(NAME, owner["name"]):
            problems.append(f"{name}: owner {entity['spec']['owner']!r} is no group or user reference")
        elif (owner["kind"], owner["namespace"] or "default", owner["name"]) not in emitted:
            problems.append(f"{name}: owner {entity['spec']['owner']!r} names no emitted User or Group")
        for relation in ("dependsOn", "dependencyOf"):
            for ref in entity["spec"].get(relation, []):
                parts = REF.match(ref)
                if not parts or (parts["kind"], parts["namespace"] or "default", parts["name"]) not in emitted:
                    problems.append(f"{name}: {relation} {ref!r} names no emitted entity")
    return problems


def export(root: Path, *args: str) -> list[dict[str, Any]]:
    result = run("export", "backstage", "--root", str(root), *args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("---\n")
    return list(yaml.safe_load_all(result.output))


def test_example_repository_exports_entities_backstage_accepts() -> None:
    entities = export(ROOT, "--site-url", "https://ops.example.com/")
    assert entities and entity_problems(entities) == []
    assert {e["kind"] for e in entities} >= {"Component", "Resource", "Group"}


def test_services_and_assets_map_to_components_and_resources(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    everything = export(repo, "--site-url", "https://ops.example.com")
    assert entity_problems(everything) == []
    entities = by_id(everything)
    portal = entities["SVC-0001"]
    assert portal["kind"] == "Component"
    assert portal["metadata"]["name"] == "customer-portal"
    assert portal["metadata"]["title"] == "Customer Portal"
    assert portal["metadata"]["description"] == "Web portal where business customers book shipments and download invoices."
    assert portal["metadata"]["links"][0] == {"url": "https://ops.example.com/services/SVC-0001/", "title": "opsbook: SVC-0001"}
    assert portal["spec"] == {"type": "service", "lifecycle": "production", "owner": "group:default/portal-team",
                              "dependsOn": ["component:default/order-management", "resource:default/web-portal-01"]}
    assert entities["SVC-0002"]["spec"]["owner"] == "user:default/orders"
    assert entities["SVC-0004"]["spec"]["lifecycle"] == "experimental"
    database = entities["AST-0001"]
    assert database["kind"] == "Resource" and database["metadata"]["name"] == "pg-core-01"
    assert database["spec"] == {"type": "database", "owner": "group:default/dba-team",
                                "dependsOn": ["resource:default/db-host-01-database-server"],  # no host name: the title
                                "dependencyOf": ["component:default/order-management"]}
    assert entities["AST-0002"]["spec"]["type"] == "virtual-machine"


def test_names_and_tags_are_made_to_fit_backstage_rules(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    long_title = "Ünïcode & very long service name " * 4
    for number in (5, 6):
        (repo / f"records/services/SVC-000{number}.yaml").write_text(
            f"id: SVC-000{number}\ntitle: {long_title.strip()}\nstatus: retired\n"
            "tags:\n  - a--b\n  - x-\n", "utf-8")
    entities = export(repo)
    assert entity_problems(entities) == []
    names = [e["metadata"]["name"] for e in entities
             if e["metadata"].get("annotations", {}).get("opsbook/id") in ("SVC-0005", "SVC-0006")]
    assert names[0].endswith("-svc-0005") and names[1].endswith("-svc-0006")
    assert all(len(n) <= 63 for n in names)


def test_out_folder_gets_catalog_info(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    result = run("export", "backstage", "--root", str(repo), "--out", str(tmp_path / "catalog"))
    assert result.exit_code == 0 and "wrote 13 entities" in result.output  # 8 records, 5 owners
    assert len(list(yaml.safe_load_all((tmp_path / "catalog/catalog-info.yaml").read_text("utf-8")))) == 13


@pytest.mark.parametrize("ref", ["component:default/x", "resource:default/a.b_c-1", "group:default/team"])
def test_reference_pattern_reads_backstage_refs(ref: str) -> None:
    assert REF.match(ref)


def by_id(entities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["metadata"]["annotations"]["opsbook/id"]: e for e in entities if "annotations" in e["metadata"]}


def write_service(repo: Path, record_id: str, title: str, owner: str | None = None) -> None:
    owner_line = f"owner: {owner}\n" if owner else ""
    (repo / f"records/services/{record_id}.yaml").write_text(
        f"id: {record_id}\ntitle: \"{title}\"\nstatus: live\n{owner_line}", "utf-8")


def test_names_are_unique_under_adversarial_titles(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    # Two services titled "Foo" want foo-svc-0103 and foo-svc-0104; a third is titled that.
    for record_id, title in [("SVC-0103", "Foo"), ("SVC-0104", "FOO"), ("SVC-0105", "foo svc 0103"),
                             ("SVC-0106", "foo-svc-0103-2"), ("SVC-0107", "Customer  Portal!")]:
        write_service(repo, record_id, title)
    entities = export(repo)
    assert entity_problems(entities) == []
    names = {i: e["metadata"]["name"] for i, e in by_id(entities).items() if e["kind"] == "Component"}
    assert len(set(names.values())) == len(names)
    assert names["SVC-0105"] == "foo-svc-0103" and names["SVC-0106"] == "foo-svc-0103-2"
    assert names["SVC-0103"] not in ("foo-svc-0103", "foo-svc-0103-2") and names["SVC-0103"].startswith("foo-svc-0103")
    assert names["SVC-0104"] == "foo-svc-0104"
    assert names["SVC-0001"] == "customer-portal-svc-0001" and names["SVC-0107"] == "customer-portal-svc-0107"


def test_every_owner_is_a_user_or_group_entity(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    write_service(repo, "SVC-0110", "No owner")
    write_service(repo, "SVC-0111", "Second portal", "Portal Team")
    write_service(repo, "SVC-0112", "Orders mirror", "orders@other.example")
    entities = export(repo)
    assert entity_problems(entities) == []
    owners = {(e["kind"], e["metadata"]["name"]): e for e in entities if e["kind"] in ("User", "Group")}
    assert owners[("Group", "portal-team")]["metadata"]["title"] == "Portal Team"
    assert owners[("Group", "portal-team")]["spec"] == {"type": "team", "children": []}
    assert ("Group", "unowned") in owners
    # Two people with the same local part are two users.
    users = {e["spec"]["profile"]["email"]: e["metadata"]["name"] for (kind, _), e in owners.items() if kind == "User"}
    assert set(users) == {"orders@example.com", "orders@other.example"} and len(set(users.values())) == 2
    services = by_id(entities)
    assert services["SVC-0111"]["spec"]["owner"] == services["SVC-0001"]["spec"]["owner"] == "group:default/portal-team"
    assert services["SVC-0110"]["spec"]["owner"] == "group:default/unowned"


def test_non_ascii_names_stay_readable(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", SAMPLES / "repo")
    write_service(repo, "SVC-0120", "Zürich Lagerverwaltung", "Équipe Réseau")
    write_service(repo, "SVC-0121", "Склад Москва", "Команда склада")
    write_service(repo, "SVC-0122", "物流追踪")
    entities = export(repo)
    assert entity_problems(entities) == []
    services = by_id(entities)
    assert services["SVC-0120"]["metadata"]["name"] == "zurich-lagerverwaltung"
    assert services["SVC-0120"]["spec"]["owner"] == "group:default/equipe-reseau"
    assert services["SVC-0121"]["metadata"]["name"] == "sklad-moskva"
    assert services["SVC-0121"]["spec"]["owner"] == "group:default/komanda-sklada"
    assert services["SVC-0122"]["metadata"]["name"] == "wuliuzhuizong"
    assert services["SVC-0122"]["metadata"]["title"] == "物流追踪"
