""""If this fails" on asset and service pages, on a hand-made CMDB graph: exactly the items,
paths, SLAs and changes of `opsbook impact`, and a Mermaid diagram whose labels stay text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from handmade import asset, change, handmade, service
from opsbook.load import open_repository
from opsbook.site import build_pages
from opsbook.site.render import impact
from opsbook.site.structure.model import build_model
from opsbook.validate import validate
from pytest import MonkeyPatch
from support import run

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
HOSTILE = '"]) --> n9\n%%{init}%% <img src=x onerror=alert(1)> click n0 "javascript:alert(2)"'


def sla(service_id: str, status: str = "active") -> str:
    return (f"title: SLA\nstatus: {status}\nservice: {service_id}\nvalid_from: \"2026-01-01\"\n"
            "availability_target: 99.5\n")


def graph(tmp_path: Path) -> Path:
    """A database two applications need (a diamond to the portal), a VM on one of them, a
    service that depends on the portal, and things the failure must not reach."""
    return handmade(tmp_path, {
        "AST-0001": asset(json.dumps("db " + HOSTILE)),
        "AST-0002": asset("app a", depends_on=["AST-0001"], services=["SVC-0001"]),
        "AST-0003": asset("app b", depends_on=["AST-0001"], services=["SVC-0001"]),
        "AST-0004": asset(json.dumps("worker " + HOSTILE), hosted_on="AST-0002"),
        "AST-0005": asset("unrelated"),
        "AST-0006": "title: old app\nstatus: retired\ndepends_on: [AST-0001]\n",
        "SVC-0001": service(json.dumps("Portal " + HOSTILE)),
        "SVC-0002": service("Reporting", depends_on=["SVC-0001"]),
        "SVC-0003": service("Unrelated"),
        "SLA-0001": sla("SVC-0002"),
        "SLA-0002": sla("SVC-0003"),
        "SLA-0003": sla("SVC-0001", status="expired"),
        "CHG-0001": change("2026-05-03T22:00:00Z", "2026-05-03T23:00:00Z", assets=["AST-0003"]),
        "CHG-0002": change("2026-05-04T22:00:00Z", "2026-05-04T23:00:00Z", status="canceled",
                           assets=["AST-0001"]),
        "CHG-0003": change("2026-05-05T22:00:00Z", "2026-05-05T23:00:00Z", services=["SVC-0003"]),
    })


def page(root: Path, uri: str) -> str:
    repository = open_repository(root)
    model = build_model(repository, validate(repository, now=NOW), NOW)
    return next(p.markdown for p in build_pages(model) if p.uri == uri)


class Rows(HTMLParser):
    """Each table row's cells as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.rows[-1].append("")

    def handle_data(self, data: str) -> None:
        if self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def sections(markdown: str) -> dict[str, list[list[str]]]:
    """The rows (header row left out) of each `###` part of the impact section, by heading."""
    impact = markdown.split("\n## If this fails\n", 1)[1].split("\n## ", 1)[0]
    found = {}
    for part in impact.split("\n### ")[1:]:
        heading, _, body = part.partition("\n")
        parser = Rows()
        parser.feed(body)
        found[heading] = [[cell.strip() for cell in row] for row in parser.rows if row]
    return found


def test_the_asset_page_lists_exactly_what_its_failure_reaches(tmp_path: Path) -> None:
    root = graph(tmp_path)
    found = sections(page(root, "assets/AST-0001.md"))
    assert list(found) == ["Services affected (2)", "Assets affected (3)",
                           "SLAs of the affected services (1)",
                           "Open and scheduled changes touching them (1)"]
    services = {row[0]: row[3] for row in found["Services affected (2)"]}
    to_portal = "AST-0001 ←depends_on— AST-0002 —services→ SVC-0001"
    assert services == {"SVC-0001": to_portal + " also via AST-0003",
                        "SVC-0002": to_portal + " ←depends_on— SVC-0002"}
    assets = {row[0]: row[3] for row in found["Assets affected (3)"]}
    assert assets == {"AST-0002": "AST-0001 ←depends_on— AST-0002",
                      "AST-0003": "AST-0001 ←depends_on— AST-0003",
                      "AST-0004": "AST-0001 ←depends_on— AST-0002 ←hosted_on— AST-0004"}
    assert [row[0] for row in found["SLAs of the affected services (1)"]] == ["SLA-0001"]
    assert [(row[0], row[4]) for row in found["Open and scheduled changes touching them (1)"]] == [
        ("CHG-0001", "AST-0003")]
    cli = json.loads(run("impact", "AST-0001", "--root", str(root), "--format", "json").stdout)
    assert set(services) == {s["id"] for s in cli["services"]}
    assert set(assets) == {a["id"] for a in cli["assets"]}


def test_a_long_impact_lists_its_first_items_and_the_totals(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    monkeypatch.setattr(impact, "MAX_LISTED", 2)
    root = graph(tmp_path)
    markdown = page(root, "assets/AST-0001.md")
    found = sections(markdown)
    cli = json.loads(run("impact", "AST-0001", "--root", str(root), "--format", "json").stdout)
    assets = [row[0] for row in found["Assets affected (3)"]]
    assert assets == [a["id"] for a in cli["assets"]][:2]  # the first ones, in the CLI's order
    assert "The first 2 of 3, and 1 more: <code>opsbook impact AST-0001</code>" in markdown
    assert markdown.count('class="opsbook-more"') == 1  # the other tables are not cut


def test_a_service_page_shows_its_impact_too(tmp_path: Path) -> None:
    found = sections(page(graph(tmp_path), "services/SVC-0001.md"))
    assert [row[0] for row in found["Services affected (1)"]] == ["SVC-0002"]
    assert found["Assets affected (0)"] == []
    assert [row[0] for row in found["SLAs of the affected services (1)"]] == ["SLA-0001"]
    quiet = sections(page(graph(tmp_path / "again"), "services/SVC-0003.md"))
    assert [row[0] for row in quiet["Open and scheduled changes touching them (1)"]] == ["CHG-0003"]


_NODE = re.compile(r'^  n\d+(\(\["[^"<>]*"\]\)|\["[^"<>]*"\])$')
_EDGE = re.compile(r'^  n\d+ -->\|"[a-z ]+"\| n\d+$')


def test_hostile_titles_stay_text_in_the_diagram_and_the_tables(tmp_path: Path) -> None:
    markdown = page(graph(tmp_path), "assets/AST-0001.md")
    impact = markdown.split("\n## If this fails\n", 1)[1]
    diagram = impact.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert diagram[0] == "flowchart LR"
    # Besides nodes and edges: each node's state colour and link to its page (render/diagram.py).
    styling = re.compile(r'  (class n\d+ (ok|warn|bad|other)|classDef \w+ [a-z:#0-9,]+|click n\d+ href "[./A-Za-z0-9-]+" "[A-Za-z0-9-]+")')
    assert all(_NODE.match(line) or _EDGE.match(line) or styling.fullmatch(line) for line in diagram[1:]), diagram
    assert sum(1 for line in diagram if _NODE.match(line)) == 6  # AST-0001..0004, SVC-0001..0002
    assert sum(1 for line in diagram if _EDGE.match(line)) == 6
    html = impact.split("```", 2)[2]
    assert "<img" not in html and "&lt;img src=x" in html
