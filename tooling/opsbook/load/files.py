"""Reading one file into text, refusing file-level hazards with a position."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from opsbook.diagnostics import Diagnostic, error

# C0 controls but tab, LF and CR; DEL; C1 controls; and the bidirectional overrides and
# isolates that can make a reviewer read something other than what the file says.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def read_text(path: Path, shown: str, max_bytes: int) -> str | Diagnostic:
    """The file's text, or the one diagnostic that says why it cannot be a record."""
    try:
        status = os.lstat(path)  # one call answers link, type and size
        if stat.S_ISLNK(status.st_mode):
            return error(shown, 1, 1, "file-symlink", "symbolic links are not allowed among records")
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or device would block or never end; a folder is no record either.
            return error(shown, 1, 1, "file-unreadable", "not a regular file")
        if status.st_size > max_bytes:
            return error(shown, 1, 1, "file-too-large", f"file is {status.st_size} bytes; the limit is {max_bytes}")
        raw = path.read_bytes()
    except OSError as exc:
        return error(shown, 1, 1, "file-unreadable", f"cannot read file: {exc.strerror or exc}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(raw[: exc.start].decode("utf-8", "replace"), len(raw[: exc.start].decode("utf-8", "replace")))
        return error(shown, line, column, "file-encoding", f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})")
    bad = _FORBIDDEN.search(text)
    if bad:
        line, column = _line_col(text, bad.start())
        return error(
            shown, line, column, "file-control-char",
            f"control or bidirectional character U+{ord(bad.group()):04X} is not allowed",
        )
    return text.replace("\r\n", "\n")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
