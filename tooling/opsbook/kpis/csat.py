"""Customer satisfaction from the scores given on incident closure (1 to 5).

Per service: responses, mean score, and satisfied = the share of scores of 4 or 5.
Incidents count in the period their impact started, like every incident KPI.
"""

from __future__ import annotations

from collections import defaultdict

from opsbook.kpis.incidents import selected
from opsbook.kpis.options import ReportOptions
from opsbook.kpis.stats import mean, ratio, rounded
from opsbook.model import Repository
from opsbook.tables import Table


def report(repository: Repository, options: ReportOptions) -> Table:
    """CSAT per service: responses, mean score, share satisfied (4 or 5)."""
    scores: dict[str, list[int]] = defaultdict(list)
    for incident in selected(repository, options):
        csat = incident.record.data.get("csat")
        if isinstance(csat, dict) and isinstance(csat.get("score"), int):
            scores[incident.service].append(csat["score"])

    def line(name: str, values: list[int]) -> list[object]:
        return [name, len(values), rounded(mean(values), 2), ratio(sum(v >= 4 for v in values), len(values))]

    rows = [line(name, scores[name]) for name in sorted(scores)]
    rows.append(line("all", [v for values in scores.values() for v in values]))
    return Table("csat", "Customer satisfaction", ["service", "responses", "mean_score", "satisfied"], rows,
                 notes=["Scores 1-5 given on closure; satisfied = percent of scores 4 or 5."])
