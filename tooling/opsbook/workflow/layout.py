"""Where records of each kind live, seen from git's side (paths relative to the opsbook root)."""

from __future__ import annotations

import re

from opsbook.config import Config
from opsbook.kinds import Kind, Kinds

# An ID at the start of a file name: `INC-0042.yaml`, `KB-0007-reset-a-token.md`.
ID_IN_NAME = re.compile(r"^([A-Z]{2,5})-([0-9]+)(?=[.-]|$)")


def kind_folder(config: Config, kind: Kind) -> str:
    return config.kb if kind.is_document else f"{config.records}/{kind.folder}"


def kind_of_path(config: Config, kinds: Kinds, path: str) -> Kind | None:
    """The kind a file at `path` holds, by the same layout rules as the loader."""
    folder, _, name = path.rpartition("/")
    if folder == config.kb and name.endswith(".md"):
        return next((k for k in kinds if k.is_document), None)
    parent, _, leaf = folder.rpartition("/")
    if parent == config.records and name.endswith(".yaml"):
        return kinds.by_folder(leaf)
    return None


def id_in_name(path: str) -> str | None:
    match = ID_IN_NAME.match(path.rpartition("/")[2])
    return f"{match.group(1)}-{match.group(2)}" if match else None


def id_number(record_id: str, prefix: str) -> int | None:
    match = ID_IN_NAME.match(record_id)
    return int(match.group(2)) if match and match.group(1) == prefix else None
