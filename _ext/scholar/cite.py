"""BibTeX for citing: papers from ``refs.bib``, talks as presentations, and the downloads.

Only bibliographic fields leave the site: fields the site keeps for itself in ``refs.bib``
(``authorcount``, notes on provenance, any unknown field) are dropped, and themes or
sources never enter a BibTeX record.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from . import bib
from .citation import publication
from .memo import Output, publish

if TYPE_CHECKING:  # the catalog imports this module's helpers through views
    from sphinx.application import Sphinx

    from .catalog import Catalog

# Fields a reference manager understands; everything else in refs.bib stays on the site.
BIBLIOGRAPHIC_FIELDS = (
    "title", "journal", "booktitle", "volume", "number", "pages", "publisher", "institution",
    "year", "month", "day", "eprint", "archiveprefix", "primaryclass", "doi", "url", "howpublished",
)
EXPORT_NAMES = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


# What the standard styles sort a record with no named author by ("to sort, need author or
# key") and what natbib's styles print in the author's place: the title there printed it twice.
NO_AUTHOR_KEY = "[No author named]"

# The BibTeX type of each kind of publication (citation.Publication).
BIBTEX_TYPES = {"preprint": "misc", "journalArticle": "article", "conferencePaper": "inproceedings",
                "bookSection": "incollection", "book": "book", "document": "misc"}
VENUE_FIELDS = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}


def paper_entry(entry: Entry) -> Entry:
    """A refs.bib record for citing: its bibliographic fields only, with the type, venue, year
    and DOI of the work's publication (a published version's, when a page states one), as
    every other format gives them."""
    facts = bib.paper_facts(entry)
    where = publication(facts)
    entry_type = BIBTEX_TYPES[where.item_type]
    fields = {}
    for name in BIBLIOGRAPHIC_FIELDS:
        value = entry.fields.get(name)
        if value:
            fields[EXPORT_NAMES.get(name, name)] = value
    # Protect the title's capitals from styles that lowercase them.
    if "title" in fields and not fields["title"].startswith("{"):
        fields["title"] = "{" + fields["title"] + "}"
    if facts.published is not None:  # the preprint's record, cited as the published version
        for name in ("journal", "booktitle", "volume", "number", "pages", "publisher", "howpublished"):
            fields.pop(name, None)
        fields[VENUE_FIELDS[entry_type]] = where.container or ""
    # One date, written both ways: year and month (a macro, as styles expect) for BibTeX,
    # date for biblatex. A month without a year is no date BibTeX can print ("month but
    # no year"): it stays on the site and is left out of the record.
    for name in ("day", "month", "year", "date"):
        fields.pop(name, None)
    if where.date:
        fields["year"] = where.date[:4]
        fields["date"] = where.date
        if len(where.date) >= 7:
            fields["month"] = MONTHS[int(where.date[5:7]) - 1]
    elif facts.year:
        fields["year"] = str(facts.year)
    # The work's own DOI; arXiv's only for a preprint, never for its published version.
    fields.pop("doi", None)
    if where.doi:
        fields["doi"] = where.doi
    if where.url:
        fields["url"] = where.url
    elif facts.arxiv:
        fields["url"] = f"https://arxiv.org/abs/{facts.arxiv}"
    persons = {"author": list(entry.persons.get("author", []))}
    if not persons["author"]:
        fields["key"] = NO_AUTHOR_KEY
    return Entry(entry_type, fields=fields, persons={k: v for k, v in persons.items() if v})


def talk_citation(catalog: Catalog, talk_id: str) -> dict[str, Any] | None:
    """What a talk's BibTeX record is made of; None for a TBD talk, which has nothing to cite."""
    talk = catalog.talk(talk_id)
    if talk is None or talk.status == "tbd":
        return None
    event = catalog.event(talk.event)
    return {
        "id": talk_id,
        "title": talk.title or talk.page_title,
        "speakers": [catalog.name_of(speaker.name) for speaker in talk.speakers],
        "date": talk.date,
        "event": event.title if event else None,
        "venue": event.location if event else None,
        "url": catalog.absolute_url(talk.docname),
    }


