"""What the importer reads from the listings, before it is written as entry files.

These are the importer's own records (a listing's talk, event or paper as parsed), not the
site's (``_ext/scholar/records.py``): they hold what a listing gives, in the listing's terms.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class Speaker:
    name: str
    affiliation: str | None = None


@dataclasses.dataclass
class Talk:
    event: str
    source: str
    speaker: Speaker
    title: str | None  # None for a talk still "TBD"
    abstract: str = ""
    date: str | None = None
    start: str | None = None
    end: str | None = None
    order: int | None = None
    bio: str | None = None  # speaker bio printed under the abstract (002)
    cited_arxiv: list[str] = dataclasses.field(default_factory=list)
    id: str = ""


@dataclasses.dataclass
class Slot:
    title: str
    date: str | None = None
    start: str | None = None
    end: str | None = None


@dataclasses.dataclass
class Event:
    id: str
    title: str
    source: str
    start: str | None = None
    end: str | None = None
    timezone: str | None = None
    location: str | None = None
    description: str = ""
    recorded: bool = False  # the listing presents the talks as recordings
    slots: list[Slot] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Paper:
    sources: list[str]
    title: str | None
    abstract: str = ""
    authors: list[str] = dataclasses.field(default_factory=list)
    authors_truncated: bool = False
    author_count: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    category: str | None = None
    eprint: str | None = None
    key: str = ""
    # Set from tools/verified.yaml when the paper was checked against a stored public page:
    verification: dict | None = None  # the page, what was checked, and the fields it added
    listing_authors: list[str] | None = None  # the listing's own names, when the record completed them
    published: dict | None = None  # a published version: venue, year, doi, url of the page stating it
