"""Every command is documented: help with an example, and a mention in the README."""

from __future__ import annotations

import pytest
from opsbook.cli import COMMANDS, command
from support import ROOT, run

README = (ROOT / "README.md").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_help_with_an_example(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout or any(
        "Example" in (sub.help or "") for sub in getattr(command(name), "commands", {}).values())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_the_readme(name: str) -> None:
    assert f"opsbook {name}" in README
