"""The `opsbook` command. COMMANDS is the registry of subcommands; each lives in its own module,
parses its options into a plain object and hands it to the core."""

from __future__ import annotations

import traceback
from typing import Any

import click

from opsbook import __version__
from opsbook.cli.build import build
from opsbook.cli.calendar import calendar
from opsbook.cli.check import check
from opsbook.cli.explain import explain
from opsbook.cli.export import export
from opsbook.cli.from_issue import from_issue
from opsbook.cli.impact import impact
from opsbook.cli.import_csv import import_group
from opsbook.cli.lifecycle import note, set_fields, transition
from opsbook.cli.listing import list_records
from opsbook.cli.new import new
from opsbook.cli.renumber import renumber
from opsbook.cli.report import report
from opsbook.cli.serve import serve
from opsbook.cli.show import show
from opsbook.cli.validate import validate
from opsbook.clock import BadMoment
from opsbook.diagnostics import ConfigurationError

COMMANDS: dict[str, click.Command] = {
    "validate": validate,
    "explain": explain,
    "build": build,
    "serve": serve,
    "new": new,
    "renumber": renumber,
    "transition": transition,
    "set": set_fields,
    "note": note,
    "from-issue": from_issue,
    "check": check,
    "show": show,
    "list": list_records,
    "calendar": calendar,
    "impact": impact,
    "report": report,
    "import": import_group,
    "export": export,
}

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class OpsbookGroup(click.Group):
    """Turns failures outside the records into one line and an exit code; a traceback only with --debug."""

    def invoke(self, context: click.Context) -> Any:
        try:
            return super().invoke(context)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ConfigurationError as exc:
            click.echo(f"opsbook: configuration error: {exc}", err=True)
            context.exit(EXIT_USAGE)
        except BadMoment as exc:  # an unreadable $OPSBOOK_NOW
            click.echo(f"opsbook: error: {exc}", err=True)
            context.exit(EXIT_USAGE)
        except OSError as exc:
            self._debug(context)
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"opsbook: error: {exc.strerror or exc}{where}", err=True)
            context.exit(EXIT_INVALID)
        except Exception as exc:
            self._debug(context)
            click.echo(f"opsbook: internal error: {type(exc).__name__}: {exc} "
                       "(run with --debug for a traceback)", err=True)
            context.exit(EXIT_INTERNAL)

    @staticmethod
    def _debug(context: click.Context) -> None:
        if context.params.get("debug"):
            traceback.print_exc()


@click.group(cls=OpsbookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="opsbook")
@click.option("--debug", is_flag=True, help="Show a traceback when something unexpected fails.")
def cli(debug: bool) -> None:
    """Records-as-code for IT service management and project management.

    Validates the YAML records in records/ and the articles in kb/ against the schemas in
    schemas/ and against each other, and publishes them as a site.

    \b
    Example:
      opsbook validate
    """


for _name, _command in COMMANDS.items():
    cli.add_command(_command, _name)


def main() -> None:
    cli(prog_name="opsbook")
