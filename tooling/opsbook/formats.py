"""String formats the schemas use, checked without optional jsonschema extras."""

from __future__ import annotations

import html
import ipaddress
import re
from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jsonschema import FormatChecker

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


def is_date(value: object) -> bool:
    return not isinstance(value, str) or (bool(_DATE.match(value)) and _parses(date.fromisoformat, value))


def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(_DATE_TIME.match(value)) and _parses(datetime.fromisoformat, value.replace("z", "Z"))


def is_time(value: object) -> bool:
    return not isinstance(value, str) or (bool(_TIME.match(value)) and _parses(time.fromisoformat, value))


def is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def is_uri(value: object) -> bool:
    return not isinstance(value, str) or (is_safe_link(value) and bool(_SCHEME.match(value)))


def is_uri_reference(value: object) -> bool:
    return not isinstance(value, str) or is_safe_link(value)


def is_ipv4(value: object) -> bool:
    """Four decimal numbers 0-255 without leading zeros (which some tools read as octal)."""
    return not isinstance(value, str) or (value.isascii() and _parses(ipaddress.IPv4Address, value))


def is_ipv6(value: object) -> bool:
    """An IPv6 address without a zone (`%eth0` names an interface of one host, not an address)."""
    return not isinstance(value, str) or (value.isascii() and "%" not in value and _parses(
        ipaddress.IPv6Address, value))


# The checks by format name. Every format a schema uses is here, so that both validators run
# the same check (a test keeps it so).
FUNCTIONS = {"date": is_date, "date-time": is_date_time, "time": is_time, "email": is_email,
             "uri": is_uri, "uri-reference": is_uri_reference, "ipv4": is_ipv4, "ipv6": is_ipv6}


@cache
def format_checker() -> FormatChecker:
    """FUNCTIONS for jsonschema, built when a record needs explaining: importing jsonschema
    costs a tenth of a second, which a valid repository's validation need not pay."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FUNCTIONS.items():
        checker.checks(name)(check)
    return checker


def is_safe_link(value: str) -> bool:
    """Only http(s), mailto and relative links reach the site; no javascript:, data: or the like."""
    # Browsers read a backslash as a slash, so `/\host` and `\\host` are protocol-relative too.
    if any(ch.isspace() or ord(ch) < 32 for ch in value) or value.replace("\\", "/").startswith("//"):
        return False
    match = _SCHEME.match(value)
    if match is not None and match.group().lower() not in _ALLOWED_SCHEMES:
        return False
    # `&#106;avascript:` is a harmless relative path only as long as every output escapes `&`.
    decoded = html.unescape(value)
    return decoded == value or is_safe_link(decoded)


def _parses(parser: object, value: str) -> bool:
    try:
        parser(value)  # type: ignore[operator]
    except ValueError:
        return False
    return True
