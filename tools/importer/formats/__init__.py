"""The source formats: one module per kind of listing, each registering its parser here.

A listing is read by the parser its entry in ``sources/manifest.yaml`` names. Next
year's listing in a new layout is one new module in this folder: a ``parse(text,
listing)`` function decorated with ``@register("format-name")``, imported below, and a
line in the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..records import Event, Paper, Talk


@dataclass(frozen=True)
class Listing:
    """A source file and what the manifest says about it that the file itself does not."""

    name: str  # the file name in sources/
    format: str  # the parser that reads it (a key of FORMATS)
    event: str | None = None  # the id of the event its talks belong to
    timezone: str | None = None  # the event's IANA zone: listings give times without one


@dataclass
class Parsed:
    """What one listing holds."""

    events: list[Event] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out, reported with --verbose


Parser = Callable[[str, Listing], Parsed]
FORMATS: dict[str, Parser] = {}


def register(name: str) -> Callable[[Parser], Parser]:
    def add(parser: Parser) -> Parser:
        FORMATS[name] = parser
        return parser
    return add


# Each module registers its parser when imported.
from . import daily_papers, publication_list, symposium_agenda, talk_series, workshop_page  # noqa: E402,F401