def talk_entry(citation: dict) -> Entry:
    """A talk as ``@unpublished``: what Zotero files as a presentation.

    BibTeX's standard styles print an unpublished work's ``note`` (and warn without one),
    so the note says where the talk was given; biblatex and pandoc read ``eventtitle`` and
    ``venue`` (pandoc makes a speech of it). biblatex prints both, so the event and place
    come twice there: the price of a record every processor can print.
    Titles are braced so that no style changes their capitals.
    """
    fields = {"title": "{" + citation["title"] + "}", "howpublished": "Talk"}
    where = [part for part in (citation["event"], citation["venue"]) if part]
    fields["note"] = "Talk" + (" at " + ", ".join(where) if where else "")
    if citation["event"]:
        fields["eventtitle"] = "{" + citation["event"] + "}"
    if citation["venue"]:
        fields["venue"] = citation["venue"]
    if citation["date"]:
        fields["date"] = citation["date"]
        fields["year"], fields["month"] = citation["date"][:4], MONTHS[int(citation["date"][5:7]) - 1]
    if citation["url"]:
        fields["url"] = citation["url"]
    persons = [Person(name.bibtex) for name in citation["speakers"]]
    if not persons:
        fields["key"] = NO_AUTHOR_KEY
    return Entry("unpublished", fields=fields, persons={"author": persons} if persons else {})


def talk_bibtex(citations: list[dict]) -> str:
    return to_bibtex({bibtex_key(citation["id"]): talk_entry(citation) for citation in citations})


def bibtex_key(entry_id: str) -> str:
    """An id as a BibTeX key: characters a key cannot hold (a space, a comma) become '-'."""
    return re.sub(r"[^A-Za-z0-9._:/+-]", "-", entry_id)


class _Writer(BibTeXWriter):
    """pybtex's BibTeX writer, writing each field as the record holds it.

    pybtex reads a field's LaTeX as it is written and its writer encodes every value as
    LaTeX again: "Morgan \\& Claypool" became "Morgan \\\\& Claypool" (a line break, then a
    bare "&" that stops biblatex), "50\\%" became "50\\\\%", and a ``~`` in a URL became
    ``\\textasciitilde``. A field is written verbatim; only a character that LaTeX reads as a
    command (an unescaped ``&``, ``%`` or ``#``, which a listing's title may hold) is escaped.
    """

    VERBATIM = frozenset({"url", "doi", "eprint"})

    def _write_field(self, stream, type, value):  # type: ignore[no-untyped-def]  # pybtex's signature
        if type not in self.VERBATIM:
            value = _UNESCAPED.sub(r"\\\1", value)
        stream.write(f",\n    {type} = {self.quote(value)}")


_UNESCAPED = re.compile(r"(?<!\\)([&%#])")


def to_bibtex(entries: dict[str, Entry]) -> str:
    if not entries:
        return ""
    text = _Writer().to_string(BibliographyData(entries=entries))
    # pybtex quotes every value; a month is written as BibTeX's own macro (jul), unquoted.
    return _QUOTED_MONTH.sub(r"\1\2", text)


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_QUOTED_MONTH = re.compile(r'^(\s*month = )"(' + "|".join(MONTHS) + r')"', re.MULTILINE)


# Guides' .bib files: a guide that stops citing anything loses its file.
OWNED = ("guides/*.bib", "themes/*.bib")


def write_downloads(app: Sphinx, catalog: Catalog) -> None:
    """``refs.bib`` (every paper) and ``talks.bib`` (every titled talk) at the site root, and
    beside each guide the works it cites."""
    def outputs() -> Iterator[Output]:
        papers = {paper.id: paper for paper in catalog.papers()}
        records = {"refs.bib": [papers[key].bibtex for key in sorted(papers)]}
        for docname, cited in catalog.guide_citations():
            records[f"{docname}.bib"] = [papers[key].bibtex for key in cited]
        for relpath, texts in records.items():
            yield relpath, texts, functools.partial(_joined, texts)
        talks = [c for c in (talk_citation(catalog, talk_id) for talk_id in sorted(catalog.ids("talk"))) if c]
        yield "talks.bib", talks, functools.partial(talk_bibtex, talks)

    publish(app, "bibtex", catalog, outputs, OWNED)


def _joined(texts: list[str]) -> str:
    return "\n".join(text for text in texts if text)
