"""Asset total cost of ownership, and capacity against thresholds.

TCO = purchase + monthly x months in service, where months in service are the whole calendar
months from `cost.in_service` to --as-of (2026-01-15 to 2026-03-14 is 1 month, to 2026-03-15
is 2); without `in_service` only the purchase counts. Capacity: headroom = threshold - current;
`at` when current >= threshold, `near` when current >= 90 % of the threshold, else `ok`.
Both are snapshots at --as-of; --from/--to do not apply.
"""

from __future__ import annotations

from datetime import date

from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import ratio, rounded
from opsbook.model import Record, Repository
from opsbook.moments import day
from opsbook.tables import Table

NEAR = 0.9
STATES = ("at", "near", "ok")


def _assets(repository: Repository, options: ReportOptions, section: str) -> list[Record]:
    return [a for a in sorted(repository.of_kind("asset"), key=lambda r: r.id)
            if isinstance(a.data.get(section), dict)
            and (options.service is None or options.service in (a.data.get("services") or []))]


def months_in_service(start: date, until: date) -> int:
    months = (until.year - start.year) * 12 + until.month - start.month
    return max(months - (until.day < start.day), 0)


def tco(repository: Repository, options: ReportOptions) -> Table:
    """Total cost of ownership per asset: purchase + monthly x months in service."""
    rows = []
    for asset in _assets(repository, options, "cost"):
        cost = asset.data["cost"]
        purchase, monthly = _number(cost.get("purchase")), _number(cost.get("monthly"))
        start = day(cost.get("in_service"))
        months = months_in_service(start, options.clock.local_day()) if start else 0
        rows.append([asset.id, asset.title, asset.status, cost.get("currency"), purchase, monthly,
                     cost.get("in_service"), months, rounded(purchase + monthly * months, 2)])
    totals = {}
    for row in rows:
        totals[row[3]] = totals.get(row[3], 0) + row[-1]
    notes = [f"Total {currency or '(no currency)'}: {total:.2f}"
             for currency, total in sorted(totals.items(), key=lambda item: str(item[0]))]
    return Table("tco", "Asset total cost of ownership",
                 ["asset", "title", "status", "currency", "purchase", "monthly", "in_service", "months", "tco"],
                 rows, notes)


def capacity(repository: Repository, options: ReportOptions) -> Table:
    """Assets at or near their capacity threshold, with headroom."""
    rows = []
    for asset in _assets(repository, options, "capacity"):
        measure = asset.data["capacity"]
        current, threshold, top = (measure.get(n) for n in ("current", "threshold", "max"))
        if not isinstance(current, int | float) or not isinstance(threshold, int | float):
            continue
        state = "at" if current >= threshold else "near" if current >= NEAR * threshold else "ok"
        used = ratio(current, top) if isinstance(top, int | float) else None
        rows.append([asset.id, measure.get("metric"), measure.get("unit"), current, threshold,
                     top, rounded(threshold - current, 2), used, state])
    rows.sort(key=lambda row: (STATES.index(row[-1]), row[0]))
    return Table("capacity", "Capacity against thresholds",
                 ["asset", "metric", "unit", "current", "threshold", "max", "headroom", "used_of_max", "state"],
                 rows, notes=[("headroom = threshold - current; at: current >= threshold; "
                              "near: current >= 90 % of threshold.")])


def _number(value: object) -> float:
    return value if isinstance(value, int | float) else 0
