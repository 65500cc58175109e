"""Everything a page is rendered from, computed once per build."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from zoneinfo import ZoneInfo

from opsbook.clock import AsOf
from opsbook.diagnostics import Diagnostic
from opsbook.graph import Graph, mentions
from opsbook.kpis.as_known import as_known
from opsbook.kpis.facts import zone_of
from opsbook.model import Record, Repository
from opsbook.site.structure.calendar import ChangeCalendar
from opsbook.site.structure.fields import FieldCatalog
from opsbook.site.structure.history import History
from opsbook.site.structure.hosting import Host
from opsbook.site.structure.kpis import KpiResults
from opsbook.site.structure.site import Site


@dataclass
class SiteModel:
    repository: Repository
    graph: Graph
    site: Site
    fields: FieldCatalog
    diagnostics: list[Diagnostic]
    now: datetime
    history: History = field(default_factory=dict)
    clock: AsOf | None = None  # `now` as given (a day keeps its meaning: its end in each zone)
    host: Host | None = None  # where contributors propose changes (edit links, forms)

    def __post_init__(self) -> None:
        self.findings: dict[str, list[Diagnostic]] = defaultdict(list)
        for diagnostic in self.diagnostics:
            self.findings[diagnostic.path].append(diagnostic)
        # Which KB articles mention which record IDs in their text, for the record pages.
        self.mentioned_in: dict[str, list[Record]] = defaultdict(list)
        for article in self.repository.records:
            if article.body is None:
                continue
            for record_id in dict.fromkeys(m[0] for m in mentions(article.body)):
                if record_id != article.id:
                    self.mentioned_in[record_id].append(article)

    @cached_property
    def kpis(self) -> KpiResults:
        """The KPI reports at `now`, each computed at most once per build."""
        return KpiResults(self.repository, self.now, self.clock)

    @cached_property
    def known(self) -> Repository:
        """The repository as known at `now`: what the KPIs are computed from (records opened
        later left out, later events not yet happened). Its records are for questions only;
        pages link to `original` records."""
        return as_known(self.repository, self.clock or AsOf(self.now))

    def original(self, records: list[Record]) -> list[Record]:
        """The repository's own records for records of `known`, which may be reconstructions."""
        return [self.repository.by_id.get(r.id, r) for r in records]

    @cached_property
    def calendar(self) -> ChangeCalendar:
        """The schedule, its conflicts and the CMDB graph around `now`, computed once per build."""
        return ChangeCalendar.of(self.repository, self.now)

    @cached_property
    def zone(self) -> tzinfo:
        """The zone the site shows times in: the one most services count their hours in."""
        zones = Counter(zone_of(self.repository, service.id).key
                        for service in self.repository.of_kind("service"))
        zones.pop("UTC", None)  # the fallback of services that name no zone of their own
        return ZoneInfo(zones.most_common(1)[0][0]) if zones else UTC

    def zone_for(self, record: Record) -> tzinfo:
        """A record's own zone: that of the service it is about, else the site's."""
        service = record.data.get("service")
        if record.kind.name == "service":
            service = record.id
        return zone_of(self.repository, service) if isinstance(service, str) else self.zone

    def errors(self, path: str) -> list[Diagnostic]:
        return [d for d in self.findings.get(path, []) if d.is_error]

    def is_invalid(self, record: Record) -> bool:
        return bool(self.errors(record.path))


def build_model(repository: Repository, diagnostics: list[Diagnostic], now: datetime,
                history: History | None = None, use_directory_urls: bool = True,
                clock: AsOf | None = None) -> SiteModel:
    return SiteModel(repository, Graph.of(repository), Site(repository, use_directory_urls),
                     FieldCatalog(repository.kinds), diagnostics, now, history or {}, clock)
