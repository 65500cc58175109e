"""`opsbook build`: the site, with invalid records failing the build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opsbook.cli.build_guard import check_build_preconditions
from opsbook.cli.options import root_option
from opsbook.cli.site_runner import SiteOptions, run_mkdocs
from opsbook.config import find_root


@click.command()
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail on any warning, an invalid record included. Always on: --no-strict is "
                   "refused (preview invalid records with `opsbook serve`).")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/).")
@root_option
def build(strict: bool, site_dir: Path | None, root: Path | None) -> None:
    """Build the site (a strict mkdocs build with the opsbook plugin).

    Refuses to run (exit 2) when mkdocs.yml does not configure the opsbook plugin, or when
    the build would not be strict: the published site never carries unchecked records or
    kb/ files.

    \b
    Examples:
      opsbook build
      opsbook build --site-dir /tmp/site
    """
    config_file = find_root(root or Path.cwd()) / "mkdocs.yml"
    if config_file.is_file():
        check_build_preconditions(config_file, strict)
    extra = ("--site-dir", str(site_dir.resolve())) if site_dir else ()
    if click.get_current_context().find_root().params.get("debug"):
        extra += ("--verbose",)  # MkDocs shows its traceback only when verbose
    sys.exit(run_mkdocs("build", SiteOptions(root, strict, extra)))
