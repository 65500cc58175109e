"""The change calendar of the site: the same schedule, conflicts and CMDB graph as
`opsbook calendar`, `opsbook validate` and `opsbook impact`, computed once per build for a
horizon around the site's "now" (two weeks back, thirteen ahead, in whole weeks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from opsbook.calendar.conflicts import Conflict, PlannedChange, find_conflicts, planned_changes
from opsbook.calendar.recurrence import Occurrence, RecurringWindow
from opsbook.calendar.revisions import Revisions, read_revisions
from opsbook.calendar.schedule import CANCELLED, Event, schedule
from opsbook.calendar.views import CalendarView, calendar_ics, with_severities
from opsbook.cmdb.dependencies import ConfigurationGraph
from opsbook.model import Record, Repository
from opsbook.moments import instant, overlaps
from opsbook.site.structure.site import Site

CALENDAR = "calendar/index.md"
FEED = "calendar/changes.ics"
WEEKS_BACK = 2
WEEKS_AHEAD = 13
RESTRICTIONS = ("blackout", "freeze")
_DOMAIN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


def horizon(now: datetime) -> tuple[datetime, datetime]:
    """From Monday 00:00 UTC two weeks before the week of `now`, to the end of the 13th week
    after it: whole weeks, so the page's week groups are never cut short."""
    today = now.astimezone(UTC).date()
    monday = datetime.combine(today - timedelta(days=today.weekday()), time(0), UTC)
    return monday - timedelta(weeks=WEEKS_BACK), monday + timedelta(weeks=WEEKS_AHEAD + 1)


@dataclass(frozen=True)
class WindowAt:
    """A maintenance, blackout or freeze occurrence that meets a change's planned window."""

    record: Record
    occurrence: Occurrence
    covers: bool  # the whole change lies inside this occurrence

    @property
    def type(self) -> str:
        return str(self.record.data.get("type"))


@dataclass
class ChangeCalendar:
    repository: Repository
    graph: ConfigurationGraph
    since: datetime
    before: datetime
    events: list[Event]
    conflicts: list[tuple[Conflict, str]]  # with their configured severity; "off" left out
    planned: dict[str, PlannedChange] = field(default_factory=dict)
    _reached: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, repository: Repository, now: datetime) -> ChangeCalendar:
        graph = ConfigurationGraph.of(repository)
        since, before = horizon(now)
        conflicts = with_severities(find_conflicts(repository, graph), repository.config.conflicts)
        planned = {change.record.id: change for change in planned_changes(repository, graph)}
        return cls(repository, graph, since, before, schedule(repository, since, before),
                   conflicts, planned)

    def conflicts_of(self, change_id: str) -> list[tuple[Conflict, str]]:
        return [(c, severity) for c, severity in self.conflicts if c.change.id == change_id]

    def event_conflicts(self, event: Event) -> list[tuple[Conflict, str]]:
        """A change's own conflicts; for a window occurrence, the changes that fall in it."""
        if event.category == "change":
            return self.conflicts_of(event.record.id)
        return [(c, severity) for c, severity in self.conflicts
                if c.other.id == event.record.id and self._meets(c.change.id, event)]

    def _meets(self, change_id: str, event: Event) -> bool:
        change = self.planned.get(change_id)
        return change is not None and overlaps(change.start, change.end, event.start, event.end)

    def affected_services(self, event: Event) -> list[str]:
        """Services the event names or can affect through the CMDB, as `--service` filters."""
        found = set(event.services)
        for item in (*event.services, *event.assets):
            found.update(self._services_reached(item))
        return sorted(found)

    def _services_reached(self, item: str) -> frozenset[str]:
        # Every occurrence of a recurring window asks again for the same items.
        if item not in self._reached:
            reach = self.graph.reach
            self._reached[item] = frozenset(reach.members(reach.affected(item) & self.graph.kind_bits["service"]))
        return self._reached[item]

    def restrictions(self) -> list[Event]:
        return [e for e in self.events if e.category in RESTRICTIONS and not e.cancelled]

    def windows_at(self, change: Record) -> list[WindowAt]:
        """Every window occurrence overlapping the change that applies to what it can affect
        (a window naming no service or asset applies to everything)."""
        start, end = planned_window(change)
        if start is None or end is None:
            return []
        planned = self.planned.get(change.id)
        reach = set(planned.reach) if planned else set(_items(change))
        found = []
        for record in self.repository.of_kind("maintenance"):
            window = RecurringWindow.from_data(record.data)
            scope = set(_items(record))
            if window is None or record.status == CANCELLED["maintenance"] or (scope and not scope & reach):
                continue
            for occurrence in window.occurrences(start, end):
                found.append(WindowAt(record, occurrence,
                                      occurrence.start <= start and end <= occurrence.end))
        return sorted(found, key=lambda w: (w.occurrence.start, w.record.id))

    def feed(self, now: datetime, site_url: str = "", history: bool = True, site: Site | None = None) -> str:
        """The iCalendar feed of the page's events, written as `opsbook calendar --format ics`
        writes it. SEQUENCE counts the commits of each record (none without `history`); UIDs end
        in the site's host name, so they stay stable wherever the feed is subscribed from; with
        the site's URL known, each event links to its record's page (URL)."""
        config = self.repository.config
        revisions = read_revisions(config.root, config.records) if history else Revisions()
        # Uncommitted records are stamped with the site's "now", so builds are reproducible.
        revisions = replace(revisions, generated_at=now.astimezone(UTC).replace(microsecond=0))
        view = CalendarView(self.events, self.since, self.before, revisions=revisions,
                            conflicts=self.conflicts, uid_domain=uid_domain(site_url),
                            pages=record_pages(self.events, site, site_url))
        return calendar_ics(view)


def record_pages(events: list[Event], site: Site | None, site_url: str) -> dict[str, str]:
    """Record ID -> the absolute URL of its page, for the events' records (none without a URL)."""
    if site is None or urlsplit(site_url).scheme not in ("http", "https"):
        return {}
    base = site_url if site_url.endswith("/") else site_url + "/"
    return {e.record.id: base + site.url(site.uri(e.record)) for e in events}


def uid_domain(site_url: str) -> str:
    host = urlsplit(site_url).hostname or ""
    return host if _DOMAIN.match(host) else "opsbook"


def planned_window(change: Record) -> tuple[datetime | None, datetime | None]:
    start, end = instant(change.data.get("planned_start")), instant(change.data.get("planned_end"))
    if start is None or end is None or end <= start:
        return None, None
    return start.astimezone(UTC), end.astimezone(UTC)


def _items(record: Record) -> list[str]:
    found: list[str] = []
    for key in ("services", "assets"):
        value = record.data.get(key)
        found += [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return found
