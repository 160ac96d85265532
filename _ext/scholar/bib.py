"""Paper facts read from ``refs.bib``, through the data sphinxcontrib-bibtex already parsed.

``refs.bib`` is the single source of truth for a paper's title, authors, date and arXiv id;
nothing here parses the file a second time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping

from pybtex.database import Entry, Person
from pylatexenc.latex2text import LatexNodes2Text
from sphinx.environment import BuildEnvironment

from .names import Name, from_person
from .records import AbstractSource, BibFacts, ListingAuthors, Published, Verification

Fields = Mapping[str, str]  # a pybtex entry's fields

MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december"], start=1)}


def entries(env: BuildEnvironment) -> dict[str, Entry]:
    """The parsed ``refs.bib`` entries, keyed by BibTeX key."""
    return env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]


def author_names(all_entries: dict[str, Entry]) -> list[str]:
    """Every author named in the parsed records, as readers write them."""
    return [full_name(person) for entry in all_entries.values()
            for person in entry.persons.get("author", []) if not is_others(person)]


# What the LaTeX decoder changes: commands, groups, math, ties and the ligatures of dashes
# and quotes. Most fields and names hold none of these and skip the decoder, which costs
# a fraction of a millisecond a call: noticeable over the authors of thousands of papers.
LATEX_MARKUP = re.compile(r"[\\{}$~]|--|''|``|,,")

_AS_WRITTEN = {"cite", "citep", "citet", "parencite", "textcite", "ref", "eqref"}


class _Text(LatexNodes2Text):
    r"""pylatexenc's LaTeX-to-text, showing a command it does not know as written.

    pylatexenc knows the text-mode commands BibTeX records hold (accents, ``\emph``,
    ``\textdollar``, ``\d{a}``...); an unknown one it would drop silently, losing a word,
    and a citation it replaces by "<cit.>", losing the key.
    """

    def macro_node_to_text(self, node):  # type: ignore[no-untyped-def]  # pylatexenc is untyped
        if node.macroname in _AS_WRITTEN or self.latex_context.get_macro_spec(node.macroname) is None:
            return node.latex_verbatim()
        return super().macro_node_to_text(node)


# Math is split off before the decoder is called, so it is kept exactly as written.
_LATEX = _Text(math_mode="verbatim", strict_latex_spaces=True)

# A '%' or '&' that no backslash escapes is a TeX comment or alignment tab, which hides
# text; in a title ("50% fewer", "Impact & Volatility") it is the character the author meant.
_UNESCAPED = re.compile(r"(?<!\\)([%&])")


@functools.lru_cache(maxsize=65536)
def latex_to_text(value: str) -> str:
    """Plain Unicode for a BibTeX field: accents decoded, protecting braces dropped.

    Math between ``$`` signs is kept as written, so it can still be typeset.
    """
    if not LATEX_MARKUP.search(value):
        return " ".join(value.split())
    return decoded_text(value)


def decoded_text(value: str) -> str:
    """:func:`latex_to_text` without its shortcut: every piece through the LaTeX decoder."""
    pieces = re.split(r"(\$[^$]*\$)", value)
    decoded = [piece if piece.startswith("$") else _decode(piece) for piece in pieces]
    return " ".join("".join(decoded).split())


def _decode(text: str) -> str:
    # Spaces at either end separate this piece from the math beside it; keep them.
    leading = text[: len(text) - len(text.lstrip())]
    trailing = text[len(text.rstrip()):]
    decoded = _LATEX.latex_to_text(_UNESCAPED.sub(r"\\\1", text))
    return leading + decoded.strip() + trailing if text.strip() else text


def is_others(person: Person) -> bool:
    return str(person).strip().lower() == "others"


def full_name(person: Person) -> str:
    """'First Middle von Last, Jr.' as a reader writes it."""
    return person_name(person).written


def person_name(person: Person) -> Name:
    """A record's author, split where the record splits it, its LaTeX decoded."""
    return from_person(person, latex_to_text)


