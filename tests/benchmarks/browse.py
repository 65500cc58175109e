"""The browser step of the scale benchmark: search and index filters in headless Chromium.

    python tests/benchmarks/browse.py --sizes 1000,10000 [--reuse] [--repeat 3]

For each size it generates a repository (generate.py; --reuse takes one run.py left in --out),
builds its site (`mkdocs build`, the opsbook plugin indexing it with Pagefind; --builds times
each side, with and without the index, alternating), serves it on 127.0.0.1 as a static host
does (HTTP/1.1, connections kept alive) and reads it in Debian's Chromium through selenium
(tests/browser/sitebrowser.py: nothing is downloaded). It measures:

- build: the site build's wall and CPU time with and without the index, each the best of
  --builds; the time the plugin waited for the index after the pages; the Pagefind run alone
  over the built site;
- index: the bytes of `pagefind/` on disk, and the bytes a first query fetched;
- search cold: a fresh browser (empty cache) opens a record page; the query is typed as the
  page's load event ends (by a script the driver adds to the page, so that the driver's own
  round trips after the load are not counted); milliseconds from the page's navigation start,
  and from the typing, to the first result on screen; best of --repeat fresh browsers;
- search warm: further queries on the same page, from typing to results on screen (the worst of
  them, each the best of --repeat, and the worst of their first runs, which also fetch the
  word's index chunks); an exact ID must come first;
- index: the incident index's first screen (its rows painted) and its filters ready, from
  navigation start; a filter or sort change to the next frame painted (the worst of several
  changes, each the best of --repeat).

Times are measured inside the page (performance.now()), so selenium's own latency is left out.
It prints Markdown tables and the machine with its load average: on a shared machine, figures
move with load; best-of-N keeps the noise of other work out of the figures as far as it can.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "browser"))
import generate  # noqa: E402
from run import machine  # noqa: E402
from run import measure as run_and_measure  # noqa: E402
from sitebrowser import launch  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
_WORD = re.compile(r"[A-Za-z]{6,}")
_INDEXED = re.compile(r"search index finished in ([0-9.]+) s")

# Types `query` into the header's search box and reports when its answer is on screen.
TYPE = """
function opsbookType(query, done) {
  const input = document.querySelector('input.md-search__input');
  const answered = () => document.querySelector(`ol.md-search-result__list[data-query="${query}"]`);
  const count = () => parseInt(document.querySelector('.md-search-result__meta').textContent, 10) || 0;
  input.focus();
  input.value = query;
  const typed = performance.now();
  input.dispatchEvent(new Event('input', {bubbles: true}));
  (function poll() {
    if (answered()) {
      requestAnimationFrame(() => done({typed, shown: performance.now(),
        first: (answered().querySelector('a[data-id]') || {dataset: {}}).dataset.id || null, matches: count()}));
    } else { setTimeout(poll, 5); }
  })();
}
"""
SEARCH = TYPE + "opsbookType(arguments[0], arguments[1]);"
# For a cold search: added to the page before it loads, it types the query as the load event
# ends, inside the page; the driver's round trips after the load (0.1 to 0.3 s here) would
# count as the reader's pause otherwise. WAIT_COLD then collects the answer.
TYPE_AT_LOAD = TYPE + """
addEventListener('load', () => setTimeout(() => opsbookType(%s, answer => { window.opsbookCold = answer; }), 0));
"""
WAIT_COLD = """
const done = arguments[0];
(function poll() { window.opsbookCold ? done(window.opsbookCold) : setTimeout(poll, 5); })();
"""

# Runs one filter or sort change and reports the milliseconds to the next painted frame.
CHANGE = """
const [action, done] = arguments;
const start = performance.now();
new Function(action)();
requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
"""

FIRST_SCREEN = """
const done = arguments[0];
(function poll() {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const ready = document.querySelector('table[data-opsbook-ready]');
  if (paint && ready) { done({paint: paint.startTime, ready: performance.now()}); }
  else { setTimeout(poll, 5); }
})();
"""

CHANGES = {
    "status (2 states)": "const s = document.querySelector('select[data-filter=status]');"
                         "[...s.options].forEach((o, i) => o.selected = i === 1 || i === 2);"
                         "s.dispatchEvent(new Event('change'));",
    "open only": "document.querySelector('button[data-filter=open]').click();",
    "service": "const s = document.querySelector('select[data-filter=service]');"
               "s.selectedIndex = 2; s.dispatchEvent(new Event('change'));",
    "sort by title": "document.querySelectorAll('table[data-opsbook-ready] thead th')[1].click();",
    "text filter": "const t = document.querySelector('input[data-filter=q]');"
                   "t.value = 'database'; t.dispatchEvent(new Event('input'));",
    "clear filters": "document.querySelector('.opsbook-filter-reset').click();",
}


class _Static(SimpleHTTPRequestHandler):
    """Files as a static host serves them: HTTP/1.1, connections kept alive (GitHub Pages and
    nginx do; Python's default, HTTP/1.0, opens a connection per file), each response sent at
    once (without TCP_NODELAY, a kept-alive connection waits 40 ms on every file's last bytes)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    # (path, bytes) of every file served: what a page and its workers fetched, which the page's
    # own resource timing does not show (the search index loads in a worker).
    served: list[tuple[str, int]] = []

    def send_header(self, keyword: str, value: str) -> None:
        if keyword == "Content-Length":
            self.served.append((self.path, int(value)))
        super().send_header(keyword, value)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser closing its kept-alive connections as it quits


@contextmanager
def serve(site: Path) -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Static, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def build(repo: Path, site: Path, *, search: bool = True) -> dict[str, float]:
    """One site build; without search, from a copy of mkdocs.yml that turns the index off."""
    config = repo / "mkdocs.yml"
    if not search:
        config = repo / "mkdocs-nosearch.yml"
        text = (repo / "mkdocs.yml").read_text("utf-8")
        config.write_text(text.replace("  - opsbook\n", "  - opsbook:\n      search: false\n", 1), "utf-8")
    # Wall time, and CPU time of the build with every process it waited for (its page workers,
    # Pagefind): on a shared machine the CPU time is the steadier measure of the work.
    run = run_and_measure([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)], repo)
    if run.code != 0:
        raise SystemExit(f"the site build failed:\n{run.output[-3000:]}")
    if not search:
        return {"build without search": run.seconds, "build cpu without search": run.cpu}
    found = _INDEXED.search(run.output)
    return {"build": run.seconds, "build cpu": run.cpu,
            "indexing in build": float(found.group(1)) if found else float("nan")}


def pagefind_alone(site: Path, repeat: int) -> float:
    from opsbook.site.search_shards import index_written_site as build_search_index

    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        build_search_index(site)
        runs.append(time.perf_counter() - start)
    return min(runs)


def queries(repo: Path) -> tuple[list[str], str]:
    """Title words of a few incidents and changes (the rarer, the more like a real query), and an ID."""
    words = []
    for folder, name in (("incidents", "INC-0042"), ("changes", "CHG-0017"), ("problems", "PRB-0005"),
                         ("incidents", "INC-0150"), ("requests", "REQ-0030")):
        path = repo / "records" / folder / f"{name}.yaml"
        if path.is_file():
            title = next(line for line in path.read_text("utf-8").splitlines() if line.startswith("title:"))
            words.append(max(_WORD.findall(title), key=len).lower())
    return words, "INC-0042"


def search_times(base: str, repo: Path, repeat: int) -> dict[str, Any]:
    words, exact = queries(repo)
    page = base + "incidents/INC-0001/"
    cold, cold_word, fetched = [], [], 0
    typed: dict[str, list[float]] = {"ID": [], "word": []}  # the load event's end, for each
    for n in range(repeat * 2):
        driver = launch()  # a new profile: nothing cached
        _Static.served.clear()
        try:
            driver.set_script_timeout(60)
            # An exact ID, then a word: the generated text draws on a small vocabulary, so its
            # words are on a large share of all pages (the slowest case for any ranking).
            query = json.dumps(exact if n % 2 == 0 else words[1])
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TYPE_AT_LOAD % query})
            driver.get(page)
            answer = driver.execute_async_script(WAIT_COLD)
            (cold if n % 2 == 0 else cold_word).append(answer["shown"])
            typed["ID" if n % 2 == 0 else "word"].append(answer["typed"])
            fetched = sum(size for path, size in _Static.served if "/pagefind/" in path)
        finally:
            driver.quit()
    driver = launch()
    try:
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd("Performance.enable", {})
        driver.get(page)
        driver.execute_async_script(SEARCH, words[0])
        warm, warm_cpu, first, matches = {}, {}, {}, {}
        for query in [*words[1:], exact]:
            runs, cpu = [], []
            for _ in range(repeat):
                clear(driver)  # so the answer on screen is the new one
                answer, used = timed(driver, SEARCH, query)
                runs.append(answer["shown"] - answer["typed"])
                cpu.append(used)
                matches[query] = answer["matches"]
                if query == exact and answer["first"] != exact:
                    raise SystemExit(f"searching {exact} listed {answer['first']} first")
            warm[query], warm_cpu[query], first[query] = min(runs), min(cpu), runs[0]
    finally:
        driver.quit()
    # The figures of each best run: its page load (to the typing) and its search (from it).
    best_id, best_word = cold.index(min(cold)), cold_word.index(min(cold_word))
    return {"cold from load": min(cold), "cold word from load": min(cold_word),
            "cold split": (typed["ID"][best_id], min(cold) - typed["ID"][best_id],
                           typed["word"][best_word], min(cold_word) - typed["word"][best_word]),
            "fetched": fetched,
            "warm": warm, "warm cpu": warm_cpu, "warm first": first, "matches": matches}


