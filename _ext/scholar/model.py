"""Validation of entry options: every raw option string becomes a typed value or an error.

All checks that look at a single entry live here, so that every directive reports bad
input the same way. Each parser returns its value or raises :class:`Invalid` with a
message meant for the author of the entry file.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from urllib.parse import urlsplit

from .names import ascii_fold
from .records import PaperLink, Speaker

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TRAILING_GROUP = re.compile(r"^(?P<head>.*?)\s*\((?P<group>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")

STATUSES = ("scheduled", "tbd")


class Invalid(ValueError):
    """An option value that cannot be used; the message says why."""


def date(value: str) -> str:
    """An ISO calendar date, checked to exist (``2024-13-40`` is refused)."""
    value = value.strip()
    if not _DATE.match(value):
        raise Invalid(f"malformed date {value!r} (expected YYYY-MM-DD)")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"malformed date {value!r} (no such day)") from None
    return value


def time(value: str) -> str:
    """A 24-hour ``HH:MM`` time of day (``25:00`` is refused)."""
    value = value.strip()
    if not _TIME.match(value):
        raise Invalid(f"malformed time {value!r} (expected HH:MM, 24-hour)")
    hours, minutes = int(value[:2]), int(value[3:])
    if hours > 23 or minutes > 59:
        raise Invalid(f"malformed time {value!r} (no such time of day)")
    return value


def timezone(value: str) -> str:
    """An IANA time zone name such as ``Europe/Zagreb``."""
    value = value.strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"unknown time zone {value!r} (expected an IANA name such as Europe/Zagreb)") from None
    return value


#: URL schemes a link may have; mailto only where an address belongs (a person's page).
SAFE_SCHEMES = ("http", "https")

#: Characters no URL of the site contains: browsers drop tabs and newlines and ignore
#: leading control characters, which turns "java\tscript:" into "javascript:".
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def safe_link(uri: str, *, absolute: bool = False, mailto: bool = False) -> bool:
    """Whether ``uri`` may become a link: the one rule for every link the site makes.

    ``absolute``: only an http(s) URL with a host (an entry's or a person's address);
    otherwise a relative link inside the site is also fine. ``mailto``: a mail address
    is fine too (where a person's address belongs).
    """
    if not uri.strip():
        return not absolute  # a link to the page itself
    if _URL_CONTROL.search(uri.strip()):
        return False
    parts = urlsplit(uri.strip())
    scheme = parts.scheme.lower()
    if scheme in SAFE_SCHEMES:
        return bool(parts.netloc)
    if scheme == "mailto":
        return mailto
    return not scheme and not absolute


def link(value: str) -> str:
    """An absolute http(s) URL; other schemes (``javascript:``, ``file:``) are refused."""
    value = value.strip()
    if not safe_link(value, absolute=True):
        raise Invalid(f"link {value!r} is not an http(s) URL")
    return value


def identifier(value: str) -> str:
    """A lowercase identifier as used for events, talks, themes and people."""
    value = value.strip()
    if not _ID.match(value):
        raise Invalid(f"malformed id {value!r} (use lowercase letters, digits, '-', '_' and '.')")
    return value


#: A BibTeX key the site can use: it names the paper's page, papers/<key>.md.
_BIBTEX_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def bibtex_key(key: str) -> str:
    """``key`` when it can name a page; otherwise the nearest key that can.

    Reference managers write keys such as ``DBLP:conf/icml/Smith20`` or ``Gödel1931``:
    a ``:`` or ``/`` in a page name would leave the ``papers/`` folder or break a URL.
    """
    if _BIBTEX_KEY.fullmatch(key) and ".." not in key:
        return key
    ascii_key = ascii_fold(key)
    cleaned = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_key).strip("-_")
    return cleaned or "record"


def id_list(value: str) -> list[str]:
    """A comma-separated list of identifiers, in order, without repeats."""
    items = [identifier(item) for item in value.split(",") if item.strip()]
    return list(dict.fromkeys(items))


def status(value: str) -> str:
    value = value.strip().lower()
    if value not in STATUSES:
        raise Invalid(f"unknown status {value!r} (expected one of {', '.join(STATUSES)})")
    return value


def choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A parser accepting one of ``allowed`` (case ignored)."""
    def parse(value: str) -> str:
        value = value.strip().lower()
        if value not in allowed:
            raise Invalid(f"unknown value {value!r} (expected one of {', '.join(allowed)})")
        return value
    return parse


def yes_no(value: str) -> bool:
    value = value.strip().lower()
    if value not in ("yes", "no"):
        raise Invalid(f"expected yes or no, got {value!r}")
    return value == "yes"


def positive_int(value: str) -> int:
    value = value.strip()
    if not value.isdigit() or int(value) < 1:
        raise Invalid(f"expected a positive whole number, got {value!r}")
    return int(value)


def split_trailing_group(item: str) -> tuple[str, str | None]:
    """Split ``'Name (Group)'`` into ``('Name', 'Group')``; the group is the last one.

    ``'Liangchen (Lewis) Liu (Mathematics, UT Austin)'`` keeps the nickname in the name.
    """
    item = " ".join(item.split())
    match = _TRAILING_GROUP.match(item)
    if not match or not match["head"]:
        return item, None
    return match["head"], match["group"].strip() or None


def speakers(value: str) -> list[Speaker]:
    """``Name (Affiliation); Name`` → one :class:`Speaker` per item."""
    result = []
    for item in value.split(";"):
        if not item.strip():
            continue
        name, affiliation = split_trailing_group(item)
        result.append(Speaker(name, affiliation))
    if not result:
        raise Invalid("no speaker given")
    return result


def paper_links(value: str) -> list[PaperLink]:
    """``key (reason), key`` → one :class:`PaperLink` per item.

    Items are separated by commas outside parentheses, so a reason may contain commas.
    """
    links, depth, current = [], 0, ""
    for char in value + ",":
        if char == "," and depth == 0:
            if current.strip():
                key, reason = split_trailing_group(current)
                links.append(PaperLink(identifier_or_bibkey(key), reason))
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        current += char
    return links


def text(value: str) -> str:
    """Free text on one line: runs of spaces and newlines become one space."""
    return " ".join(value.split())


def identifier_or_bibkey(value: str) -> str:
    """A BibTeX key: no spaces, commas, braces or quotes."""
    value = value.strip()
    if not value or re.search(r"[\s,{}\"#%'()=]", value):
        raise Invalid(f"malformed BibTeX key {value!r}")
    return value


def check_interval(start: str | None, end: str | None, what: str) -> None:
    """Refuse an interval whose end precedes its start (both ISO strings, comparable)."""
    if start and end and end < start:
        raise Invalid(f"{what} ends ({end}) before it starts ({start})")


def utc_offset(date: str, time: str, zone: str) -> str:
    """The zone's offset from UTC at that local moment, as ``+02:00`` (summer time included)."""
    moment = dt.datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return moment.isoformat()[-6:]
