"""How serious each schedule conflict is, as `[tool.opsbook.conflicts]` in pyproject.toml says:

    [tool.opsbook.conflicts]
    change-overlap-dependency = "off"
    change-outside-window = "warning"

Only the conflict codes below can be set; `off` stops the check from reporting that conflict."""

from __future__ import annotations

from typing import Any

from opsbook.diagnostics import ConfigurationError

SEVERITIES = ("error", "warning", "off")
DEFAULT_SEVERITY: dict[str, str] = {
    "change-overlap": "error",
    "change-overlap-dependency": "warning",
    "change-outside-window": "error",
    "change-in-blackout": "error",
    "change-in-freeze": "error",
    "change-emergency-exception": "warning",
}


def read_conflict_severities(table: Any, source: str) -> dict[str, str]:
    """The configured severities, checked; a wrong key or value is a configuration error."""
    where = f"{source}: [tool.opsbook.conflicts]"
    if not isinstance(table, dict):
        raise ConfigurationError(f"{where} must be a table of conflict codes")
    for code, severity in table.items():
        if code not in DEFAULT_SEVERITY:
            raise ConfigurationError(
                f"{where}: unknown conflict code {code!r}; known: {', '.join(DEFAULT_SEVERITY)}"
            )
        if severity not in SEVERITIES:
            raise ConfigurationError(
                f"{where}: {code} must be one of {', '.join(SEVERITIES)}, not {severity!r}"
            )
    return dict(table)


def severity_of(code: str, configured: dict[str, str]) -> str:
    return configured.get(code, DEFAULT_SEVERITY[code])
