"""What `opsbook build` makes sure of before it runs MkDocs: the opsbook plugin is configured
(without it MkDocs would publish `kb/` as it is: raw HTML, scripts and any file in it,
unchecked) and the build is strict (an invalid record fails it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from opsbook.diagnostics import ConfigurationError

PLUGIN = "opsbook"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml for its keys only: tags such as `!!python/name:` and `!ENV` are not
    constructed (they would import or read the environment), they read as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


class BuildRefused(ConfigurationError):
    """The site configuration would publish unchecked content: exit 2, one line."""


def check_build_preconditions(config_file: Path, strict: bool) -> None:
    if not strict:
        raise BuildRefused("opsbook build publishes the site and is always strict (an invalid record fails "
                           "it); to preview invalid records flagged on their pages, use `opsbook serve`")
    settings = _read(config_file, depth=0)
    if PLUGIN not in _plugin_names(settings.get("plugins")):
        raise BuildRefused(f"{config_file.name} does not configure the opsbook plugin (plugins: - opsbook); "
                           "without it kb/ would be published unchecked, so opsbook build does not run")


def _read(config_file: Path, depth: int) -> dict[str, Any]:
    try:
        settings = yaml.load(config_file.read_text("utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise BuildRefused(f"{config_file.name}: cannot read the site configuration: {exc}") from None
    if not isinstance(settings, dict):
        raise BuildRefused(f"{config_file.name}: the site configuration is not a mapping")
    parent = settings.get("INHERIT")
    if isinstance(parent, str) and depth < 5:
        # MkDocs merges the file over the one it inherits; the plugins may come from there.
        return {**_read(config_file.parent / parent, depth + 1), **settings}
    return settings


def _plugin_names(plugins: Any) -> set[str]:
    if isinstance(plugins, dict):
        return {str(name) for name in plugins}
    if isinstance(plugins, list):
        return {str(next(iter(p))) if isinstance(p, dict) and p else str(p) for p in plugins}
    return set()
