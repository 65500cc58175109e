"""Where the site's Mermaid script comes from: a registry package, never committed code.

Material for MkDocs loads Mermaid from a CDN unless a global `mermaid` already exists, so the
plugin ships a local copy as an extra script. The copy is the browser bundle of Mermaid that
the `mmdc` package (PyPI; `pip install 'opsbook[diagrams]'`) carries for its own renderer; it
is located without importing `mmdc` (which would start a JavaScript engine) and checked against
a known digest, since a script served to every reader must be exactly the one reviewed. Without
it the plugin warns (a strict build fails), because the site would then fetch Mermaid online.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

PROVIDER = "mmdc"
ASSET = ("assets", "mermaid.js")
# mmdc 0.7.0 ships Mermaid 11.12.0; update both together (pyproject.toml pins mmdc).
KNOWN_DIGESTS = frozenset({"07e37dfa97b337ccc85365d57eddf99b9706f09db3b59b260d0333b23b343c4b"})


def mermaid_script(configured: str = "auto") -> tuple[Path | None, str]:
    """(path of the Mermaid browser bundle, or None; why not) for `configured` = auto, off or a path."""
    if configured == "off":
        return None, ""
    if configured != "auto":
        path = Path(configured)
        return (path, "") if path.is_file() else (None, f"mermaid script {configured} not found")
    spec = importlib.util.find_spec(PROVIDER)
    if spec is None or not spec.submodule_search_locations:
        return None, ("Mermaid's browser bundle is not installed, so diagrams would load Mermaid from the "
                      "internet: install it with pip install 'opsbook[diagrams]', or set the opsbook plugin's "
                      "`mermaid` option to the path of a reviewed mermaid.min.js")
    path = Path(next(iter(spec.submodule_search_locations)), *ASSET)
    if not path.is_file():
        return None, f"{PROVIDER} has no {'/'.join(ASSET)}; diagrams will not render"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest not in KNOWN_DIGESTS:
        return None, f"{path} has an unreviewed digest {digest}; diagrams will not render"
    return path, ""
