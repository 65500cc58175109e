"""The one configuration read by the CLI and the MkDocs plugin: `[tool.opsbook]` in pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsbook.conflict_policy import read_conflict_severities
from opsbook.diagnostics import ConfigurationError

DEFAULT_PRIORITY = {
    "high": {"high": "P1", "medium": "P2", "low": "P3"},
    "medium": {"high": "P2", "medium": "P3", "low": "P4"},
    "low": {"high": "P3", "medium": "P4", "low": "P4"},
}


@dataclass(frozen=True)
class Config:
    root: Path
    records: str = "records"
    kb: str = "kb"
    schemas: str = "schemas"
    id_width: int = 4
    max_file_bytes: int = 256 * 1024
    priority: dict[str, dict[str, str]] = field(default_factory=lambda: DEFAULT_PRIORITY)
    site: dict[str, Any] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)  # conflict code -> error|warning|off

    @property
    def records_dir(self) -> Path:
        return self.root / self.records

    @property
    def kb_dir(self) -> Path:
        return self.root / self.kb

    @property
    def schemas_dir(self) -> Path:
        return self.root / self.schemas

    def priority_of(self, impact: str | None, urgency: str | None) -> str | None:
        return self.priority.get(impact or "", {}).get(urgency or "")


_KNOWN_KEYS = {"records", "kb", "schemas", "id_width", "max_file_bytes", "priority", "site",
               "conflicts"}


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds a `records/` folder or opsbook config."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "records").is_dir() or _has_opsbook_table(folder / "pyproject.toml"):
            return folder
    return start


def _has_opsbook_table(pyproject: Path) -> bool:
    try:
        return "opsbook" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
    except (OSError, ValueError):
        return False


def load_config(root: Path) -> Config:
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("opsbook", {})
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"{pyproject.name}: cannot read configuration: {exc}") from None
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigurationError(
            f"{pyproject.name}: unknown [tool.opsbook] setting(s): {', '.join(unknown)}"
        )
    for name in ("id_width", "max_file_bytes"):
        if name in table and (not isinstance(table[name], int) or table[name] < 1):
            raise ConfigurationError(f"{pyproject.name}: [tool.opsbook] {name} must be a positive integer")
    if "conflicts" in table:
        table = {**table, "conflicts": read_conflict_severities(table["conflicts"], pyproject.name)}
    return Config(root=root, **table)
