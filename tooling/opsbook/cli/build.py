"""`opsbook build`: the site, with invalid records failing the build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cli.site_runner import SiteOptions, run_mkdocs


@click.command()
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on any warning, an invalid record included; --no-strict builds anyway "
                   "and flags invalid records on their pages.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/).")
@root_option
def build(strict: bool, site_dir: Path | None, root: Path | None) -> None:
    """Build the site (mkdocs build with the opsbook plugin).

    \b
    Examples:
      opsbook build
      opsbook build --no-strict --site-dir /tmp/preview
    """
    extra = ("--site-dir", str(site_dir.resolve())) if site_dir else ()
    if click.get_current_context().find_root().params.get("debug"):
        extra += ("--verbose",)  # MkDocs shows its traceback only when verbose
    sys.exit(run_mkdocs("build", SiteOptions(root, strict, extra)))
