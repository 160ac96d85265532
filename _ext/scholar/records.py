"""Typed records: what the domain stores for each entry, and the facts read from refs.bib.

A record holds one entry's own facts as its file states them. A directive makes it while
the file is read; it is pickled with the environment and never changed afterwards.
Everything that depends on other entries (backlinks, schedules, related entries) is
derived from the records in :mod:`catalog`. To add a field to talks: add it here, parse
it in ``TalkDirective.fields`` (directives.py), and read it in the views that show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import Name


@dataclass(frozen=True)
class Speaker:
    name: str  # as the entry spells it; the registry maps it to a person
    affiliation: str | None = None  # the last parenthesised group of the option item


@dataclass(frozen=True)
class PaperLink:
    key: str  # BibTeX key of a paper the talk presents
    reason: str | None = None  # why the link was made, shown beside it


@dataclass(frozen=True)
class Record:
    """Where an entry is defined: every record has an id, a page and a line."""

    id: str  # unique per kind across the site
    docname: str  # the page holding the directive
    lineno: int  # the directive's first line
    lines: dict[str, int] = field(default_factory=dict)  # option name -> its line, for warnings

    def line_of(self, option: str | None) -> int:
        """The line of an option, or of the directive when the option is absent."""
        return self.lines.get(option, self.lineno) if option else self.lineno


@dataclass(frozen=True)
class Event(Record):
    title: str = ""  # the directive's argument
    description: str = ""  # the body as plain text
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None  # YYYY-MM-DD, never before start
    timezone: str | None = None  # IANA name; the zone of every talk time of the event
    location: str | None = None
    url: str | None = None  # the event's own website
    recorded: bool = False  # the source lists its talks as recordings
    source: str | None = None  # the file in sources/ it was imported from


@dataclass(frozen=True)
class Slot(Record):
    """A schedule item that is not a talk: a break, a meal, opening remarks."""

    event: str = ""  # the event of the file holding it
    title: str = ""
    date: str | None = None
    start: str | None = None  # HH:MM in the event's zone
    end: str | None = None
    room: str | None = None  # where, when the event runs parallel rooms


@dataclass(frozen=True)
class Talk(Record):
    event: str | None = None  # event id
    title: str | None = None  # None while the talk is to be announced
    status: str = "scheduled"  # "scheduled" or "tbd"
    speakers: list[Speaker] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD
    start: str | None = None  # HH:MM in the event's zone
    end: str | None = None  # HH:MM, after start
    order: int | None = None  # position inside a block of talks sharing one time slot
    room: str | None = None  # where, when the event runs parallel rooms
    themes: list[str] = field(default_factory=list)  # theme ids
    papers: list[PaperLink] = field(default_factory=list)  # the papers the talk presents
    recording: str | None = None  # a checked link to a recording of this talk
    slides: str | None = None  # a checked link to its slides
    source: str | None = None  # the file in sources/ it was imported from
    abstract: str = ""  # the body as plain text

    @property
    def page_title(self) -> str:
        """The title, or what the page is called while it is to be announced."""
        if self.title:
            return self.title
        names = ", ".join(speaker.name for speaker in self.speakers) or "unknown speaker"
        return f"Talk to be announced ({names})"


@dataclass(frozen=True)
class ListingAuthors:
    """The author facts exactly as the source listing gives them, before any completion."""

    authors: list[str] = field(default_factory=list)  # the names it gives
    authors_complete: bool = False  # false when it truncates ("et al.") or gives only a count
    n_authors: int | None = None  # the count, when known


@dataclass(frozen=True)
class Verification:
    """The stored public page a record was checked against."""

    url: str  # the page
    checks: str  # what was compared, in a few words
    added: list[str] = field(default_factory=list)  # the BibTeX fields taken from that page


@dataclass(frozen=True)
class AbstractSource:
    """Where the abstract on an editors' reference's page comes from (not from a listing)."""

    url: str  # the work's own page that gives it
    kind: str = "abstract"  # "abstract", "publisher-description", "table-of-contents" or "opening-summary"
    excerpt: bool = False  # the page read gave only part of it


@dataclass(frozen=True)
class Published:
    """A published version of a preprint, as a proceedings or publisher page states it."""

    venue: str
    year: int | None = None
    doi: str | None = None
    url: str | None = None  # the page that states it


@dataclass(frozen=True)
class BibFacts:
    """Everything the site shows about a paper from its refs.bib (or editors.bib) record."""

    entry_type: str = "misc"  # the BibTeX entry type, lowercase
    title: str | None = None  # plain text; math between $ kept
    names: list[Name] = field(default_factory=list)  # every known author, "others" left out
    authors_complete: bool = False
    n_authors: int | None = None
    year: int | None = None
    month: int | None = None
    date: str | None = None  # YYYY-MM-DD when year, month and day are all known
    arxiv: str | None = None  # the arXiv id, when the record has one
    category: str | None = None  # arXiv primary category
    url: str | None = None
    doi: str | None = None  # the work's own DOI (not arXiv's)
    venue: str | None = None  # journal or book title of the record itself
    volume: str | None = None
    issue: str | None = None  # BibTeX's ``number``
    pages: str | None = None  # "235-250", one hyphen
    publisher: str | None = None
    published: Published | None = None  # a published version of a preprint
    verified: Verification | None = None  # set when facts were checked against a page
    abstract_source: AbstractSource | None = None  # set when the page's abstract is not the listing's
    listing: ListingAuthors = field(default_factory=ListingAuthors)

    @property
    def authors(self) -> list[str]:
        """The authors' names as the pages show them."""
        return [name.written for name in self.names]

    @property
    def iso_date(self) -> str | None:
        """As much of the date as is known, in ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY."""
        if self.date:
            return self.date
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}" if self.year else None


@dataclass(frozen=True)
class Paper(Record):
    themes: list[str] = field(default_factory=list)
    year_inferred: str | None = None  # why a year was inferred, when it was
    source: str | None = None  # the listing it comes from
    added_by: str | None = None  # who added an entry no listing holds
    abstract: str = ""  # the body as plain text
    bib: BibFacts = field(default_factory=BibFacts)
    bibtex: str = ""  # the record as a reader copies it
    bibhash: str | None = None  # digest of the refs.bib record the page was read with

    @property
    def page_title(self) -> str:
        """The title, else its arXiv id, else its key: what the source gives."""
        if self.bib.title:
            return self.bib.title
        return f"arXiv:{self.bib.arxiv}" if self.bib.arxiv else f"Untitled paper ({self.id})"


@dataclass(frozen=True)
class Step(Record):
    """One item of a reading path; its id is ``docname:lineno``."""

    target_kind: str = "paper"  # "paper" or "talk"
    target: str = ""  # the paper's key or the talk's id
    level: str | None = None  # introductory, core or advanced
    cited: bool = False  # whether the step cited its paper (the key was in refs.bib)

    @property
    def entry(self) -> str:
        return f"{self.target_kind}:{self.target}"


@dataclass(frozen=True)
class PageClaim(Record):
    """A page that presents a person or a theme; its id is the person's or theme's id."""

    kind: str = "person"  # "person" or "theme"


#: The domain's kinds of record, by the name under which it stores them.
KINDS: dict[str, type[Record]] = {
    "event": Event, "slot": Slot, "talk": Talk, "paper": Paper, "step": Step,
    "person-page": PageClaim, "theme-page": PageClaim,
}
