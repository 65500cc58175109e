"""Imported by every Python started with this folder on PYTHONPATH (tests only): opening a file
for writing under $OPSBOOK_TEST_FULL_DISK fails as on a full disk (ENOSPC), at the OS boundary
of the build, in MkDocs, its plugins and opsbook alike."""

from __future__ import annotations

import builtins
import errno
import os

_FULL = os.environ.get("OPSBOOK_TEST_FULL_DISK")

if _FULL:
    _open = builtins.open

    def _open_on_a_full_disk(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if any(flag in mode for flag in "wax+") and os.path.abspath(os.fsdecode(file)).startswith(_FULL):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fsdecode(file))
        return _open(file, mode, *args, **kwargs)

    builtins.open = _open_on_a_full_disk
