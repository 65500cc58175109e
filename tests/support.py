"""Helpers shared by the tests: the repository's paths, fixture repositories assembled in
temporary folders, and the CLI run in-process. (Imported as `support`, never as `conftest`:
several folders have a conftest, and which one `import conftest` finds depends on order.)"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result
from opsbook.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
VALIDATE_EXAMPLES = Path(__file__).resolve().parent / "validate"


def assemble(target: Path, *overlays: Path) -> Path:
    """A repository in `target`: the real schemas, then each overlay folder copied on top."""
    shutil.copytree(SCHEMAS, target / "schemas")
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
