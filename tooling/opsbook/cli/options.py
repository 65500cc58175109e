"""Options every command that reads the repository shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def root_option(function: F) -> F:
    return click.option(
        "--root", type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="The repository (default: the nearest folder above with records/ or [tool.opsbook]).",
    )(function)
