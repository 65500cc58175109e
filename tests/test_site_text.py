"""Record text on the site: escaping, sanitizing, diagram labels, history and layout rules."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from opsbook.cli import cli
from opsbook.site.render.diagram import label
from opsbook.site.render.markdown import render_markdown
from opsbook.site.render.text import md_text, title_text
from opsbook.site.structure.history import read_history
from sitebuild import PROJECT, make_repository


@pytest.mark.parametrize("source", [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html,<b>)",
    "<a href='javascript:alert(1)'>x</a>",
    "![x](https://tracker.example/p.gif)",
    "<iframe src=//evil></iframe>",
    "<svg onload=alert(1)>",
    '<div onclick="alert(1)">x</div>',
])
def test_markdown_fields_keep_no_live_html(source: str) -> None:
    elements = _Elements()
    elements.feed(render_markdown(source))
    assert {tag for tag, _ in elements.found} <= {"p", "a", "div"}
    for _, attrs in elements.found:
        assert not any(name.startswith("on") for name in attrs)
        assert not attrs.get("href", "").lower().startswith(("javascript:", "data:", "//"))


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def test_markdown_fields_keep_safe_formatting_and_links() -> None:
    html = render_markdown("**bold** [ok](https://example.com) [rel](../x) `a<b`\n\n| a |\n|---|\n| b |")
    assert "<strong>bold</strong>" in html and 'href="https://example.com"' in html
    assert 'href="../x"' in html and "<code>a&lt;b</code>" in html and "<table>" in html


def test_plain_text_cannot_start_markdown_or_html() -> None:
    text = md_text("[x](javascript:1) <b> --8<-- {: .x } *y*")
    assert not set("[]()<>{}*") & set(text.replace("&#", ""))


def test_titles_are_safe_raw_and_after_striptags() -> None:
    title = title_text('</title><script>&lt;x"\'')
    assert not set("<>\"'") & set(title) and "&l" not in title


def test_mermaid_labels_cannot_break_out() -> None:
    assert label('a"]-->x[<b>') == "a#34;#93;--#62;x#91;#60;b#62;"


def test_history_comes_from_one_git_pass_and_tolerates_no_git(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    assert read_history(root, ("records", "kb")) == {}
    git = ["git", "-C", str(root), "-c", "user.name=Ann Author", "-c", "user.email=a@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Add <records>"], check=True)
    history = read_history(root, ("records", "kb"))
    commit = history["records/incidents/INC-0001.yaml"][0]
    assert (commit.author, commit.subject) == ("Ann Author", "Add <records>")
    assert "kb/KB-0001-restart-pool.md" in history


def test_opsbook_build_wraps_mkdocs(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--site-dir", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (tmp_path / "out/incidents/INC-0001/index.html").is_file()


def test_only_the_plugin_imports_mkdocs() -> None:
    for path in (PROJECT / "tooling/opsbook").rglob("*.py"):
        if path.name != "mkdocs_plugin.py":
            text = path.read_text("utf-8")
            assert "import mkdocs" not in text and "from mkdocs" not in text, path
