"""Property-based tests: mutated records never crash the validator. Either a record validates
and every value is kept exactly as written, or validation fails with positioned diagnostics."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st
from opsbook.strict_yaml import parse
from support import VALIDATE_EXAMPLES, assemble, run

BASE = VALIDATE_EXAMPLES / "base"
RECORDS = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.suffix in (".yaml", ".md"))
# Characters that mean something to YAML, Markdown or HTML, and some that mean trouble.
TOKENS = ["&a ", "*a", "!!str ", "!x ", "<<: ", "---\n", "...\n", "{", "}", "[", "]", "'", '"', "#", ": ",
          "- ", "\t", "\n", "  ", "|", ">", "%", "@", "`", "\\", "\x00", "\x1b", "\u202e", "\u2066",
          "\ufeff", "\x85", "\u2028", "é", "😀", "<script>", "yes", "0755", "1:30", "2024-02-30", "~"]



@contextmanager
def repository() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield assemble(Path(folder) / "repo", BASE)


def validate(repo: Path) -> tuple[int, list[dict[str, object]]]:
    result = run("validate", "--root", str(repo), "--format", "json")
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def assert_positioned(repo: Path, diagnostics: list[dict[str, object]]) -> None:
    assert diagnostics
    for d in diagnostics:
        target = repo / str(d["path"])
        assert target.exists() or target.is_symlink(), d
        lines = target.read_bytes().count(b"\n") + 2 if target.is_file() else 2
        assert 1 <= int(d["line"]) <= lines and int(d["column"]) >= 1, d


mutation = st.tuples(st.integers(min_value=0), st.sampled_from(["insert", "delete", "duplicate-line"]),
                     st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)))


@given(record=st.sampled_from(RECORDS), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_records_never_crash(record: str, mutations: list[tuple[int, str, str]]) -> None:
    with repository() as repo:
        path = repo / record
        text = path.read_text("utf-8")
        for offset, action, token in mutations:
            at = offset % (len(text) + 1)
            if action == "insert":
                text = text[:at] + token + text[at:]
            elif action == "delete":
                text = text[:at] + text[at + len(token) + 1:]
            else:
                lines = text.split("\n")
                index = offset % len(lines)
                text = "\n".join(lines[:index + 1] + lines[index:])
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        exit_code, diagnostics = validate(repo)
        assert exit_code in (0, 1)
        if exit_code == 1:
            assert_positioned(repo, diagnostics)


@given(title=st.text(min_size=1, max_size=60), style=st.sampled_from([None, "'", '"', "|"]))
def test_text_values_are_kept_exactly_or_refused_with_a_position(title: str, style: str | None) -> None:
    with repository() as repo:
        path = repo / "records/services/SVC-0002.yaml"
        field = yaml.safe_dump({"title": title}, default_style=style, allow_unicode=True, width=1000)
        path.write_text(f"id: SVC-0002\nstatus: live\n{field}", "utf-8")
        exit_code, diagnostics = validate(repo)
        assert exit_code in (0, 1)
        if exit_code == 0:
            assert parse(path.read_text("utf-8"))["title"] == title
        else:
            assert_positioned(repo, diagnostics)


@given(data=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12))
def test_arbitrary_structures_in_a_record_never_crash(data: object) -> None:
    with repository() as repo:
        path = repo / "records/incidents/INC-0001.yaml"
        record = parse(path.read_text("utf-8"))
        record["timeline"] = data
        path.write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
        exit_code, diagnostics = validate(repo)
        assert exit_code in (0, 1)
        if exit_code == 1:
            assert_positioned(repo, diagnostics)


def test_removing_a_whole_folder_of_records_reports_every_dangling_reference() -> None:
    with repository() as repo:
        shutil.rmtree(repo / "records/problems")
        exit_code, diagnostics = validate(repo)
        assert exit_code == 1
        assert {(d["path"], d["code"]) for d in diagnostics} == {
            ("records/incidents/INC-0001.yaml", "ref-missing"),
            ("kb/KB-0001-restart-the-pool.md", "ref-missing"),
            ("kb/KB-0001-restart-the-pool.md", "kb-mention-missing"),
        }


# Pieces of Markdown and HTML that open, close or smuggle markup, for the Markdown renderer.
MARKUP = ["<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "&", "&#", "&#x6A;", "&colon;", ";",
          "=", '"', "'", "`", "```", "\n\n", "    ", "[", "]", "(", ")", "![", "]:", "<a href=", "<img src=x ",
          "onerror=alert(1)", "javascript:", "JaVaScRiPt:", "data:", "//evil.example", "/\\evil", "<script>",
          "</script>", "<svg", "<math>", "<style>", "<iframe", "<noscript>", "<p title=\"", "*[x]: ", "{: ", "|"]


@given(pieces=st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=4)), max_size=30))
def test_rendered_markdown_never_carries_live_markup(pieces: list[str]) -> None:
    from opsbook.site.render.markdown import render_markdown
    from sitescan import parse_html

    rendered = render_markdown("".join(pieces))
    findings = parse_html(rendered, "field", allow_scripts=False).findings
    assert not findings, (rendered, findings)
