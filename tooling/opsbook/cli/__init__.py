"""The `opsbook` command. COMMANDS is the registry of subcommands; each lives in its own module,
parses its options into a plain object and hands it to the core."""

from __future__ import annotations

import gc
import importlib
import traceback
from typing import Any

import click

from opsbook import __version__
from opsbook.clock import BadMoment
from opsbook.diagnostics import ConfigurationError

# name -> "module:attribute" under opsbook.cli. A command's module is imported only when that
# command runs (or help lists it): `opsbook validate` on every pull request should not pay for
# importing the site renderer, the importers and the gate.
COMMANDS: dict[str, str] = {
    "validate": "validate:validate",
    "explain": "explain:explain",
    "build": "build:build",
    "serve": "serve:serve",
    "new": "new:new",
    "renumber": "renumber:renumber",
    "transition": "lifecycle:transition",
    "set": "lifecycle:set_fields",
    "note": "lifecycle:note",
    "from-issue": "from_issue:from_issue",
    "check": "check:check",
    "show": "show:show",
    "list": "listing:list_records",
    "calendar": "calendar:calendar",
    "impact": "impact:impact",
    "report": "report:report",
    "import": "import_csv:import_group",
    "export": "export:export",
}

EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def command(name: str) -> click.Command:
    """The command registered as `name`, its module imported now."""
    module, attribute = COMMANDS[name].split(":")
    command: click.Command = getattr(importlib.import_module(f"opsbook.cli.{module}"), attribute)
    return command


class OpsbookGroup(click.Group):
    """Loads each command when it is asked for, and turns failures outside the records into
    one line and an exit code; a traceback only with --debug."""

    def list_commands(self, context: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, context: click.Context, name: str) -> click.Command | None:
        return command(name) if name in COMMANDS else None

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


def main() -> None:
    try:
        cli(prog_name="opsbook")
    finally:
        # The process ends here. What the command loaded (10,000 records and the graph that
        # points back at them) is left for the operating system to reclaim, not walked by
        # Python's last cycle collection at exit: half a second of a large validation.
        gc.freeze()
