"""The robustness benchmark (issue 16): validation cost against the parse floor at 10,000
records, the cost of single files built to be expensive, and peak memory.

    python tests/benchmarks/robust.py --records 10000 --repeat 3

Two repositories of N records:
- generated   the scale benchmark's generated repository (generate.py);
- cloned      the example organisation (records/, kb/) copied until it holds N records, each copy's
              IDs shifted (SVC-0001 -> SVC-010001 in copy 1), so references stay inside a copy
              and every copy's changes share the same windows: dense overlapping windows.

For each: the parse floor (every file through PyYAML's C loader in this process), then
`opsbook validate` as a subprocess with one worker (OPSBOOK_WORKERS=1; CPU time against the
floor's CPU time) and with all cores (wall time against the floor's wall time); best of N on
both sides, the sides taking turns. Then single files near `max_file_bytes` (a 3,500-task plan, an incident with
thousands of invalid timeline entries, a description of 20 KB of `[`), each validated and built
in the site tests' small repository, beside that repository alone. CPU time is the honest
figure on a shared machine; the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import generate  # noqa: E402
from run import ENV, Run, best, machine, measure, parse_floor  # noqa: E402
from sitebuild import make_repository  # noqa: E402

_ID = re.compile(r"\b(SVC|AST|INC|PRB|CHG|REL|SLA|MW|PRJ|IMP|REQ|KB)-([0-9]{4})\b")
PYTHON = sys.executable


def cloned_organisation(target: Path, records: int) -> Path:
    """The example organisation, copied with shifted IDs until it holds `records` records."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("schemas", "pyproject.toml", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    sources = sorted((ROOT / "records").glob("*/*.yaml")) + sorted((ROOT / "kb").glob("*.md"))
    written, copy = 0, 0
    while written < records:
        def shift(m: re.Match[str], c: int = copy) -> str:
            return f"{m.group(1)}-{c:02d}{m.group(2)}"

        for source in sources:
            if written >= records:
                break
            relative = source.relative_to(ROOT)
            path = target / relative.parent / _ID.sub(shift, relative.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_ID.sub(shift, source.read_text("utf-8")), "utf-8")
            written += 1
        copy += 1
    return target


def validate(repo: Path, workers: str | None) -> Run:
    env = {**ENV, "OPSBOOK_WORKERS": workers} if workers else ENV
    return measure([PYTHON, "-m", "opsbook", "validate", "--root", str(repo)], repo, env)


def compare(name: str, repo: Path, repeat: int) -> list[str]:
    # The sides take turns, so that a change in the host's load between them (other tenants of
    # a shared machine) reaches both sides alike rather than one.
    floors, serials, parallels = [], [], []
    for _ in range(repeat):
        floors.append(parse_floor(repo))
        serials.append(validate(repo, "1"))
        parallels.append(validate(repo, None))
    floor_wall, parallel = best(floors), best(parallels)
    floor_cpu = min(floors, key=lambda r: r.cpu)
    serial = min(serials, key=lambda r: r.cpu)
    files = len(list(repo.glob("records/*/*.yaml"))) + len(list(repo.glob("kb/*.md")))
    return [
        f"| {name} ({files:,} files) | parse floor, C loader | {floor_wall.seconds:.2f} | {floor_cpu.cpu:.2f} | | | |",
        f"| {name} | validate, one worker (CPU vs floor CPU) | {serial.seconds:.2f} | {serial.cpu:.2f} | "
        f"{serial.peak_mb:.0f} | {serial.cpu / floor_cpu.cpu:.2f}x | <= 1.3x |",
        f"| {name} | validate, all cores (wall vs floor wall) | {parallel.seconds:.2f} | {parallel.cpu:.2f} | "
        f"{parallel.peak_mb:.0f} | {parallel.seconds / floor_wall.seconds:.2f}x | <= 1.0x |",
    ] + ([f"warning: validate exited {serial.code}: {serial.output[-500:]}"] if serial.code > 1 else [])


def single_files(out: Path) -> dict[str, str]:
    """Relative path -> text of each expensive file, every one at most max_file_bytes."""
    tasks = "".join(f"  - {{id: T{n}, name: t, duration_days: {1 + n % 5}"
                    + (', start: "2026-02-02"' if n == 1 else f", depends_on: [T{n - 1}]") + "}\n"
                    for n in range(1, 3501))
    plan = ("id: PRJ-0001\ntitle: Large plan\nstatus: execution\nmanager: Jane Doe\nsponsor: Ann\n"
            f"tasks:\n{tasks}")
    timeline = "".join(f'  - at: "2026-03-01T10:00:00+01:00"\n    status: bogus_{n}\n    colour: red\n'
                       for n in range(3300))
    incident = f"id: INC-0001\ntitle: Many bad entries\nstatus: new\nservice: SVC-0001\ntimeline:\n{timeline}"
    brackets = "  " + "[" * 20_000 + "\n"
    asset = ("id: AST-0001\ntitle: tracking-db-01\nstatus: operational\nclass: database\n"
             f"environment: production\nservices:\n  - SVC-0001\nowner: DBA Team\ndescription: |\n{brackets}")
    return {"records/projects/PRJ-0001.yaml": plan, "records/incidents/INC-0001.yaml": incident,
            "records/assets/AST-0001.yaml": asset}


def single_file_rows(out: Path, repeat: int) -> list[str]:
    base = make_repository(_fresh(out / "single-base"))
    base_validate = min((validate(base, "1") for _ in range(repeat)), key=lambda r: r.cpu)
    base_build = measure([PYTHON, "-m", "mkdocs", "build", "-q"], base)
    rows = [f"| small repository alone | validate / build | {base_validate.cpu:.2f} | {base_build.cpu:.2f} | "
            f"{base_build.peak_mb:.0f} | | |"]
    for relative, text in single_files(out).items():
        repo = make_repository(_fresh(out / ("single-" + Path(relative).stem)))
        (repo / relative).write_text(text, "utf-8")
        checked = min((validate(repo, "1") for _ in range(repeat)), key=lambda r: r.cpu)
        built = measure([PYTHON, "-m", "mkdocs", "build", "-q"], repo)
        rows.append(f"| {relative} ({len(text.encode()) / 1024:.0f} KB) | validate / build | {checked.cpu:.2f} "
                    f"(+{checked.cpu - base_validate.cpu:.2f}) | {built.cpu:.2f} (+{built.cpu - base_build.cpu:.2f}) | "
                    f"{built.peak_mb:.0f} | exit {checked.code} / {built.code} | <= 2 s / <= 10 s |")
    return rows


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/opsbook-bench/robust"))
    parser.add_argument("--skip", default="", help="comma-separated: generated, cloned, single")
    options = parser.parse_args()
    skip = set(filter(None, options.skip.split(",")))
    options.out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| repository | step | wall (s) | CPU (s) | peak MB | ratio | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    if "generated" not in skip:
        generated = options.out / "generated"
        if not (generated / "repo" / "records").is_dir():
            generate.generate(options.records, generated)
        print("\n".join(compare("generated", generated / "repo", options.repeat)), flush=True)
    if "cloned" not in skip:
        cloned = cloned_organisation(options.out / "cloned", options.records)
        print("\n".join(compare("example organisation, cloned", cloned, options.repeat)), flush=True)
    if "single" not in skip:
        print("\n".join(single_file_rows(options.out, options.repeat)), flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
