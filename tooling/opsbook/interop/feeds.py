"""Atom feeds (RFC 4287) of incidents and of changes, published by the site under `feeds/`.

A feed holds the MAX_ENTRIES most recently updated records of its kind, as feed readers expect
(the static API lists them all). An incident's entry carries its public updates only (timeline
entries with `public: true`); internal work notes never leave the repository through a feed.
Entry IDs are name-based UUIDs of the site address and the record ID, so they stay the same
from build to build.
Links are absolute, so a feed reader resolves them to the pages: under the site's address when
it is known (`site_url`), else through `xml:base` pointing from the feed back to the site's
root, which a reader resolves against the address it fetched the feed from.
Record text is escaped twice, as the format wants: once as HTML, then as XML.
"""

from __future__ import annotations

import html
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from opsbook.interop.links import absolute, page_urls
from opsbook.model import Record, Repository
from opsbook.moments import instant

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
NO_SITE_URL = ("site_url is not set: the Atom feeds link to the pages through xml:base, relative to "
               "where they are fetched from; set site_url in mkdocs.yml for absolute links")
FEEDS: dict[str, tuple[str, str]] = {  # kind -> (path under the site, feed title)
    "incident": ("feeds/incidents.xml", "Incidents"),
    "change": ("feeds/changes.xml", "Changes"),
}
MAX_ENTRIES = 100
NEVER = "1970-01-01T00:00:00Z"  # `updated` of a feed or entry with no moment to show
_INCIDENT_MOMENTS = ("opened_at", "acknowledged_at", "mitigated_at", "resolved_at", "closed_at")
_CHANGE_MOMENTS = ("actual_start", "actual_end")


def feeds(repository: Repository, site_url: str, site_name: str = "opsbook",
          use_directory_urls: bool = True) -> dict[str, str]:
    """Relative path under the site -> Atom XML text, one feed per kind in FEEDS."""
    pages = page_urls(repository, use_directory_urls)
    built = {}
    for kind, (path, title) in FEEDS.items():
        if kind in {k.name for k in repository.kinds}:
            entries = [_ENTRIES[kind](record, repository) for record in repository.of_kind(kind)]
            built[path] = _feed(path, f"{site_name}: {title}", site_url, entries, pages)
    return built


def public_updates(record: Record) -> list[dict[str, Any]]:
    """The timeline entries a customer may see, newest first."""
    timeline = record.data.get("timeline")
    entries = [e for e in timeline if isinstance(e, dict) and e.get("public") is True] \
        if isinstance(timeline, list) else []
    return sorted(entries, key=lambda e: instant(e.get("at")) or datetime.min.replace(tzinfo=UTC),
                  reverse=True)


class _Entry:
    def __init__(self, record: Record, updated: str, published: str | None, content: list[str]) -> None:
        self.record, self.updated, self.published, self.content = record, updated, published, content


def _incident(record: Record, repository: Repository) -> _Entry:
    data = record.data
    updates = public_updates(record)
    moments = [data.get(name) for name in _INCIDENT_MOMENTS] + [u.get("at") for u in updates]
    content = [_field("Status", data.get("status")), _field("Service", _named(repository, data.get("service"))),
               _field("Impact", data.get("impact")), _field("Opened", data.get("opened_at")),
               _field("Resolved", data.get("resolved_at"))]
    for update in updates:
        content.append(f"<h3>{_text(update.get('at'))}{_suffix(update.get('status'))}</h3>"
                       f"<p>{_text(update.get('note'))}</p>")
    return _Entry(record, _latest(moments) or NEVER, _moment(data.get("opened_at")), content)


def _change(record: Record, repository: Repository) -> _Entry:
    data = record.data
    approvals = [a.get("at") for a in data.get("approvals") or [] if isinstance(a, dict)]
    moments = [data.get(name) for name in _CHANGE_MOMENTS] + approvals
    content = [_field("Status", data.get("status")), _field("Type", data.get("type")),
               _field("Risk", data.get("risk")), _field("Planned start", data.get("planned_start")),
               _field("Planned end", data.get("planned_end")), _field("Outcome", data.get("outcome")),
               _field("Services", ", ".join(_named(repository, s) for s in data.get("services") or []
                                            if isinstance(s, str)))]
    updated = _latest(moments) or _moment(data.get("planned_start")) or NEVER
    return _Entry(record, updated, None, content)


_ENTRIES: dict[str, Callable[[Record, Repository], _Entry]] = {"incident": _incident, "change": _change}


def _feed(path: str, title: str, site_url: str, entries: list[_Entry], pages: dict[str, str]) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if not site_url:
        feed.set(XML_BASE, "../" * path.count("/") or "./")
    _child(feed, "id", _urn(site_url, path))
    _child(feed, "title", title)
    _child(feed, "updated", max((e.updated for e in entries), key=_sort_key, default=NEVER))
    _link(feed, absolute(site_url, path), "self", "application/atom+xml")
    author = _child(feed, "author")
    _child(author, "name", "opsbook")
    _child(feed, "generator", "opsbook")
    newest = sorted(entries, key=lambda e: (_sort_key(e.updated), e.record.id), reverse=True)[:MAX_ENTRIES]
    for entry in newest:
        item = _child(feed, "entry")
        _child(item, "id", _urn(site_url, entry.record.id))
        _child(item, "title", f"{entry.record.id}: {entry.record.title} [{entry.record.status or 'unknown'}]")
        _child(item, "updated", entry.updated)
        if entry.published:
            _child(item, "published", entry.published)
        if entry.record.id in pages:
            _link(item, absolute(site_url, pages[entry.record.id]), "alternate", "text/html")
        _child(item, "content", "".join(c for c in entry.content if c)).set("type", "html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _child(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    if text is not None:
        element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": media_type})


def _urn(site_url: str, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{site_url or 'opsbook:'}#{name}").urn


def _named(repository: Repository, record_id: object) -> str:
    """`SVC-0001 (Customer Portal)`: readers of a feed do not know the IDs by heart."""
    target = repository.by_id.get(record_id) if isinstance(record_id, str) else None
    return f"{record_id} ({target.title})" if target is not None else str(record_id or "")


def _field(label: str, value: Any) -> str:
    return f"<p><strong>{label}:</strong> {_text(value)}</p>" if value not in (None, "") else ""


def _text(value: Any) -> str:
    """Record text as HTML text: escaped, line breaks kept."""
    return html.escape(str(value or "")).replace("\n", "<br>")


def _suffix(status: Any) -> str:
    return f" ({_text(status)})" if status else ""


def _moment(value: Any) -> str | None:
    """An RFC 3339 timestamp as written, or None for anything else (a bad value stays out)."""
    return value if instant(value) is not None else None


def _latest(values: list[Any]) -> str | None:
    valid = [v for v in values if instant(v) is not None]
    return max(valid, key=_sort_key) if valid else None


def _sort_key(value: str) -> datetime:
    return instant(value) or datetime.min.replace(tzinfo=UTC)
