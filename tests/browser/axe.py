"""axe-core, the accessibility engine, as test data: the pinned release from the npm registry,
fetched once with `npm pack` into a cache folder and loaded into the page by the test.

`npm pack` checks the tarball against the registry's integrity hash; the test then checks it
against the hash pinned here, so every run audits with the same rules. Without npm, or offline
with an empty cache, the audit skips, except under CI, where it fails (CI must run it).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from sitebrowser import unavailable

VERSION = "4.10.3"
INTEGRITY = "sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg=="
CACHE = Path(os.environ.get("OPSBOOK_AXE_CACHE", Path(__file__).resolve().parents[2] / ".cache" / "axe-core"))
# What is audited: WCAG 2.x A and AA rules and best practices; what fails a page: these impacts.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = ("critical", "serious")


def axe_source() -> str:
    tarball = CACHE / f"axe-core-{VERSION}.tgz"
    if not tarball.is_file():
        _pack(tarball)
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != INTEGRITY:
        tarball.unlink()
        raise AssertionError(f"{tarball.name} does not match the pinned integrity hash; removed, run again")
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None, "axe-core's tarball has no package/axe.min.js"
        return member.read().decode("utf-8")


def _pack(tarball: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        unavailable("npm is not installed (axe-core comes from the npm registry)", "apt-get install npm")
    tarball.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([npm, "pack", f"axe-core@{VERSION}", "--pack-destination", str(tarball.parent)],
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0 or not tarball.is_file():
        unavailable(f"npm pack axe-core@{VERSION} failed: {result.stderr.strip()[-300:]}",
                    f"npm pack axe-core@{VERSION} --pack-destination {tarball.parent}")


def audit(driver: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's violations of the page in `driver`, serious and critical ones only."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),"
        " ours: !!(document.querySelector(n.target[0]) || document.body).closest('.md-content'),"
        " summary: n.failureSummary}))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
        TAGS)
    return [v for v in result if v["impact"] in FAILING]
