"""Edit links and "new file" editors in each host's URL style, and the contribution paths in a
real site build: with a repository host, and without one (the YAML to copy)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from opsbook.site.structure.hosting import host_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/site/fixture"
PATH = "records/incidents/INC-0001.yaml"


@pytest.mark.parametrize(("repo_url", "edit", "new_file", "issue"), [
    ("https://github.com/kestrel/opsbook", "https://github.com/kestrel/opsbook/edit/main/" + PATH,
     ("https://github.com/kestrel/opsbook/new/main/records/incidents", "filename", "value"),
     "https://github.com/kestrel/opsbook/issues/new?template=incident.yml"),
    ("https://gitlab.com/kestrel/it/opsbook/", "https://gitlab.com/kestrel/it/opsbook/-/edit/main/" + PATH,
     ("https://gitlab.com/kestrel/it/opsbook/-/new/main/records/incidents", "file_name", "content"),
     "https://gitlab.com/kestrel/it/opsbook/-/issues/new"),
    ("https://codeberg.org/kestrel/opsbook", "https://codeberg.org/kestrel/opsbook/_edit/main/" + PATH,
     ("https://codeberg.org/kestrel/opsbook/_new/main/records/incidents", "filename", "value"),
     "https://codeberg.org/kestrel/opsbook/issues/new?template=.github%2FISSUE_TEMPLATE%2Fincident.yml"),
    ("https://bitbucket.org/kestrel/opsbook",
     "https://bitbucket.org/kestrel/opsbook/src/main/" + PATH + "?mode=edit&at=main", None,
     "https://bitbucket.org/kestrel/opsbook/issues/new"),
])
def test_each_host_gets_its_own_url_style(repo_url: str, edit: str, new_file: tuple[str, str, str] | None,
                                          issue: str) -> None:
    host = host_for(repo_url)
    assert host is not None
    assert host.edit(PATH) == edit
    assert host.new_file("records/incidents") == new_file
    assert host.new_issue("incident.yml") == issue


def test_the_style_and_branch_can_be_set_and_the_branch_read_from_edit_uri() -> None:
    forgejo = host_for("https://git.kestrel.example/it/opsbook", "gitea", "trunk")
    assert forgejo is not None and forgejo.edit(PATH) == f"https://git.kestrel.example/it/opsbook/_edit/trunk/{PATH}"
    gitlab = host_for("https://gitlab.kestrel.example/it/opsbook", edit_uri="-/edit/develop/")
    assert gitlab is not None and gitlab.edit(PATH).endswith(f"/-/edit/develop/{PATH}")
    assert host_for(None) is None
    assert host_for("https://git.kestrel.example/x/y").style == "github"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        host_for("https://git.kestrel.example/x/y", "sourceforge")


def _build(tmp_path: Path, repo_lines: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(ROOT / "schemas", root / "schemas", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"^repo_url: .*\nrepo_name: .*\nedit_uri: .*\n", repo_lines, config, flags=re.MULTILINE)
    config = config.replace("  - opsbook\n", "  - opsbook:\n      now: '2026-03-10T09:00:00+01:00'\n", 1)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(root / "mkdocs.yml")], cwd=root, capture_output=True, text=True, check=False,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert done.returncode == 0, done.stderr
    return root / "site"


def _form_data(page: Path) -> dict[str, object]:
    found = re.search(r'data-opsbook-new="([^"]*)"', page.read_text("utf-8"))
    assert found, page
    return json.loads(unescape(found.group(1)))


def test_a_gitlab_site_links_its_editor_forms_and_issues(tmp_path: Path) -> None:
    site = _build(tmp_path, "repo_url: https://gitlab.kestrel.example/it/opsbook/\nedit_uri: -/edit/trunk/\n")
    page = (site / "incidents/INC-0001/index.html").read_text("utf-8")
    edit = "https://gitlab.kestrel.example/it/opsbook/-/edit/trunk/records/incidents/INC-0001.yaml"
    assert f'<a class="md-button opsbook-edit" href="{edit}">Edit this record</a>' in page
    assert f'href="{edit}" title="Edit this page"' in page  # the theme's own button agrees
    assert "Propose a change to this record" in page
    data = _form_data(site / "new/incident/index.html")
    assert data["newFile"] == {"url": "https://gitlab.kestrel.example/it/opsbook/-/new/trunk/records/incidents",
                               "name": "file_name", "content": "content"}
    assert data["api"]["service"] == "../../api/v1/service.json"  # type: ignore[index]
    assert (site / "api/v1/service.json").is_file()
    home = (site / "index.html").read_text("utf-8")
    report = re.search(r'class="md-button md-button--primary opsbook-report" href="([^"]+)"', home)
    assert report and unescape(report.group(1)) == "https://gitlab.kestrel.example/it/opsbook/-/issues/new"
    contributing = (site / "contributing/index.html").read_text("utf-8")
    assert all(f"../new/{kind}/" in contributing for kind in ("incident", "change", "kb"))


def test_without_a_repository_the_form_offers_the_yaml_to_copy(tmp_path: Path) -> None:
    site = _build(tmp_path, "")
    page = (site / "incidents/INC-0001/index.html").read_text("utf-8")
    assert "Edit this record" not in page and "opsbook set INC-0001 FIELD=VALUE" in page
    form = (site / "new/incident/index.html").read_text("utf-8")
    assert "Copy the YAML" in form and "opsbook-new-open" not in form
    assert _form_data(site / "new/incident/index.html")["newFile"] is None
