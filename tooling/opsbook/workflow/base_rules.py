"""The rules a pull request is judged by: the base revision's `[tool.opsbook]` configuration,
schemas and folder layout, read from git. Never the working tree's: a pull request that
relaxes a lifecycle, clears `frozen` or moves a folder must not judge itself by its own edit."""

from __future__ import annotations

from pathlib import Path

from opsbook.config import Config, config_from_toml
from opsbook.diagnostics import ConfigurationError
from opsbook.kinds import Kinds, kinds_from_texts
from opsbook.load.repository import load_repository
from opsbook.model import Repository
from opsbook.workflow.git import Git

SCHEMA_SUFFIX = ".schema.json"


def base_config(git: Git, root: Path, commit: str, revision: str) -> Config:
    text = _text(git, commit, "pyproject.toml", revision)
    return config_from_toml(root, text or "", f"pyproject.toml on {revision}")


def base_kinds(git: Git, config: Config, commit: str, revision: str) -> Kinds:
    listing = git.files(commit, [config.schemas])
    names = {path: blob for path, blob in listing.items()
             if path.rpartition("/")[0] == config.schemas and path.endswith(SCHEMA_SUFFIX)}
    contents = git.objects(names.values())
    texts: dict[str, str] = {}
    for path, blob in names.items():
        try:
            texts[path.rpartition("/")[2]] = contents[blob].decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            raise ConfigurationError(f"{path} on {revision}: cannot read schema") from None
    if not texts:
        raise ConfigurationError(f"no schemas in {config.schemas}/ on {revision}")
    return kinds_from_texts(texts, f"{config.schemas} on {revision}")


def load_by_base_rules(git: Git, root: Path, commit: str, revision: str) -> Repository:
    """The working tree's records, found and read as the base's layout and schemas say."""
    config = base_config(git, root, commit, revision)
    return load_repository(config, base_kinds(git, config, commit, revision))


def _text(git: Git, commit: str, path: str, revision: str) -> str | None:
    raw = git.objects([f"{commit}:{git.prefix}{path}"]).get(f"{commit}:{git.prefix}{path}")
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigurationError(f"{path} on {revision}: not UTF-8") from None
