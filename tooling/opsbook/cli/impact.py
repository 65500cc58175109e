"""`opsbook impact ID`: every service and asset affected if ID fails, with the paths."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click

from opsbook.cli.options import root_option
from opsbook.cmdb.impact import NotAnItem, analyse_impact
from opsbook.cmdb.impact_views import IMPACT_FORMATS
from opsbook.load import open_repository


@dataclass(frozen=True)
class ImpactOptions:
    item: str
    output_format: str
    root: Path | None


def run_impact(options: ImpactOptions) -> str:
    repository = open_repository(options.root)
    try:
        impact = analyse_impact(repository, options.item)
    except NotAnItem as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    result = IMPACT_FORMATS[options.output_format](impact)
    return result if isinstance(result, str) else json.dumps(result, indent=2) + "\n"


@click.command()
@click.argument("item", metavar="ID")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(IMPACT_FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@root_option
def impact(item: str, output_format: str, root: Path | None) -> None:
    """What is affected if the asset or service ID fails: every service and asset, transitively,
    with the path that links them, the SLAs of the affected services, and the open or scheduled
    changes touching any of them.

    Failure travels to what needs the failed item: assets that depend on, run on, are hosted on
    or connect to it; services an affected asset supports; services that depend on an affected
    service. The path arrows point as the records' references do; a path longer than six links
    shows its first link and its last five ("... N more steps ..." between them). `--format json`
    lists every item with its whole path.

    \b
    Examples:
      opsbook impact AST-0001
      opsbook impact SVC-0003 --format json | jq '.services[].id'
    """
    click.echo(run_impact(ImpactOptions(item.strip(), output_format, root)), nl=False)