def cpu_ms(driver: Any) -> float:
    """CPU time the page's renderer process has used (its main thread and workers), in ms: the
    work a step costs, whatever the load; the wall time says what a reader waits."""
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "ProcessTime")


def timed(driver: Any, script: str, *args: Any) -> tuple[Any, float]:
    before = cpu_ms(driver)
    answer = driver.execute_async_script(script, *args)
    return answer, cpu_ms(driver) - before


def clear(driver: Any) -> None:
    driver.execute_script("const i = document.querySelector('input.md-search__input');"
                          "i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true}));")
    time.sleep(0.2)  # past the search box's debounce: the list is empty again


def filter_times(base: str, repeat: int) -> dict[str, Any]:
    driver = launch()
    try:
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd("Performance.enable", {})
        screens = []
        for _ in range(repeat):
            driver.get(base + "incidents/?reload=" + str(time.time()))
            screens.append(driver.execute_async_script(FIRST_SCREEN))
        rows = driver.execute_script("return document.querySelector('.opsbook-filter-count').textContent")
        changes, changes_cpu = {}, {}
        for name, action in CHANGES.items():
            runs, cpu = [], []
            for _ in range(repeat):
                wall, used = timed(driver, CHANGE, action)
                runs.append(wall)
                cpu.append(used)
                if name not in ("clear filters",):
                    driver.execute_async_script(CHANGE, CHANGES["clear filters"])
            changes[name], changes_cpu[name] = min(runs), min(cpu)
    finally:
        driver.quit()
    return {"first screen": min(s["paint"] for s in screens), "filters ready": min(s["ready"] for s in screens),
            "rows": rows, "changes": changes, "changes cpu": changes_cpu}


