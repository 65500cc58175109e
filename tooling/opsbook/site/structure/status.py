"""What the status page tells: the incidents of the last 90 days with their public updates.

The services' states, the maintenance ahead and the daily availability come from the KPI
reports (`status`, `availability-daily`); this module only picks the incidents to tell about,
from the same incident facts those reports read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from opsbook.clock import AsOf
from opsbook.kpis.as_known import as_known
from opsbook.kpis.facts import Incident, incidents
from opsbook.kpis.intervals import instant
from opsbook.kpis.uptime import DAYS
from opsbook.model import Repository


@dataclass(frozen=True)
class PublicUpdate:
    index: int  # position in the record's timeline, for the field's rendering
    at: datetime
    entry: dict[str, Any]


@dataclass(frozen=True)
class IncidentStory:
    incident: Incident
    updates: tuple[PublicUpdate, ...]


def incident_history(repository: Repository, now: datetime) -> list[IncidentStory]:
    """Open incidents and those whose impact started in the last 90 days, newest first, each
    as it stood at `now` (open if resolved later); only timeline entries marked `public: true`
    (and already written by `now`) are told."""
    since = now - timedelta(days=DAYS)
    chosen = [i for i in incidents(as_known(repository, AsOf(now)))
              if i.started is not None and i.started <= now and (i.is_open or i.started >= since)]
    chosen.sort(key=lambda i: (i.started, i.id), reverse=True)
    return [IncidentStory(i, tuple(public_updates(i.record.data.get("timeline"), now))) for i in chosen]


def public_updates(timeline: Any, now: datetime) -> list[PublicUpdate]:
    found = []
    for index, entry in enumerate(timeline if isinstance(timeline, list) else []):
        at = instant(entry.get("at")) if isinstance(entry, dict) else None
        if at is not None and at <= now and entry.get("public") is True:
            found.append(PublicUpdate(index, at, entry))
    return sorted(found, key=lambda u: u.at, reverse=True)
