"""What a reference manager should save for each talk and paper: one record per entry.

Every citation format the site publishes is made from a :class:`Citation`: the Zotero
tags and Highwire tags of page heads and the COinS of lists (metadata.py), CSL-JSON and
the formatted reference (csl.py). Zotero's item types and field names are the model,
because Zotero is what most readers save with and its types map one to one onto CSL's.

The type says what is known, never more:

- a record with a journal (``@article``) is a ``journalArticle``, with a book title
  (``@inproceedings``) a ``conferencePaper``, a ``@book`` a ``book``;
- a preprint whose published version a proceedings page states (``publishedvenue``) is
  the ``conferencePaper`` of that version, with the arXiv id kept beside it;
- any other record with an arXiv id is a ``preprint`` in the arXiv repository;
- a record with neither is a ``document``: the listing gives a title, not where it appeared;
- a talk is a ``presentation`` of its speakers at its event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .mathtext import math_to_text
from .names import Name, parse_name
from .records import BibFacts, Event, Paper, Talk

# BibTeX entry types that say where a work appeared, and the Zotero type of each.
RECORD_TYPES = {"article": "journalArticle", "inproceedings": "conferencePaper", "incollection": "bookSection",
                "book": "book"}


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI arXiv registers for every paper."""
    return f"10.48550/arXiv.{arxiv_id}"


@dataclass(frozen=True)
class Citation:
    item_type: str  # Zotero's item type: preprint, conferencePaper, journalArticle, book, document, presentation
    title: str  # plain text, math as Unicode
    creators: list[Name] = field(default_factory=list)  # authors, or a talk's speakers, in order
    complete: bool = True  # False when the source names only the first creators
    n_creators: int | None = None  # how many there are, when known
    date: str | None = None  # ISO 8601, as much as is known: YYYY, YYYY-MM or YYYY-MM-DD
    abstract: str = ""  # plain text
    url: str | None = None  # where the work is: arXiv, the proceedings, or the talk's own page
    page_url: str | None = None  # the site's page on the entry
    doi: str | None = None
    container: str | None = None  # the journal, proceedings or book title
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # "235-250"
    publisher: str | None = None  # the publisher; for a preprint, its repository
    archive_id: str | None = None  # a preprint's id in its repository, "arXiv:2402.03902"
    meeting: str | None = None  # a talk's event
    place: str | None = None  # a talk's place
    genre: str | None = None  # a talk's kind: "Talk", "Recorded talk"
    extra: list[str] = field(default_factory=list)  # lines for Zotero's Extra field

    @property
    def incomplete_note(self) -> str | None:
        """What a format that cannot mark "et al." says instead, when the list is incomplete."""
        if self.complete:
            return None
        known = len(self.creators)
        if not known:
            return (f"No author named: the source gives only their number ({self.n_creators})" if self.n_creators
                    else "No author named: the source names none")
        if self.n_creators and self.n_creators > known:
            return f"Incomplete author list: {known} of {self.n_creators} authors named"
        return "Incomplete author list: the source names only the first authors"


@dataclass(frozen=True)
class Publication:
    """Where a work appeared, the one answer every format writes (page head, COinS, CSL-JSON,
    JSON-LD, refs.bib, catalog.json): the published version when a page states one, else the
    record's own journal, proceedings or book, else the preprint server."""

    item_type: str = "document"  # as in Citation
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None  # the published version's; arXiv's only for a preprint
    url: str | None = None
    date: str | None = None
    archive_id: str | None = None  # a preprint's "arXiv:2402.03902"


def publication(facts: BibFacts) -> Publication:
    arxiv_url = f"https://arxiv.org/abs/{facts.arxiv}" if facts.arxiv else None
    published = facts.published
    if published is not None:  # the published version is the one to cite
        return Publication("conferencePaper", container=published.venue, url=published.url, doi=published.doi,
                           date=str(published.year) if published.year else None)
    if facts.entry_type in RECORD_TYPES and (facts.venue or facts.entry_type == "book"):
        return Publication(RECORD_TYPES[facts.entry_type], container=facts.venue, volume=facts.volume,
                           issue=facts.issue, pages=facts.pages, publisher=facts.publisher, doi=facts.doi,
                           url=facts.url or arxiv_url, date=facts.iso_date)
    if facts.arxiv:
        return Publication("preprint", url=arxiv_url, doi=arxiv_doi(facts.arxiv), publisher="arXiv",
                           archive_id=f"arXiv:{facts.arxiv}", date=facts.iso_date)
    return Publication("document", url=facts.url, doi=facts.doi, date=facts.iso_date)


def of_paper(paper: Paper, page_url: str | None) -> Citation:
    facts = paper.bib
    where = publication(facts)
    citation = Citation(
        where.item_type, title=math_to_text(paper.page_title), creators=list(facts.names),
        complete=facts.authors_complete, n_creators=facts.n_authors,
        abstract=math_to_text(paper.abstract), page_url=page_url, **{
            name: getattr(where, name) for name in ("date", "url", "doi", "container", "volume", "issue", "pages",
                                                    "publisher", "archive_id")},
    )
    # A published version keeps its preprint's id beside it, in Zotero's Extra field.
    return _noted(citation, [f"arXiv: {facts.arxiv}"] if facts.arxiv and where.item_type != "preprint" else [])


def of_talk(talk: Talk, event: Event | None, page_url: str | None,
            naming: Callable[[str], Name] = parse_name) -> Citation:
    """``naming`` splits a speaker's name: the catalog's knows the family names people.yaml records."""
    recorded = bool(talk.recording or (event and event.recorded))
    return Citation(
        "presentation",
        title=math_to_text(talk.page_title),
        creators=[naming(speaker.name) for speaker in talk.speakers],
        date=talk.date,
        abstract=math_to_text(talk.abstract),
        url=page_url,
        page_url=page_url,
        meeting=event.title if event else None,
        place=event.location if event else None,
        genre="Recorded talk" if recorded and not talk.date else "Talk",
    )



def _noted(citation: Citation, extra: list[str]) -> Citation:
    """``citation`` with its Extra lines: the arXiv id of a published version, an incomplete list."""
    note = citation.incomplete_note
    extra = extra + ([note] if note else [])
    return replace(citation, extra=extra) if extra else citation
