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


DEFAULT_KB_ASSETS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")
GATE_SEVERITIES = ("error", "warning")


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
    # File types allowed in kb/ beside the articles: raster images, which cannot carry script.
    kb_assets: tuple[str, ...] = DEFAULT_KB_ASSETS
    gate: dict[str, str] = field(default_factory=dict)  # gate finding code -> error|warning

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
               "conflicts", "kb_assets", "gate"}


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
    text = ""
    if pyproject.is_file():
        try:
            text = pyproject.read_text("utf-8")
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"{pyproject.name}: cannot read configuration: {exc}") from None
    return config_from_toml(root, text, pyproject.name)


def opsbook_table(text: str, where: str) -> dict[str, Any]:
    """`[tool.opsbook]` of a pyproject.toml's text ({} when there is none)."""
    try:
        table = tomllib.loads(text).get("tool", {}).get("opsbook", {})
    except ValueError as exc:
        raise ConfigurationError(f"{where}: cannot read configuration: {exc}") from None
    return table if isinstance(table, dict) else {}


def config_from_toml(root: Path, text: str, where: str = "pyproject.toml") -> Config:
    """The configuration a pyproject.toml's text gives the repository at `root` (the working
    tree's, or a base revision's read from git)."""
    table = opsbook_table(text, where)
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigurationError(f"{where}: unknown [tool.opsbook] setting(s): {', '.join(unknown)}")
    for name in ("id_width", "max_file_bytes"):
        if name in table and (not isinstance(table[name], int) or table[name] < 1):
            raise ConfigurationError(f"{where}: [tool.opsbook] {name} must be a positive integer")
    if "conflicts" in table:
        table = {**table, "conflicts": read_conflict_severities(table["conflicts"], where)}
    if "kb_assets" in table:
        table = {**table, "kb_assets": _kb_assets(table["kb_assets"], where)}
    if "gate" in table:
        table = {**table, "gate": _gate_severities(table["gate"], where)}
    return Config(root=root, **table)


def _kb_assets(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.startswith(".") for v in value):
        raise ConfigurationError(f'{where}: [tool.opsbook] kb_assets must be a list of suffixes such as ".png"')
    return tuple(v.lower() for v in value)


def _gate_severities(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(v in GATE_SEVERITIES for v in value.values()):
        raise ConfigurationError(f"{where}: [tool.opsbook.gate] maps a finding code to "
                                 f"{' or '.join(GATE_SEVERITIES)}")
    return dict(value)
