"""The static JSON API: files the site publishes under `api/v1/`, for scripts and other tools.

- `api/v1/index.json`: every kind with its count, its documents and the schema it follows, and
  every record with the time of its last change;
- `api/v1/<kind>.json`: every record of a kind;
- `api/v1/<kind>/<ID>.json`: one record;
- `api/v1/schemas/*.json`: the record schemas, published as they are in `schemas/`;
- `api/v1/contract/*.json`: the schemas of the documents above (the contract; `contract/`
  beside this module), each document naming its own in `$schema`.

A record's `data` is its YAML as written (a KB article's front matter, with the Markdown in
`body`), and `schema` is the address, relative to the document, of the schema `data`
follows. Documents carry no build time, so an unchanged repository gives identical files.
A change that would break a consumer of v1 (a field removed or renamed, a meaning changed)
goes into a new version folder; fields may be added to v1.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any

from opsbook.interop.links import page_urls
from opsbook.kinds import Kind
from opsbook.model import Record, Repository
from opsbook.moments import instant

ROOT = "api/v1"
SCHEMAS = f"{ROOT}/schemas"
CONTRACT = f"{ROOT}/contract"
INDEX = f"{ROOT}/index.json"
VERSION = "v1"


def api_documents(repository: Repository, use_directory_urls: bool = True) -> dict[str, str]:
    """Relative path under the site -> JSON text, for every document of the API."""
    pages = page_urls(repository, use_directory_urls)
    documents = dict(schema_files(repository))
    counts, listed = [], []
    for kind in repository.kinds:
        records = published_records(repository, kind)
        documents[kind_path(kind)] = kind_json(kind, records, pages)
        documents.update((record_path(record), record_json(record, pages)) for record in records)
        counts.append((kind, len(records)))
        listed += records
    documents[INDEX] = index_json(counts, listed)
    return documents


def kind_json(kind: Kind, records: list[Record], pages: dict[str, str]) -> str:
    """`api/v1/<kind>.json`; `pages` maps IDs to page URLs (interop.links.page_urls)."""
    return _compact_json(_kind_document(kind, records, pages))


def record_json(record: Record, pages: dict[str, str]) -> str:
    """`api/v1/<kind>/<ID>.json`."""
    return _json(_record_document(record, pages, record_path(record)))


def index_json(counts: list[tuple[Kind, int]], records: list[Record]) -> str:
    """`api/v1/index.json`: each kind's number of published records, and every record with the
    time of its last change."""
    kinds = [_kind_entry(kind, count) for kind, count in counts]
    listed = [_index_entry(record) for record in records]
    return _json({"$schema": _relative(INDEX, f"{CONTRACT}/index.schema.json"), "api": "opsbook",
                  "version": VERSION, "updated": _latest(e["updated"] for e in listed),
                  "schemas": _relative(INDEX, SCHEMAS) + "/",
                  "contract": _relative(INDEX, CONTRACT) + "/", "kinds": kinds, "records": listed})


def last_change(record: Record) -> str | None:
    """The latest moment a record tells of: its `*_at` timestamps, actual start and end, and
    the `at` of its approvals and timeline entries (planned times are no change)."""
    return _latest(_moments(record.data))


def _moments(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key == "at" or key.endswith("_at") or key.startswith("actual_")):
                yield item
            elif isinstance(item, (dict, list)):
                yield from _moments(item)
    elif isinstance(value, list):
        for item in value:
            yield from _moments(item)


def _latest(values: Iterable[Any]) -> str | None:
    dated = [(moment, value) for value in values if (moment := instant(value)) is not None]
    return max(dated)[1] if dated else None


def _index_entry(record: Record) -> dict[str, Any]:
    return {"id": record.id, "kind": record.kind.name, "title": record.title, "status": record.status,
            "href": _relative(INDEX, record_path(record)), "updated": last_change(record)}


def _contract_files() -> list[tuple[str, str]]:
    folder = resources.files("opsbook.interop") / "contract"
    return [(f"{CONTRACT}/{f.name}", f.read_text("utf-8")) for f in sorted(folder.iterdir(), key=lambda f: f.name)
            if f.name.endswith(".schema.json")]


def kind_path(kind: Kind) -> str:
    return f"{ROOT}/{kind.name}.json"


def record_path(record: Record) -> str:
    return f"{ROOT}/{record.kind.name}/{record.id}.json"


def published_records(repository: Repository, kind: Kind) -> list[Record]:
    """The kind's records whose ID is a valid ID of the kind (IDs become file names), each ID once."""
    valid = re.compile(rf"{re.escape(kind.prefix)}-[0-9]{{4,}}")
    seen: set[str] = set()
    records = []
    for record in repository.of_kind(kind.name):
        if valid.fullmatch(record.id) and record.id not in seen:
            seen.add(record.id)
            records.append(record)
    return records


def record_content(record: Record) -> dict[str, Any]:
    """What the API says about a record: its data as written, and a KB article's body."""
    content: dict[str, Any] = {"data": record.data}
    if record.kind.is_document:
        content["body"] = record.body or ""
    return content


def _kind_entry(kind: Kind, count: int) -> dict[str, Any]:
    return {"kind": kind.name, "label": kind.label, "plural": kind.plural, "prefix": kind.prefix,
            "count": count, "href": _relative(INDEX, kind_path(kind)),
            "records": f"{_relative(INDEX, f'{ROOT}/{kind.name}')}/",
            "schema": _relative(INDEX, f"{SCHEMAS}/{kind.schema_file}")}


def _kind_document(kind: Kind, records: list[Record], pages: dict[str, str]) -> dict[str, Any]:
    here = kind_path(kind)
    return {"$schema": _relative(here, f"{CONTRACT}/kind.schema.json"), "kind": kind.name, "label": kind.label,
            "plural": kind.plural,
            "schema": _relative(here, f"{SCHEMAS}/{kind.schema_file}"), "count": len(records),
            "records": [{"id": r.id, "href": _relative(here, record_path(r)), "source": r.path,
                         "page": _relative(here, pages[r.id]), **record_content(r)} for r in records]}


def _record_document(record: Record, pages: dict[str, str], here: str) -> dict[str, Any]:
    return {"$schema": _relative(here, f"{CONTRACT}/record.schema.json"), "kind": record.kind.name, "id": record.id,
            "schema": _relative(here, f"{SCHEMAS}/{record.kind.schema_file}"),
            "source": record.path, "page": _relative(here, pages[record.id]), **record_content(record)}


def schema_files(repository: Repository) -> list[tuple[str, str]]:
    """The published schemas: the records' own, and the API contract's."""
    folder = repository.config.schemas_dir
    return [(f"{SCHEMAS}/{path.name}", path.read_text("utf-8"))
            for path in sorted(folder.glob("*.json")) if path.is_file() and not path.is_symlink()
            ] + _contract_files()


def _relative(here: str, target: str) -> str:
    """`target` (a path under the site root) as a link from the document at `here`."""
    relative = posixpath.relpath("/" + target, "/" + posixpath.dirname(here))
    return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _compact_json(document: dict[str, Any]) -> str:
    """For the per-kind lists, which hold every record of a kind: without indentation Python's
    C encoder writes them, several times faster than the indenting one."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
