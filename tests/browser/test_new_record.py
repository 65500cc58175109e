"""The "New record" form of every kind, in a real browser: filled in as a contributor would,
its YAML validates with `opsbook validate`; the host's "new file" editor gets the same file
name and content; missing and malformed values are caught before anything is proposed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from opsbook.cli import cli
from opsbook.model import Repository
from sitebrowser import Browser, Select

KINDS = ("asset", "change", "improvement", "incident", "kb", "maintenance", "problem", "project",
         "release", "request", "service", "sla")


@pytest.fixture(scope="module")
def workspace(repository_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example repository where the forms' records are saved and validated."""
    target = tmp_path_factory.mktemp("forms") / "repo"
    for name in ("records", "kb", "schemas"):
        shutil.copytree(repository_root / name, target / name)
    shutil.copyfile(repository_root / "pyproject.toml", target / "pyproject.toml")
    return target


def _ready(browser: Browser, kind: str) -> dict[str, Any]:
    browser.open(f"new/{kind}/")
    browser.wait(lambda d: browser.find_all("form.opsbook-new[data-started]"), "opsbook-new.js did not start")
    browser.wait(lambda d: browser.find("form.opsbook-new").get_attribute("data-pickers"),
                 "the reference pickers were not loaded from the JSON API")
    for details in browser.find_all("details.opsbook-new-more"):
        browser.driver.execute_script("arguments[0].open = true", details)
    return json.loads(browser.find("form.opsbook-new").get_attribute("data-opsbook-new") or "{}")


def _fill_required(browser: Browser, spec: dict[str, Any]) -> None:
    moments = iter(f"2026-05-03T1{n}:00:00+02:00" for n in range(10))
    for field in spec["fields"]:
        for name, item in _leaves(field):
            if not item["required"]:
                continue
            control = browser.find(f'[data-field="{name}"]')
            if (control.get_attribute("value") or "").strip():
                continue
            if control.tag_name == "select":
                Select(control).select_by_index(1)  # the first choice after the empty one
                continue
            control.send_keys(_value(browser, control, item, moments))


def _leaves(field: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    if field["type"] != "object":
        return [(field["name"], field)]
    return [(f"{field['name']}.{child['name']}", child) for child in field.get("fields", []) if field["required"]]


def _value(browser: Browser, control: Any, field: dict[str, Any], moments: Any) -> str:
    listed = control.get_attribute("list")
    if listed:
        options = browser.find_all(f"datalist#{listed} option")
        assert options, f"the picker {listed} has no records"
        return options[0].get_attribute("value") or ""
    if field.get("format") == "date-time":
        return next(moments)
    if field.get("format") == "date":
        return "2026-05-03"
    if field["type"] in ("integer", "number"):
        return str(field.get("minimum", 1) if field.get("minimum", 0) > 0 else 99)
    return str(field.get("example") or "Kestrel test value")


@pytest.mark.parametrize("kind", KINDS)
def test_the_form_writes_a_record_that_validates(browser: Browser, kind: str, workspace: Path,
                                                 repository: Repository) -> None:
    spec = _ready(browser, kind)
    assert spec["id"].startswith(repository.kinds[kind].prefix + "-")
    browser.find('[data-field="title"]').send_keys(f"A new {kind} from the form")
    _fill_required(browser, spec)
    form = browser.find("form.opsbook-new")
    assert form.get_attribute("data-valid") == "true", browser.find(".opsbook-new-errors").text
    content = browser.driver.execute_script("return document.querySelector('.opsbook-new-preview code').textContent")
    name = browser.find(".opsbook-new-file").text
    # The host's editor is asked for this very file.
    link = urlsplit(browser.find("a.opsbook-new-open").get_attribute("href") or "")
    query = parse_qs(link.query)
    assert link.path.endswith(f"/new/main/{spec['folder']}")
    assert query["filename"] == [name] and query["value"] == [content]
    path = workspace / spec["folder"] / name
    path.write_text(content, "utf-8")
    try:
        result = CliRunner().invoke(cli, ["validate", "--root", str(workspace), str(path)])
        assert result.exit_code == 0, f"{content}\n{result.output}"
    finally:
        path.unlink()


def test_missing_and_malformed_values_are_caught_in_the_browser(browser: Browser) -> None:
    _ready(browser, "incident")
    form = browser.find("form.opsbook-new")
    assert form.get_attribute("data-valid") == "false"
    assert "Title: required" in browser.find(".opsbook-new-errors").text
    assert browser.find("a.opsbook-new-open").get_attribute("aria-disabled") == "true"
    opened = browser.find('[data-field="opened_at"]')
    opened.clear()
    opened.send_keys("2026-05-03 14:20")
    problem = browser.find("#opsbook-field-opened_at-problem").text
    assert "UTC offset" in problem
    assert opened.get_attribute("aria-invalid") == "true"


def test_references_are_picked_from_the_json_api(browser: Browser, repository: Repository) -> None:
    _ready(browser, "incident")
    control = browser.find('[data-field="service"]')
    options = [o.get_attribute("value") for o in browser.find_all(f"datalist#{control.get_attribute('list')} option")]
    assert sorted(options) == sorted(r.id for r in repository.of_kind("service"))
    control.send_keys("SVC-0001")
    preview = browser.find(".opsbook-new-preview").text
    assert "service: SVC-0001" in preview and preview.startswith("# yaml-language-server: $schema=")


def test_record_pages_offer_edit_and_propose(browser: Browser, page_of: dict[str, str]) -> None:
    browser.open(page_of["INC-0001"])
    edit = browser.find("a.opsbook-edit")
    assert edit.text == "Edit this record"
    assert edit.get_attribute("href") == \
        "https://git.kestrel-freight.example/it/opsbook/edit/main/records/incidents/INC-0001.yaml"
    propose = urlsplit(browser.find("a.opsbook-propose").get_attribute("href") or "")
    assert browser.find("a.opsbook-propose").text == "Propose a change to this record"
    assert parse_qs(propose.query)["title"][0].startswith("Change to INC-0001: ")
    browser.open(page_of["SVC-0001"])
    report = browser.find_all("a.opsbook-report")
    assert report and parse_qs(urlsplit(report[0].get_attribute("href") or "").query)["template"] == ["incident.yml"]
    assert browser.find("a.opsbook-edit").get_attribute("href").endswith("/records/services/SVC-0001.yaml")
