"""The CMDB chain benchmark: N assets, each depending on the one before, built as a site.

    python tests/benchmarks/chain.py --assets 3000

Every asset's failure reaches every asset after it, so an impact view that drew or listed
everything would grow with N on every page (N^2 in all). Prints the build's wall and CPU time,
its peak memory, and the largest page; the targets are <= 60 s and no page over 200 KB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from sitebuild import make_repository  # noqa: E402


def chain_repository(target: Path, assets: int) -> Path:
    """The site tests' fixture plus `assets` assets AST-1001.. in one dependency chain."""
    if target.exists():
        shutil.rmtree(target)
    root = make_repository(target)
    folder = root / "records/assets"
    for number in range(1001, 1001 + assets):
        link = "services:\n  - SVC-0001\n" if number == 1001 else f"depends_on:\n  - AST-{number - 1}\n"
        (folder / f"AST-{number}.yaml").write_text(
            f"id: AST-{number}\ntitle: chain-{number}\nstatus: operational\nclass: server\n"
            f"environment: production\nowner: Platform Team\n{link}", "utf-8")
    return root


def build(root: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds and peak MB of a strict build, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, result.returncode


def largest_page(site: Path) -> tuple[int, str, int]:
    pages = list(site.rglob("*.html"))
    biggest = max(pages, key=lambda p: p.stat().st_size)
    return biggest.stat().st_size, biggest.relative_to(site).as_posix(), len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", type=int, default=3000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/opsbook-bench/chain"))
    options = parser.parse_args()
    root = chain_repository(options.out, options.assets)
    wall, cpu, peak, code = build(root)
    size, page, pages = largest_page(root / "site")
    load = os.getloadavg()
    print(f"| {options.assets:,}-asset chain | build | {wall:.1f} | {cpu:.1f} | {peak:.0f} | exit {code} |")
    print(f"| {options.assets:,}-asset chain | largest page ({pages:,} pages) | | | | {size / 1024:.0f} KB (`{page}`) |")
    print(f"load average after the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
