"""`opsbook report projects`: the project portfolio (computed in `opsbook.projects.report`) as
a report of the registry."""

from __future__ import annotations

from opsbook.kpis.options import ReportOptions
from opsbook.model import Repository
from opsbook.projects.report import projects_report
from opsbook.tables import Table


def report(repository: Repository, options: ReportOptions) -> Table:
    """Projects: earned value, schedule variance, milestones and risk, as of a day.

    Project plans are in calendar days: the day measured is `--to` if given, else the day of
    `--as-of` (a day as given; a timestamp in the offset it was written with).
    """
    return projects_report(repository, options.end or options.as_of_day or options.as_of.date())