def fingerprint(entry: Entry | None) -> str | None:
    """A digest of the whole record: when it changes, the paper's page is read again."""
    if entry is None:
        return None
    persons = {role: [str(person) for person in people] for role, people in entry.persons.items()}
    text = repr((entry.type, sorted(entry.fields.items()), sorted(persons.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Fields of refs.bib that record provenance rather than bibliography (never exported):
#   verifiedurl     the stored public page the record was checked against
#   verifiedchecks  what was compared with that page ("title; abstract; v1 date; 3 authors")
#   addedfields     the fields taken from that page, not from the source listing
#   listingauthor   the listing's own author list, when ``author`` was completed
#   authorcount     the number of authors the listing gives, when it names none
#   publishedvenue, publishedyear, publisheddoi, publishedurl
#                   a published version of the preprint, and the page that states it
#   abstractsource  the work's own page the abstract on its page was copied from (an
#                   editors' reference: no listing gives its abstract)
#   abstractkind    "publisher-description", "table-of-contents" or "opening-summary" (an article
#                   with no abstract: its own opening paragraphs) when it is not an abstract
#   abstractexcerpt "yes" when the page read gave only part of the abstract
PROVENANCE_FIELDS = ("verifiedurl", "verifiedchecks", "addedfields", "listingauthor", "authorcount",
                     "publishedvenue", "publishedyear", "publisheddoi", "publishedurl",
                     "abstractsource", "abstractkind", "abstractexcerpt")


def paper_facts(entry: Entry) -> BibFacts:
    """Everything the site shows about a paper, from its BibTeX record."""
    fields = entry.fields
    names, complete = _author_names(entry.persons.get("author", []))
    authors = [name.written for name in names]
    count = _int(fields.get("authorcount"))
    added = [name.strip().lower() for name in fields.get("addedfields", "").split(",") if name.strip()]
    year, month, day = _int(fields.get("year")), month_number(fields.get("month")), _int(fields.get("day"))
    return BibFacts(
        entry_type=entry.type.lower(),
        title=_text_field(fields, "title"),
        names=names,
        authors_complete=complete,
        n_authors=len(authors) if complete else count,
        year=year,
        month=month,
        date=f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None,
        arxiv=_arxiv_id(fields),
        category=fields.get("primaryclass") or None,
        url=fields.get("url") or None,
        doi=fields.get("doi") or None,
        venue=_text_field(fields, "journal") or _text_field(fields, "booktitle"),
        volume=_text_field(fields, "volume"),
        issue=_text_field(fields, "number") or _text_field(fields, "issue"),
        pages=_pages(fields.get("pages")),
        publisher=_text_field(fields, "publisher"),
        published=_published(fields),
        verified=_verification(fields, added),
        abstract_source=_abstract_source(fields),
        listing=_listing_authors(fields, authors, complete, count, added),
    )


def _text_field(fields: Fields, name: str) -> str | None:
    return latex_to_text(fields[name]) or None if fields.get(name) else None


def _pages(value: str | None) -> str | None:
    """A page range with one hyphen, as CSL and Highwire write it: "235--250" -> "235-250"."""
    text = latex_to_text(value or "")
    return re.sub(r"\s*[-–—]+\s*", "-", text) or None


def _arxiv_id(fields: Fields) -> str | None:
    """The eprint id, when the record says it is an arXiv one."""
    prefix = fields.get("archiveprefix", fields.get("eprinttype", ""))
    return fields["eprint"].strip() if fields.get("eprint") and prefix.lower() == "arxiv" else None


# An arXiv identifier as reference managers write it outside ``eprint``: "arXiv:2101.01234",
# "arXiv preprint arXiv:2101.01234v2", https://arxiv.org/abs/… or /pdf/…, the arXiv DOI.
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_ELSEWHERE = {
    "journal": re.compile(r"^\s*(?:arxiv\s+preprint\s+)?arxiv\s*:\s*" + _ARXIV_ID + r"\s*$", re.IGNORECASE),
    "note": re.compile(r"\barxiv\s*:\s*" + _ARXIV_ID + r"\b", re.IGNORECASE),
    "howpublished": re.compile(r"\barxiv\s*:\s*" + _ARXIV_ID + r"\b", re.IGNORECASE),
    "url": re.compile(r"^\s*https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID
                      + r"(?:\.pdf)?/?\s*$", re.IGNORECASE),
    "doi": re.compile(r"^\s*10\.48550/arxiv\." + _ARXIV_ID + r"\s*$", re.IGNORECASE),
}


def arxiv_id_elsewhere(fields: Fields) -> tuple[str, str] | None:
    """An arXiv id the record gives in another field than ``eprint``, and that field."""
    for name, pattern in ARXIV_ELSEWHERE.items():
        match = pattern.search(fields.get(name) or "")
        if match:
            return match[1], name
    return None


def _published(fields: Fields) -> Published | None:
    """A published version of a preprint, as the page at ``url`` states it."""
    if not fields.get("publishedvenue"):
        return None
    return Published(venue=latex_to_text(fields["publishedvenue"]), year=_int(fields.get("publishedyear")),
                     doi=fields.get("publisheddoi") or None, url=fields.get("publishedurl") or None)


def _author_names(people: list[Person]) -> tuple[list[Name], bool]:
    """The named authors, and whether the list is complete (no "and others")."""
    names = [person_name(person) for person in people if not is_others(person)]
    return names, bool(people) and not any(is_others(person) for person in people)


def _verification(fields: Fields, added: list[str]) -> Verification | None:
    """Where the record was checked, what was checked, and which fields that check added."""
    url = (fields.get("verifiedurl") or "").strip()
    if not url:
        return None
    return Verification(url=url, checks=latex_to_text(fields.get("verifiedchecks") or ""), added=added)


def _abstract_source(fields: Fields) -> AbstractSource | None:
    url = (fields.get("abstractsource") or "").strip()
    if not url:
        return None
    return AbstractSource(url, (fields.get("abstractkind") or "abstract").strip(),
                          (fields.get("abstractexcerpt") or "").strip().lower() == "yes")


def _listing_authors(fields: Fields, authors: list[str], complete: bool, count: int | None,
                     added: list[str]) -> ListingAuthors:
    """The author facts the source listing itself gives, before any completion."""
    if "author" not in added:
        return ListingAuthors(authors, complete, len(authors) if complete else count)
    listed = fields.get("listingauthor", "")
    people = [Person(name) for name in re.split(r"\s+and\s+", listed) if name.strip()] if listed.strip() else []
    names, listed_complete = _author_names(people)
    return ListingAuthors([name.written for name in names], listed_complete,
                          len(names) if listed_complete else count)


def _int(value: object) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


def month_number(value: object) -> int | None:
    """1–12 for a month as BibTeX records write it ("feb", "February", "2"); None for anything else."""
    value = str(value or "").strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    if value in MONTHS:
        return MONTHS[value]
    return next((n for name, n in MONTHS.items() if name.startswith(value) and len(value) >= 3), None)
