"""The strict loader keeps what YAML 1.1 would mangle and refuses what a record never needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from opsbook.strict_yaml import YamlRefusal, parse
from support import run

KEPT_AS_WRITTEN = {
    "day: 2026-05-03": "2026-05-03",
    "impossible: 2024-02-30": "2024-02-30",
    "stamp: 2026-05-03T14:20:00+02:00": "2026-05-03T14:20:00+02:00",
    "duration: 1:30": "1:30",
    "answer: yes": "yes",
    "country: NO": "NO",
    "switch: on": "on",
    "switch2: off": "off",
    "mode: 0755": "0755",
    "hex: 0x1F": "0x1F",
    "grouped: 1_000": "1_000",
    "infinity: .inf": ".inf",
    "quoted: '12'": "12",
}


@pytest.mark.parametrize("line", KEPT_AS_WRITTEN)
def test_yaml_1_1_lookalikes_stay_strings(line: str) -> None:
    assert list(parse(line + "\n").values()) == [KEPT_AS_WRITTEN[line]]


def test_plain_numbers_booleans_and_null_keep_their_types() -> None:
    assert parse("a: 12\nb: -3\nc: 1.5\nd: true\ne: False\nf: null\ng: ~\nh:\n") == {
        "a": 12, "b": -3, "c": 1.5, "d": True, "e": False, "f": None, "g": None, "h": None}


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("a: 1\na: 2\n", "yaml-duplicate-key", 2, 1),
    ("a:\n  b: 1\n  b: 2\n", "yaml-duplicate-key", 3, 3),
    ("a: &x 1\n", "yaml-anchor", 1, 4),
    ("a: 1\nb: *x\n", "yaml-anchor", 2, 4),
    ("a:\n  <<: {b: 1}\n", "yaml-merge-key", 2, 3),
    ("a: !!binary aGk=\n", "yaml-tag", 1, 4),
    ("a: !local x\n", "yaml-tag", 1, 4),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
    ("", "yaml-empty", 1, 1),
    ("- a\n", "yaml-not-mapping", 1, 1),
    ("just text\n", "yaml-not-mapping", 1, 1),
    ("1: a\n", "yaml-key-type", 1, 1),
    ("? [a, b]\n: c\n", "yaml-key-type", 1, 3),
    ("a: 'open\n", "yaml-syntax", 2, 1),
])
def test_refusals_are_positioned(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(YamlRefusal) as refusal:
        parse(text)
    assert (refusal.value.code, refusal.value.line, refusal.value.column) == (code, line, column)


def test_alias_bomb_is_refused_before_expansion() -> None:
    layers = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    layers += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(YamlRefusal) as refusal:
        parse("\n".join(layers) + "\n")
    assert refusal.value.code == "yaml-anchor"


def test_oversized_file_is_refused_and_others_still_checked(base_repo: Path) -> None:
    big = base_repo / "records/services/SVC-0003.yaml"
    big.write_text("id: SVC-0003\ntitle: Big\nstatus: live\ndescription: " + "x" * 300_000 + "\n")
    (base_repo / "records/services/SVC-0004.yaml").write_text("id: SVC-0004\ntitle: x\nstatus: nope\n")
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1
    assert "records/services/SVC-0003.yaml:1:1: error: file is 300051 bytes; the limit is 262144 [file-too-large]" in result.stdout
    assert "records/services/SVC-0004.yaml:3:9:" in result.stdout


def test_size_limit_comes_from_configuration(base_repo: Path) -> None:
    (base_repo / "pyproject.toml").write_text('[tool.opsbook]\nmax_file_bytes = 100\n')
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1
    assert "[file-too-large]" in result.stdout


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symlinked_record_is_refused(base_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: SVC-0003\ntitle: Elsewhere\nstatus: live\n")
    (base_repo / "records/services/SVC-0003.yaml").symlink_to(outside)
    result = run("validate", "--root", str(base_repo))
    assert result.exit_code == 1
    assert "records/services/SVC-0003.yaml:1:1: error: symbolic links are not allowed among records [file-symlink]" in result.stdout
