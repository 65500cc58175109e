"""The data behind each index's filters: one compact JSON file per kind with every record's row,
so the index script (assets/opsbook/opsbook-index.js) filters and sorts across all records of
the kind, not only the page of 200 rows shown. The cells are the HTML the static table has
(escaped here, links relative to the index's first page); the fields beside them are what the
filters read: status, open or not, services, owner, assignee, tags, priority and a date.
"""

from __future__ import annotations

import json
from typing import Any

from opsbook.kinds import Kind
from opsbook.model import Record, Unloadable
from opsbook.site.render.index import (
    index_cells,
    index_columns,
    index_data_uri,
    index_headers,
    owner,
    services_of,
    unloadable_cells,
)
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.queries import is_open, priority
from opsbook.site.structure.site import index_uri

# The date a record is filtered and sorted by, the first of these it has: when it was opened or
# is planned, or when it was last touched (its kind's schema names only some of them).
DATE_FIELDS = ("opened_at", "submitted_at", "identified_at", "planned_start", "start", "planned_date",
               "target_date", "updated", "published", "valid_from", "handed_over", "forecast_finish")


def index_documents(model: SiteModel, kinds: list[Kind]) -> dict[str, str]:
    """Site path -> JSON text of the index data of each kind."""
    return {index_data_uri(kind): index_data(model, kind) for kind in kinds}


def index_data(model: SiteModel, kind: Kind) -> str:
    page = index_uri(kind)
    columns = index_columns(kind)
    records = model.repository.of_kind(kind.name)
    rows = [_unloadable(model, page, u, len(columns)) for u in model.repository.unloadable if u.kind is kind]
    rows += [_row(model, page, kind, record, columns) for record in records]
    services = {s.id: s.title for s in model.repository.of_kind("service")} \
        if "service" in model.repository.kinds.by_name else {}
    document = {"kind": kind.name, "columns": ["id", "title", "status", *columns],
                "headers": index_headers(model, kind, columns), "services": services, "rows": rows}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def _row(model: SiteModel, page: str, kind: Kind, record: Record, columns: list[str]) -> dict[str, Any]:
    data = record.data
    return {
        "id": record.id,
        "number": _number(record.id),
        "status": record.status or "",
        "open": is_open(record),
        "service": services_of(record),
        "owner": owner(data),
        "assignee": data.get("assignee") if isinstance(data.get("assignee"), str) else "",
        "tags": [t for t in data.get("tags") or [] if isinstance(t, str)] if isinstance(data.get("tags"), list) else [],
        "priority": data.get("priority") if isinstance(data.get("priority"), str) else priority(model.repository, record) or "",
        "date": next((str(data[f]) for f in DATE_FIELDS if isinstance(data.get(f), str)), ""),
        "invalid": model.is_invalid(record),
        "cells": index_cells(model, page, kind, record, columns),
    }


def _unloadable(model: SiteModel, page: str, item: Unloadable, extra: int) -> dict[str, Any]:
    return {"id": item.stem, "number": _number(item.stem), "status": "unloadable", "open": True,
            "service": [], "owner": "", "assignee": "", "tags": [], "priority": "", "date": "",
            "invalid": True, "cells": unloadable_cells(model, page, item, extra)}


def _number(record_id: str) -> int:
    number = record_id.rsplit("-", 1)[-1]
    return int(number) if number.isdigit() else -1