def keep_best(figures: dict[str, Any], run: dict[str, float]) -> None:
    """Each figure's least value over the runs (wall and CPU time each its own best)."""
    for name, value in run.items():
        figures[name] = min(value, figures.get(name, value))


def measure(size: int, out: Path, repeat: int, reuse: bool, steps: set[str], builds: int = 1) -> dict[str, Any]:
    root = out / str(size)
    if not (reuse and (root / "repo" / "records").is_dir()):
        generate.generate(size, root)
    repo, site = root / "repo", root / "site"
    figures: dict[str, Any] = {"size": size, "load before": os.getloadavg()}
    # The sides alternate, so that a change in the machine's load weighs on both alike.
    for _ in range(builds):
        if "nosearch" in steps:
            keep_best(figures, build(repo, root / "site-nosearch", search=False))
        if "build" in steps:
            keep_best(figures, build(repo, site))
    if "build" in steps:
        figures["pagefind alone"] = pagefind_alone(site, 1)
    figures["index bytes"] = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    if "browser" in steps:
        with serve(site) as base:
            figures["search"] = search_times(base, repo, repeat)
            figures["filters"] = filter_times(base, repeat)
    figures["load after"] = os.getloadavg()
    return figures


def words_of(figures: dict[str, Any]) -> str:
    return next(iter(figures["search"]["warm"]), "?")


