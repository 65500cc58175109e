"""Every diagnostic code the tool can emit is documented, and `opsbook explain` shows it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from opsbook.codes import CODES
from support import ROOT, run

CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")
# Calls whose string arguments are diagnostic codes.
EMITTERS = {"error", "warning", "_refuse", "YamlRefusal", "_at", "Diagnostic"}


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "tooling/opsbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in EMITTERS:
                codes.update(arg.value for arg in node.args
                             if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.match(arg.value))
    return codes


def test_every_emitted_code_is_documented() -> None:
    assert emitted_codes() - set(CODES) == set()


def test_codes_are_well_formed_and_explained() -> None:
    for name, entry in CODES.items():
        assert CODE.match(name), name
        assert entry.summary.endswith(".") and len(entry.explanation) > 20, name


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain_prints_the_entry(code: str) -> None:
    result = run("explain", code)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{code}: {CODES[code].summary}")


def test_explain_lists_all_and_refuses_unknown() -> None:
    listing = run("explain").stdout
    assert all(code in listing for code in CODES)
    unknown = run("explain", "no-such-code")
    assert unknown.exit_code == 2 and "unknown code" in unknown.stderr


def test_negative_examples_use_documented_codes() -> None:
    expected = Path(__file__).parent / "validate" / "negative"
    used = {line.split()[-1] for f in expected.glob("*/expected.txt") for line in f.read_text().splitlines()}
    assert used <= set(CODES)
