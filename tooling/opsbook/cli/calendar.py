"""`opsbook calendar`: the forward schedule of change as text, JSON or an iCalendar feed."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from opsbook import clock
from opsbook.calendar.conflicts import find_conflicts
from opsbook.calendar.revisions import Revisions, read_revisions
from opsbook.calendar.schedule import schedule, touching_service
from opsbook.calendar.views import FORMATS, CalendarView, with_severities
from opsbook.cli.options import root_option
from opsbook.cmdb.dependencies import ConfigurationGraph
from opsbook.load import open_repository
from opsbook.moments import parse_bound, zone
from opsbook.site.structure.calendar import record_pages
from opsbook.site.structure.site import Site

# Without --from/--to: the last 30 days and the next year, so recurring windows stay finite.
DEFAULT_PAST = timedelta(days=30)
DEFAULT_FUTURE = timedelta(days=365)
_SITE_URL = re.compile(r"^site_url:[ \t]*(\S+)[ \t]*(?:#.*)?$", re.MULTILINE)
_DOMAIN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class CalendarOptions:
    output_format: str
    since: datetime
    before: datetime
    service: str | None
    display_zone: str
    uid_domain: str
    root: Path | None
    site_url: str | None = None


def run_calendar(options: CalendarOptions) -> str:
    repository = open_repository(options.root)
    if repository.unloadable:
        click.echo(
            f"opsbook: {len(repository.unloadable)} file(s) could not be read and are left out; "
            "run `opsbook validate`",
            err=True,
        )
    graph = ConfigurationGraph.of(repository)
    events = schedule(repository, options.since, options.before)
    if options.service is not None:
        if (
            options.service not in repository.by_id
            or repository.by_id[options.service].kind.name != "service"
        ):
            raise click.BadParameter(
                f"no service has the ID {options.service}", param_hint="--service"
            )
        events = touching_service(events, graph, options.service)
    needs_history = options.output_format in ("ics", "json")
    view = CalendarView(
        events,
        options.since,
        options.before,
        revisions=read_revisions(repository.config.root, repository.config.records)
        if needs_history
        else Revisions(),
        conflicts=with_severities(find_conflicts(repository, graph), repository.config.conflicts),
        uid_domain=options.uid_domain,
        display_zone=zone(options.display_zone) or UTC,
        pages=record_pages(events, Site(repository), options.site_url or site_url_of(repository.config.root)),
    )
    return FORMATS[options.output_format](view)


def site_url_of(root: Path) -> str:
    """`site_url` from the repository's mkdocs.yml (a top-level line; its other keys may carry
    Python tags that a YAML loader refuses, so the line is read on its own)."""
    try:
        text = (root / "mkdocs.yml").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    found = _SITE_URL.search(text)
    return found.group(1).strip("'\"") if found else ""


def _bound(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_bound(value, end=parameter.name == "to")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text (by day), json, or ics (an iCalendar feed).",
)
@click.option(
    "--from",
    "since",
    callback=_bound,
    metavar="DAY|TIMESTAMP",
    help="Start of the period (default: 30 days ago).",
)
@click.option(
    "--to",
    callback=_bound,
    metavar="DAY|TIMESTAMP",
    help="End of the period; a day counts whole (default: a year from now).",
)
@click.option(
    "--service",
    metavar="ID",
    help="Only events that can affect this service (directly or via the CMDB).",
)
@click.option(
    "--timezone",
    "display_zone",
    default="UTC",
    show_default=True,
    help="IANA time zone the text view shows times in (ICS and JSON are always UTC).",
)
@click.option(
    "--uid-domain",
    default="opsbook",
    show_default=True,
    help="Right-hand side of every event UID; set it to your site's domain.",
)
@click.option(
    "--site-url",
    metavar="URL",
    help="The published site's URL: each ICS event links to its record's page "
    "(default: site_url in mkdocs.yml, if set).",
)
@root_option
def calendar(
    output_format: str,
    since: datetime | None,
    to: datetime | None,
    service: str | None,
    display_zone: str,
    uid_domain: str,
    site_url: str | None,
    root: Path | None,
) -> None:
    """The forward schedule of change: planned changes, releases and maintenance windows,
    recurring windows expanded in their own time zone, with their conflicts.

    \b
    Examples:
      opsbook calendar --from 2026-03-01 --to 2026-03-31
      opsbook calendar --service SVC-0001 --timezone Europe/Berlin
      opsbook calendar --format ics --uid-domain ops.example.com > changes.ics
      opsbook calendar --format ics --site-url https://ops.example.com/ > changes.ics
    """
    if zone(display_zone) is None:
        raise click.BadParameter(f"unknown time zone {display_zone!r}", param_hint="--timezone")
    if not _DOMAIN.match(uid_domain):
        raise click.BadParameter("a domain name such as ops.example.com", param_hint="--uid-domain")
    today = clock.start_of_day(clock.now())
    since = since or today - DEFAULT_PAST
    before = to or today + DEFAULT_FUTURE
    if before <= since:
        raise click.BadParameter("--to must come after --from", param_hint="--to")
    options = CalendarOptions(output_format, since, before, service, display_zone, uid_domain, root,
                              site_url)
    text = run_calendar(options)
    stream = sys.stdout.buffer if output_format == "ics" else None
    if stream is not None:
        stream.write(
            text.encode("utf-8")
        )  # CRLF line ends, untouched by text-mode newline translation
        stream.flush()
    else:
        click.echo(text, nl=False)
