"""Write a coherent opsbook repository of N records, and N plain Markdown pages beside it.

    python tests/benchmarks/generate.py --records 10000 --out /tmp/opsbook-bench/10000

The repository (`<out>/repo`) has every kind in realistic proportions (see fabricate.KINDS),
valid references, lifecycles and dates, the project's real schemas and mkdocs.yml, and one git
commit (so the site's history is read as on a real repository). It validates clean.
The plain site (`<out>/plain`) is the rendering floor: the same Material theme configuration,
no opsbook plugin, one Markdown page per record made from the record's fields, out of the nav.
The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import fabricate
import yaml

PROJECT = Path(__file__).resolve().parents[2]
SEED = 20261122


class _Dumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, the way people write descriptions."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def field_help() -> dict[str, dict[str, str]]:
    """Kind name -> field -> its description, the help a record page shows for each field."""
    found = {}
    for path in (PROJECT / "schemas").glob("*.schema.json"):
        schema = json.loads(path.read_text("utf-8"))
        if "x-opsbook" in schema:
            found[schema["x-opsbook"]["kind"]] = {name: prop.get("description", "")
                                                   for name, prop in schema["properties"].items()}
    return found


def folders() -> dict[str, str]:
    """Kind name -> folder, from the schemas, as opsbook reads them."""
    found = {}
    for path in (PROJECT / "schemas").glob("*.schema.json"):
        meta = json.loads(path.read_text("utf-8")).get("x-opsbook")
        if meta:
            found[meta["kind"]] = meta["folder"]
    return found


def generate(total: int, out: Path, *, seed: int = SEED, git: bool = True) -> dict[str, int]:
    if out.exists():
        shutil.rmtree(out)
    repo, plain = out / "repo", out / "plain"
    _scaffold(repo, plain)
    population = fabricate.Population(fabricate.counts_for(total))
    kind_folders, helps = folders(), field_help()
    for kind, (make, _) in fabricate.KINDS.items():
        rng = random.Random(f"{seed}-{kind}")
        for index in range(population.counts[kind]):
            data = make(population, index, rng)  # type: ignore[operator]
            _write_record(repo, kind, kind_folders[kind], data, population, rng)
            (plain / "docs" / "pages" / f"{data['id']}.md").write_text(plain_page(data, helps[kind]), "utf-8")
    if git:
        _commit(repo)
    return population.counts


def _scaffold(repo: Path, plain: Path) -> None:
    shutil.copytree(PROJECT / "schemas", repo / "schemas")
    pyproject = (PROJECT / "pyproject.toml").read_text("utf-8")
    (repo / "pyproject.toml").write_text(pyproject[pyproject.index("[tool.opsbook]"):], "utf-8")
    config = (PROJECT / "mkdocs.yml").read_text("utf-8")
    (repo / "mkdocs.yml").write_text(config.replace("site_name: Kestrel Freight IT", "site_name: Scale benchmark"), "utf-8")
    (repo / "kb").mkdir(parents=True)
    (plain / "docs" / "pages").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(plain_config(config), "utf-8")
    (plain / "docs" / "index.md").write_text("# Plain pages\n\nThe rendering floor.\n", "utf-8")


def plain_config(config: str) -> str:
    """Our mkdocs.yml without the opsbook plugin (and its edit links into a repository), the pages
    kept out of the navigation exactly as record pages are."""
    config = config.replace("site_name: Kestrel Freight IT", "site_name: Plain pages")
    config = config.replace("docs_dir: kb\n", "docs_dir: docs\n")
    config = re.sub(r"\n  # opsbook first[^\n]*\n  - opsbook\n", "\n", config)
    assert "- opsbook" not in config, "the floor must not run the opsbook plugin"
    return config + "\nnav:\n  - index.md\nnot_in_nav: |\n  /pages/\n"


def _write_record(repo: Path, kind: str, folder: str, data: dict[str, Any],
                  population: fabricate.Population, rng: random.Random) -> None:
    if kind == "kb":
        slug = re.sub(r"[^a-z0-9]+", "-", data["title"].lower()).strip("-")[:40]
        body = fabricate.article_body(population, data, rng)
        (repo / "kb" / f"{data['id']}-{slug}.md").write_text(f"---\n{dump(data)}---\n{body}", "utf-8")
        return
    target = repo / "records" / folder
    target.mkdir(parents=True, exist_ok=True)
    header = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
    (target / f"{data['id']}.yaml").write_text(header + dump(data), "utf-8")


def plain_page(data: dict[str, Any], helps: dict[str, str]) -> str:
    """A page with what a record page shows, as plain Markdown: a heading, a table of the short
    fields with each field's help, the long fields as text under their help, lists as lists."""
    rows, sections = [], []
    for name, value in data.items():
        help_text = helps.get(name, "").replace("|", "/")
        if isinstance(value, str) and "\n" not in value and len(value) < 120:
            rows.append(f"| {name} | {value} | {help_text} |")
        elif isinstance(value, str):
            sections.append(f"## {name}\n\n*{help_text}*\n\n{value}")
        elif isinstance(value, list):
            items = "\n".join(f"- {_flat(item)}" for item in value)
            sections.append(f"## {name}\n\n*{help_text}*\n\n{items}\n")
        else:
            rows.append(f"| {name} | {_flat(value)} | {help_text} |")
    table = "| field | value | help |\n| --- | --- | --- |\n" + "\n".join(rows)
    return f"# {data['id']}: {data['title']}\n\n{table}\n\n" + "\n".join(sections)


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    return str(value).replace("\n", " ")


def _commit(repo: Path) -> None:
    env = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
           "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00",
           "PATH": "/usr/bin:/bin:/usr/local/bin"}
    for argv in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "Generated records"]):
        subprocess.run(argv, cwd=repo, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-git", action="store_true")
    options = parser.parse_args()
    out = options.out or Path("/tmp/opsbook-bench") / str(options.records)
    counts = generate(options.records, out, seed=options.seed, git=not options.no_git)
    print(f"{sum(counts.values())} records in {out / 'repo'}: "
          + ", ".join(f"{kind} {n}" for kind, n in counts.items()))


if __name__ == "__main__":
    main()
