"""`opsbook serve`: a live preview that rebuilds when a record, article or schema changes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opsbook.cli.site_runner import SiteOptions, run_mkdocs


@click.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--strict/--no-strict", default=False, show_default=True, help="Fail on any warning.")
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The repository (default: the nearest folder above with records/ or [tool.opsbook]).")
def serve(dev_addr: str, strict: bool, root: Path | None) -> None:
    """Serve the site locally and rebuild it on every change.

    \b
    Examples:
      opsbook serve
      opsbook serve --dev-addr 0.0.0.0:8080
    """
    sys.exit(run_mkdocs("serve", SiteOptions(root, strict, ("--dev-addr", dev_addr))))
