"""Running MkDocs for `opsbook build` and `opsbook serve`: in a child process, so that the
MkDocs plugin stays the only module importing mkdocs."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from opsbook.config import find_root
from opsbook.diagnostics import ConfigurationError


@dataclass(frozen=True)
class SiteOptions:
    root: Path | None
    strict: bool
    extra: tuple[str, ...] = ()


def run_mkdocs(command: str, options: SiteOptions) -> int:
    root = find_root(options.root or Path.cwd())
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise ConfigurationError(f"no mkdocs.yml in {root}")
    argv = [sys.executable, "-m", "mkdocs", command, "--config-file", str(config)]
    argv += ["--strict"] if options.strict else []
    # Material prints a multi-line banner about MkDocs 2.0 on every run; it is not ours to show.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with subprocess.Popen([*argv, *options.extra], cwd=root, env=env) as mkdocs:
        while True:
            try:
                return mkdocs.wait()
            except KeyboardInterrupt:
                # Ctrl-C reached MkDocs too: let it stop its server and remove its temporary
                # folders instead of killing it (as subprocess.run would).
                continue
