"""Text for CI logs and pull-request summaries, where record text and file names are data.

GitHub's runner treats a line of a step's output that starts (after blanks) with `::` as a
workflow command (`::error`, `::add-mask`, `::stop-commands`), and with `##[` as a legacy one;
a Markdown summary turns `|`, `<`, `[` into tables, HTML and links. So under `--format github`
every plain line goes through `github_plain`, every value in a command through `escape_data` /
`escape_property`, and every value in Markdown through `markdown_text`.
"""

from __future__ import annotations

import re

_COMMAND_START = re.compile(r"^(\s*)(::|##\[)")
_MARKDOWN_ACTIVE = "\\`*_{}[]()<>#+!|~&"


def github_plain(text: str) -> str:
    """Plain output lines that no data can turn into a workflow command: a carriage return ends
    a line as a newline does, and a line that would start a command starts with a backslash."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_COMMAND_START.sub(r"\1\\\2", line) for line in lines)


def escape_data(text: str) -> str:
    """The message of a workflow command: `%`, CR and LF are the runner's own escapes."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property of a workflow command (file=, title=): `:` and `,` would end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_text(text: str) -> str:
    """Data as literal text inside Markdown (a table cell, a list item): one line, every
    character Markdown or HTML would act on backslash-escaped."""
    for char in _MARKDOWN_ACTIVE:
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def markdown_code(text: str) -> str:
    """Data as a code span (shown literally: no HTML, no links), or as escaped text when it holds
    what would end the span or the table cell."""
    if any(char in text for char in "`|\r\n"):
        return markdown_text(text)
    return f"`{text}`"
