"""`opsbook serve`: a live preview that rebuilds when a record, article or schema changes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.site_runner import SiteOptions, run_mkdocs


@click.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--strict/--no-strict", default=False, show_default=True, help="Fail on any warning.")
@root_option
@click.option("--dirty/--no-dirty", default=True, show_default=True,
              help="Rebuild only the pages an edit changes (mkdocs serve --dirty); with --no-dirty "
                   "every page is rebuilt on each change, which takes minutes for large repositories.")
def serve(dev_addr: str, strict: bool, root: Path | None, dirty: bool) -> None:
    """Serve the site locally and rebuild it on every change.

    \b
    Examples:
      opsbook serve
      opsbook serve --dev-addr 0.0.0.0:8080
    """
    extra = ("--dev-addr", dev_addr, *(("--dirty",) if dirty else ()))
    sys.exit(run_mkdocs("serve", SiteOptions(root, strict, extra)))
