"""The static JSON API and the Atom feeds, written by `opsbook export api` from the example
repository: what the API says equals what the YAML says, record for record."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from opsbook.load import open_repository
from opsbook.strict_yaml import parse
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from support import ROOT, assemble, run

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://ops.example.com/"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("public")
    result = run("export", "api", "--root", str(ROOT), "--out", str(out), "--site-url", SITE)
    assert result.exit_code == 0, result.output
    return out


def test_every_record_round_trips(exported: Path) -> None:
    repository = open_repository(ROOT)
    assert repository.records
    for record in repository.records:
        document = json.loads((exported / f"api/v1/{record.kind.name}/{record.id}.json").read_text("utf-8"))
        source = (ROOT / record.path).read_text("utf-8")
        if record.kind.is_document:
            front, _, body = source.removeprefix("---\n").partition("\n---\n")
            assert document["data"] == parse(front + "\n"), record.path
            assert document["body"] == body, record.path
        else:
            assert document["data"] == parse(source), record.path
        assert (document["kind"], document["id"], document["source"]) == (record.kind.name, record.id, record.path)


def test_kind_documents_hold_every_record_and_the_index_counts_them(exported: Path) -> None:
    repository = open_repository(ROOT)
    index = json.loads((exported / "api/v1/index.json").read_text("utf-8"))
    assert {k["kind"] for k in index["kinds"]} == {k.name for k in repository.kinds}
    for entry in index["kinds"]:
        listing = json.loads((exported / "api/v1" / entry["href"]).read_text("utf-8"))
        records = repository.of_kind(entry["kind"])
        assert entry["count"] == listing["count"] == len(records)
        assert [r["data"] for r in listing["records"]] == [r.data for r in records]
        for item in listing["records"]:
            one = json.loads((exported / "api/v1" / item["href"]).read_text("utf-8"))
            assert one["data"] == item["data"]


def test_each_document_names_the_published_schema_its_data_follows(exported: Path) -> None:
    schemas = exported / "api/v1/schemas"
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text("utf-8")), DRAFT7)) for p in schemas.glob("*.json"))
    for path in (exported / "api/v1").glob("*/*.json"):
        if path.parent == schemas:
            continue
        document = json.loads(path.read_text("utf-8"))
        schema_file = (path.parent / document["schema"]).resolve()
        assert schema_file.parent == schemas.resolve(), path
        schema = json.loads(schema_file.read_text("utf-8"))
        assert schema["x-opsbook"]["kind"] == document["kind"]
        assert Draft7Validator(schema, registry=registry).is_valid(document["data"]), path


def test_incident_feed_carries_public_updates_only(exported: Path) -> None:
    repository = open_repository(ROOT)
    feed = ET.parse(exported / "feeds/incidents.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None
    entries = {e.findtext(f"{ATOM}title").split(":")[0]: e for e in feed.iter(f"{ATOM}entry")}
    assert set(entries) == {r.id for r in repository.of_kind("incident")}
    ids = [e.findtext(f"{ATOM}id") for e in entries.values()]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    checked = 0
    for record in repository.of_kind("incident"):
        content = entries[record.id].findtext(f"{ATOM}content")
        link = entries[record.id].find(f"{ATOM}link").get("href")
        assert link == f"{SITE}incidents/{record.id}/"
        for update in record.data.get("timeline", []):
            note = _escaped(update["note"])
            if update.get("public") is True:
                assert note in content, record.id
            elif len(update["note"]) > 20:
                assert note not in content, record.id
            checked += 1
    assert checked


def test_feeds_are_stable_from_build_to_build(exported: Path, tmp_path: Path) -> None:
    run("export", "api", "--root", str(ROOT), "--out", str(tmp_path), "--site-url", SITE)
    for name in ("feeds/incidents.xml", "feeds/changes.xml", "api/v1/index.json"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes()


def test_a_feed_holds_the_most_recently_updated_records(exported: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("opsbook.interop.feeds.MAX_ENTRIES", 3)
    run("export", "api", "--root", str(ROOT), "--out", str(tmp_path), "--site-url", SITE)

    def entries(folder: Path) -> list[tuple[str, str]]:
        feed = ET.parse(folder / "feeds/incidents.xml").getroot()
        return [(e.findtext(f"{ATOM}updated"), e.findtext(f"{ATOM}title")) for e in feed.iter(f"{ATOM}entry")]

    everything = entries(exported)
    assert len(everything) > 3 and entries(tmp_path) == everything[:3]
    assert [updated for updated, _ in everything] == sorted((updated for updated, _ in everything), reverse=True)


def test_hostile_text_is_escaped_in_feeds(tmp_path: Path) -> None:
    repo = assemble(tmp_path / "repo", Path(__file__).resolve().parent / "interop/repo")
    (repo / "records/incidents").mkdir()
    (repo / "records/incidents/INC-0001.yaml").write_text(
        "id: INC-0001\ntitle: \"<script>alert(1)</script> & ]]>\"\nstatus: new\nservice: SVC-0001\n"
        "impact: low\nurgency: low\nopened_at: \"2026-11-01T10:00:00+01:00\"\n"
        "timeline:\n  - at: \"2026-11-01T10:05:00+01:00\"\n    note: \"<img src=x onerror=alert(1)>\"\n"
        "    public: true\n", "utf-8")
    run("export", "api", "--root", str(repo), "--out", str(tmp_path / "out"))
    text = (tmp_path / "out/feeds/incidents.xml").read_text("utf-8")
    entry = ET.fromstring(text).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "INC-0001: <script>alert(1)</script> & ]]> [new]"
    assert "&lt;img src=x onerror=alert(1)&gt;" in entry.findtext(f"{ATOM}content")
    assert "<img" not in entry.findtext(f"{ATOM}content")


def _escaped(note: str) -> str:
    return html.escape(note).replace("\n", "<br>")
