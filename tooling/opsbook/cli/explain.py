"""`opsbook explain CODE`: the catalogue entry for a diagnostic code."""

from __future__ import annotations

import click

from opsbook.codes import CODES


@click.command()
@click.argument("code", required=False)
def explain(code: str | None) -> None:
    """Explain a diagnostic code, or list them all.

    \b
    Example:
      opsbook explain yaml-duplicate-key
    """
    if code is None:
        width = max(map(len, CODES))
        for name, entry in CODES.items():
            click.echo(f"{name.ljust(width)}  {entry.summary}")
        return
    entry = CODES.get(code.strip("[]"))
    if entry is None:
        raise click.BadParameter(f"unknown code {code!r}; `opsbook explain` lists them all", param_hint="CODE")
    click.echo(f"{code.strip('[]')}: {entry.summary}\n\n{entry.explanation}")
