"""Where a record's page is on the published site, for links from exports and feeds. The
addresses come from the site's own rules (`opsbook.site.structure.site`), so they match."""

from __future__ import annotations

from opsbook.model import Repository
from opsbook.site.structure.site import Site


def page_urls(repository: Repository, use_directory_urls: bool = True) -> dict[str, str]:
    """Record ID -> its page's path relative to the site root (`incidents/INC-0001/`)."""
    site = Site(repository, use_directory_urls)
    urls: dict[str, str] = {}
    for record in repository.records:
        urls.setdefault(record.id, site.url(site.uri(record)))
    return urls


def absolute(site_url: str, path: str) -> str:
    """`path` under the site's address; with no address the path stays relative."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path
