"""Paper facts read from ``refs.bib``, through the data sphinxcontrib-bibtex already parsed.

``refs.bib`` is the single source of truth for a paper's title, authors, date and arXiv id;
nothing here parses the file a second time.
"""

from __future__ import annotations

import codecs
import hashlib
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import Entry, Person

MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december"], start=1)}


def entries(env) -> dict:
    """The parsed ``refs.bib`` entries, keyed by BibTeX key."""
    return env.get_domain("cite").bibdata.data.entries


def latex_to_text(value: str) -> str:
    """Plain Unicode for a BibTeX field: accents decoded, protecting braces dropped.

    Math between ``$`` signs is kept as written, so it can still be typeset.
    """
    pieces = re.split(r"(\$[^$]*\$)", value)
    decoded = [piece if piece.startswith("$") else _decode(piece) for piece in pieces]
    return " ".join("".join(decoded).split())


def _decode(text: str) -> str:
    try:
        text = codecs.decode(text, "ulatex")
    except ValueError:
        pass
    return text.replace("{", "").replace("}", "")


def is_others(person: Person) -> bool:
    return str(person).strip().lower() == "others"


def full_name(person: Person) -> str:
    """'First Middle von Last, Jr.' as a reader writes it."""
    parts = [*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names]
    name = latex_to_text(" ".join(parts))
    if person.lineage_names:
        name += ", " + latex_to_text(" ".join(person.lineage_names))
    return name


def fingerprint(entry: Entry | None) -> str | None:
    """A digest of the whole record: when it changes, the paper's page is read again."""
    if entry is None:
        return None
    persons = {role: [str(person) for person in people] for role, people in entry.persons.items()}
    text = repr((entry.type, sorted(entry.fields.items()), sorted(persons.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def paper_facts(entry: Entry) -> dict:
    """Everything the site shows about a paper, from its BibTeX record."""
    fields = entry.fields
    people = entry.persons.get("author", [])
    authors = [full_name(person) for person in people if not is_others(person)]
    complete = bool(people) and not any(is_others(person) for person in people)
    count = _int(fields.get("authorcount"))
    year, month, day = _int(fields.get("year")), _month(fields.get("month")), _int(fields.get("day"))
    arxiv = None
    if fields.get("eprint") and fields.get("archiveprefix", fields.get("eprinttype", "")).lower() == "arxiv":
        arxiv = fields["eprint"].strip()
    return {
        "entry_type": entry.type.lower(),
        "title": latex_to_text(fields["title"]) if fields.get("title") else None,
        "authors": authors,
        "authors_complete": complete,
        "n_authors": len(authors) if complete else count,
        "year": year,
        "month": month,
        "date": f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None,
        "arxiv": arxiv,
        "category": fields.get("primaryclass") or None,
        "url": fields.get("url") or None,
        "doi": fields.get("doi") or None,
    }


def _int(value) -> int | None:
    value = str(value or "").strip()
    return int(value) if value.isdigit() else None


def _month(value) -> int | None:
    value = str(value or "").strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return MONTHS.get(value) or next((n for name, n in MONTHS.items() if name.startswith(value) and len(value) >= 3), None)
