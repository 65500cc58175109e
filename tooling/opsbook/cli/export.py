"""`opsbook export backstage|api|sqlite`: the records in formats other tools read, without the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from opsbook.cli.options import root_option
from opsbook.cli.workflow_options import WorkflowFailure
from opsbook.interop.api import api_documents
from opsbook.interop.backstage import catalog_entities, catalog_text
from opsbook.interop.feeds import feeds
from opsbook.interop.sqlite_export import ExportRefused, export_sqlite
from opsbook.load import open_repository

CATALOG_FILE = "catalog-info.yaml"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ExportOptions:
    out: str
    site_url: str
    root: Path | None


def run_backstage(options: ExportOptions) -> int:
    repository = open_repository(options.root)
    entities = catalog_entities(repository, options.site_url)
    text = catalog_text(entities)
    if options.out == "-":
        click.echo(text, nl=False)
        return 0
    written = write_files(Path(options.out), {CATALOG_FILE: text})
    click.echo(f"wrote {len(entities)} entities to {written[0]}")
    return 0


def run_api(options: ExportOptions) -> int:
    repository = open_repository(options.root)
    files = {**api_documents(repository), **feeds(repository, options.site_url)}
    write_files(Path(options.out), files)
    if not options.site_url:
        click.echo("warning: no --site-url: the Atom feeds link to the pages through xml:base, relative to "
                   "where they are fetched from; pass --site-url for absolute links", err=True)
    click.echo(f"wrote {len(files)} files to {options.out} (api/v1/index.json, feeds/)")
    return 0


def write_files(out: Path, files: dict[str, str]) -> list[Path]:
    """Each file under `out`; a path that would leave it is refused, never written."""
    root = out.resolve()
    written = []
    for relative, text in sorted(files.items()):
        target = (root / relative).resolve()
        if root not in target.parents:
            raise WorkflowFailure(f"refusing to write outside {out}: {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8", newline="\n")
        written.append(target)
    return written


def _site_url_option(function: F) -> F:
    return click.option("--site-url", default="", metavar="URL",
                        help="The published site's address, for links (e.g. https://ops.example.com/).")(function)


@click.group("export")
def export() -> None:
    """Write the records in formats other tools read."""


@export.command("backstage")
@click.option("--out", default="-", metavar="DIR|-", help=f"Folder to write {CATALOG_FILE} into, or - for standard output.")
@_site_url_option
@root_option
def backstage(out: str, site_url: str, root: Path | None) -> None:
    """Services and assets as Backstage catalog entities (multi-document YAML).

    Services become Components of type service (lifecycle from status: pipeline ->
    experimental, live -> production, retired -> deprecated); assets become Resources typed
    by class. Owners are exported too, people (e-mail addresses) as Users and teams as Groups,
    so every owner reference resolves; depends_on, runs_on, hosted_on and the assets of a
    service become dependsOn / dependencyOf. Entity names are unique whatever the titles.

    \b
    Example:
      opsbook export backstage --out catalog/ --site-url https://ops.example.com/
    """
    raise SystemExit(run_backstage(ExportOptions(out, site_url, root)))


@export.command("api")
@click.option("--out", required=True, metavar="DIR", help="Folder to write api/v1/ and feeds/ into.")
@_site_url_option
@root_option
def api(out: str, site_url: str, root: Path | None) -> None:
    """The static JSON API (api/v1/) and the Atom feeds (feeds/), as the site publishes them.

    \b
    Example:
      opsbook export api --out public/ --site-url https://ops.example.com/
    """
    raise SystemExit(run_api(ExportOptions(out, site_url, root)))


@export.command("sqlite")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@root_option
def sqlite(file: Path, root: Path | None) -> None:
    """The records as an SQLite database FILE, for SQL and tools such as Datasette.

    One table per kind with a typed column per field (timestamps in UTC), one table per
    reference relation (e.g. incident_caused_by_change), `records` listing every record, and
    `search`, a full-text (FTS5) index of titles and text. FILE is replaced if it is an
    SQLite database; any other existing file is left alone (exit 2).

    \b
    Examples:
      opsbook export sqlite opsbook.db
      sqlite3 opsbook.db "SELECT id, title FROM search WHERE search MATCH 'mailbox'"
    """
    repository = open_repository(root)
    try:
        counts = export_sqlite(repository, file)
    except (ExportRefused, OSError) as exc:
        raise WorkflowFailure(str(exc)) from None
    click.echo(f"wrote {counts['records']} records in {len(counts)} tables to {file}")
