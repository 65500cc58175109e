"""Summary statistics, rounded once here so every output format shows the same number."""

from __future__ import annotations

import math
from collections.abc import Sequence


def rounded(value: float | None, places: int = 1) -> float | None:
    if value is None:
        return None
    result = round(value, places)
    return result + 0.0  # no "-0.0"


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or
    below it (p90 of ten values is the 9th smallest), so it is always an observed value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered) - 1e-9), 1) - 1]


def ratio(part: float, whole: float, places: int = 1) -> float | None:
    """`part` as a percentage of `whole`; None when there is nothing to divide by."""
    return rounded(100 * part / whole, places) if whole else None


def triple(values: Sequence[float]) -> list[float | None]:
    """Mean, median and 90th percentile, in minutes to one decimal."""
    return [rounded(mean(values)), rounded(median(values)), rounded(percentile(values, 0.9))]
