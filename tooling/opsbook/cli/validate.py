"""`opsbook validate [PATHS]`: check records against the schemas and each other."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from opsbook import clock
from opsbook.cli.options import root_option
from opsbook.diagnostics import Diagnostic
from opsbook.reporters import REPORTERS, default_format
from opsbook.validate import open_validated
from opsbook.workers import cycle_collection_paused


@dataclass(frozen=True)
class ValidateOptions:
    paths: tuple[Path, ...]
    output_format: str
    root: Path | None
    as_of: datetime | None = None


def run_validate(options: ValidateOptions) -> int:
    """Report the diagnostics for the files under `paths` and return the exit code.

    The whole repository is always loaded, because references span files; `paths` only
    narrows what is reported.
    """
    start = options.root or (options.paths[0] if options.paths else None)
    with cycle_collection_paused():  # one bounded run: whatever it leaves goes at exit
        repository, found = open_validated(start if start is None or start.is_dir() else start.parent,
                                           options.as_of or clock.now())
    diagnostics = [d for d in found if _selected(repository.config.root / d.path, options.paths)]
    checked = len(repository.records) + len(repository.unloadable)
    REPORTERS[options.output_format](diagnostics, checked, sys.stdout)
    return 1 if any(d.is_error for d in diagnostics) else 0


def _selected(path: Path, paths: tuple[Path, ...]) -> bool:
    if not paths:
        return True
    resolved = path.resolve()
    return any(resolved == p.resolve() or p.resolve() in resolved.parents for p in paths)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
              help="Output format; 'github' is chosen automatically under GitHub Actions.")
@click.option("--as-of", "as_of", metavar="DAY|TIMESTAMP",
              help="The moment after which nothing can have happened yet (time-future); a day means "
                   "its end in UTC. Default: $OPSBOOK_NOW, else the current time.")
@root_option
def validate(paths: tuple[Path, ...], output_format: str | None, as_of: str | None,
             root: Path | None) -> None:
    """Validate records and KB articles; report problems as path:line:col.

    Exit status: 0 clean, 1 invalid records, 2 usage or configuration error.

    \b
    Examples:
      opsbook validate
      opsbook validate records/incidents/INC-0042.yaml
      opsbook validate --format json | jq '.summary'
      opsbook validate --as-of 2026-06-01T12:00:00+02:00
    """
    try:
        moment = clock.as_of(as_of).at()
    except clock.BadMoment as exc:
        raise click.BadParameter(str(exc), param_hint="--as-of") from None
    options = ValidateOptions(paths, output_format or default_format(), root, moment)
    sys.exit(run_validate(options))


__all__ = ["Diagnostic", "ValidateOptions", "run_validate", "validate"]
