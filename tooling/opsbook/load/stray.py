"""Files that look like records but sit where nothing reads them: a record at the repository
root, or a kind's folder outside `records/`. They are reported, never silently ignored: a
reviewer would otherwise take them for records the gate has checked."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from opsbook.config import Config
from opsbook.diagnostics import Diagnostic, error
from opsbook.kinds import Kinds

# A name that starts with an ID: `INC-0042.yaml`, `KB-0007-reset-a-token.md`, `CHG-0001.yml`.
_ID_NAME = re.compile(r"^([A-Z]{2,5})-[0-9]+(?=[.-]|$)")


def stray_files(config: Config, kinds: Kinds) -> Iterator[Diagnostic]:
    """Record-like entries at the repository root, where no record belongs."""
    try:
        with os.scandir(config.root) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    folders = {k.folder for k in kinds if not k.is_document}
    taken = {config.records.split("/")[0], config.kb.split("/")[0], config.schemas.split("/")[0]}
    for entry in entries:
        match = _ID_NAME.match(entry.name)
        kind = kinds.by_prefix(match.group(1)) if match else None
        if kind is not None and not entry.is_dir(follow_symlinks=False):
            home = config.kb if kind.is_document else f"{config.records}/{kind.folder}"
            yield error(entry.name, 1, 1, "file-stray",
                        f"a record file at the repository root is read by nothing; records live in {home}/")
        elif entry.name in folders and entry.name not in taken and entry.is_dir(follow_symlinks=False):
            yield error(entry.name, 1, 1, "file-stray",
                        f"a folder named like a kind's folder outside {config.records}/ is read by nothing; "
                        f"records live in {config.records}/{entry.name}/")