def report(all_figures: list[dict[str, Any]]) -> str:
    lines = ["| records | measure | figure | target | met |", "| ---: | --- | ---: | --- | --- |"]

    def row(size: int, what: str, value: str, target: str = "", ok: bool | None = None) -> None:
        met = "" if ok is None else ("yes" if ok else "**no**")
        lines.append(f"| {size:,} | {what} | {value} | {target} | {met} |")

    for f in all_figures:
        n = f["size"]
        judged = n >= 10_000
        if "build without search" in f:
            row(n, "site build without the search index", f"{f['build without search']:.1f} s")
        if "build" in f:
            row(n, "site build with the search index", f"{f['build']:.1f} s")
            row(n, "indexing left after the pages are written / Pagefind alone over the written site",
                f"{f['indexing in build']:.1f} s / {f['pagefind alone']:.1f} s")
            extra = (f["build"] - f["build without search"] if "build without search" in f
                     else f["indexing in build"])
            share = extra / (f["build"] - extra)
            row(n, "extra build time for the index" + ("" if "build without search" in f else " (time after the pages)"),
                f"{extra:.1f} s ({share:.0%})", "<= 15 %", share <= 0.15 if judged else None)
            if "build cpu without search" in f:
                cpu = f["build cpu"] - f["build cpu without search"]
                row(n, "build CPU without / with the index (extra)",
                    f"{f['build cpu without search']:.1f} s / {f['build cpu']:.1f} s "
                    f"(+{cpu:.1f} s, {cpu / f['build cpu without search']:.0%})")
            else:
                row(n, "build CPU with the index", f"{f['build cpu']:.1f} s")
        row(n, "search index on disk", f"{f['index bytes'] / 1e6:.1f} MB")
        if "search" not in f:
            continue
        s, i = f["search"], f["filters"]
        row(n, "bytes of the index fetched by a first query", f"{s['fetched'] / 1e3:.0f} KB")
        row(n, "search cold: first result from page load, exact ID", f"{s['cold from load']:.0f} ms",
            "<= 1,500 ms", s["cold from load"] <= 1500 if judged else None)
        row(n, f"search cold: first result from page load, a word ({words_of(f)})",
            f"{s['cold word from load']:.0f} ms", "<= 1,500 ms", s["cold word from load"] <= 1500 if judged else None)
        split = s["cold split"]
        row(n, "search cold, each best run: page load / search, exact ID; page load / search, a word",
            f"{split[0]:.0f} / {split[1]:.0f} ms; {split[2]:.0f} / {split[3]:.0f} ms")
        for query, wall in s["warm"].items():
            row(n, f"  warm query {query!r} ({s['matches'].get(query, '?')} pages): wall / renderer CPU",
                f"{wall:.0f} ms / {s['warm cpu'][query]:.0f} ms")
        worst = max(s["warm"].values())
        row(n, "search warm: worst further query (" + ", ".join(s["warm"]) + ")", f"{worst:.0f} ms",
            "<= 300 ms", worst <= 300 if judged else None)
        row(n, "search warm: renderer CPU of the worst query", f"{max(s['warm cpu'].values()):.0f} ms")
        # A word's first query on the page also fetches its index chunks; the best-of-N above
        # are repeats, answered from chunks already loaded.
        row(n, "search warm: worst first query of a word (its index chunks fetched)",
            f"{max(s['warm first'].values()):.0f} ms", "<= 300 ms",
            max(s["warm first"].values()) <= 300 if judged else None)
        row(n, f"incident index ({i['rows']}): first screen painted", f"{i['first screen']:.0f} ms",
            "<= 1,000 ms", i["first screen"] <= 1000 if judged else None)
        row(n, "incident index: filters ready (all rows loaded)", f"{i['filters ready']:.0f} ms")
        worst_change = max(i["changes"].values())
        row(n, "filter/sort change to next frame, worst of " + ", ".join(i["changes"]), f"{worst_change:.0f} ms",
            "<= 300 ms", worst_change <= 300 if judged else None)
        for name, wall in i["changes"].items():
            row(n, f"  {name}: wall / renderer CPU", f"{wall:.0f} ms / {i['changes cpu'][name]:.0f} ms")
        lines.append(f"| {n:,} | load average before / after | "
                     f"{' '.join(f'{x:.1f}' for x in f['load before'])} / "
                     f"{' '.join(f'{x:.1f}' for x in f['load after'])} | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="opsbook browser benchmark: search and index filters")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated record counts")
    parser.add_argument("--out", type=Path, default=Path("/tmp/opsbook-bench"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (the best is kept)")
    parser.add_argument("--reuse", action="store_true", help="reuse generated repositories in --out")
    parser.add_argument("--builds", type=int, default=1, help="builds of each side (the best is kept)")
    parser.add_argument("--steps", default="nosearch,build,browser",
                        help="nosearch (a build without the index), build (with it), "
                             "browser (search and filters on the built site)")
    options = parser.parse_args()
    steps = set(options.steps.split(","))
    results: list[dict[str, Any]] = []
    for size in sorted(int(s) for s in options.sizes.split(",")):
        results.append(measure(size, options.out, options.repeat, options.reuse, steps, options.builds))
        print(f"  {size:>6} done: {results[-1]}", file=sys.stderr, flush=True)
    print(f"\nMachine: {machine()}; Chromium {chromium_version()}\n")
    print(report(results))


def chromium_version() -> str:
    from sitebrowser import CHROMIUM

    found = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=False)
    return found.stdout.strip().removeprefix("Chromium ").split()[0] if found.returncode == 0 else "?"


if __name__ == "__main__":
    main()
