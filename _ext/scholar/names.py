"""People's names: how two spellings are compared, what a name's id and surname are, and
the one split of a name into the parts every citation format writes in its own way.

Shared by the registry, the catalog's lists, the exports and the importer, so that "Jason
Lee" and "Jason D. Lee", or "da Silveira", are treated the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pybtex.database import Person
from slugify import slugify
from text_unidecode import unidecode

# Lowercase words that belong to a surname: "Rodrigo da Silveira" sorts under "da Silveira".
PARTICLES = {"da", "de", "del", "della", "der", "di", "do", "dos", "du", "la", "le", "ten", "ter", "van", "von"}


def name_key(name: str) -> str:
    """The form in which two spellings of one name are compared: case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def ascii_fold(text: str) -> str:
    """'Stéphane Brbić' -> 'Stephane Brbic', 'Meißner' -> 'Meissner', 'Łukasz' -> 'Lukasz'.

    Transliterated (text-unidecode, python-slugify's table), not stripped of what has no
    ASCII decomposition: 'ß', 'Ł' and 'ø' would otherwise vanish from ids and URLs."""
    return unidecode(unicodedata.normalize("NFC", text))


def surname(name: str) -> str:
    """The family name: the last word, with the lowercase particles before it."""
    words = re.sub(r"\([^)]*\)", " ", name).split()
    if not words:
        return ""
    tail = [words[-1]]
    for word in reversed(words[:-1]):
        if word not in PARTICLES:
            break
        tail.insert(0, word)
    return " ".join(tail)


def sort_key(name: str) -> tuple[str, str]:
    """People sorted by surname, particles ignored ("da Silveira" under S), then by name."""
    family = [word for word in surname(name).split() if word not in PARTICLES] or [surname(name)]
    return ascii_fold(" ".join(family)).casefold(), ascii_fold(name).casefold()


def slug(text: str) -> str:
    """The one slug function of ids and URLs: 'Łukasz Dębowski' -> 'lukasz-debowski'."""
    return slugify(text, lowercase=True)


def person_id(name: str) -> str:
    """The id of a page made from a name alone: 'Lénaïc Chizat' -> 'lenaic-chizat'."""
    return slug(name) or "person"


def family_key(name: str) -> str:
    """The surname with accents, case and dots dropped: where look-alike names are sought."""
    return " ".join(ascii_fold(surname(name)).casefold().replace(".", " ").split())


def look_alike(first: str, second: str) -> bool:
    """Two spellings that may name one person: the same surname and compatible first names
    (equal once accents are dropped, or one an initial of the other); middle names and
    initials are ignored. 'Jason Lee' and 'Jason D. Lee' look alike; 'Juho Lee' does not."""
    if family_key(first) != family_key(second):
        return False
    given = [_first_given(name) for name in (first, second)]
    if not all(given):
        return False
    short, long = sorted(given, key=len)
    return short == long or (len(short) == 1 and long.startswith(short))


def _first_given(name: str) -> str:
    words = ascii_fold(name).casefold().replace(".", " ").split()
    return words[0] if len(words) > 1 else ""


@dataclass(frozen=True)
class Name:
    """A person's name split once, as BibTeX splits it: "Johannes von Oswald" has the given
    name "Johannes" and the family name "von Oswald" (particles belong to the family name,
    where Zotero keeps them: its CSL-JSON import drops a separate ``non-dropping-particle``).

    A compound surname ("Ben Arous") cannot be told from a middle name by any parser: the
    BibTeX record says it ("Ben Arous, Gérard"), or people.yaml's ``family`` for a speaker.
    """

    given: str  # "Gérard"; empty for a one-word name or an organisation
    family: str  # "Ben Arous", "von Oswald"
    suffix: str = ""  # "Jr."

    @property
    def written(self) -> str:
        """As a reader writes it, the form the pages show: "Gérard Ben Arous"."""
        name = " ".join(part for part in (self.given, self.family) if part)
        return f"{name}, {self.suffix}" if self.suffix else name

    @property
    def inverted(self) -> str:
        """"Family, Given": what Highwire's citation_author, COinS and Zotero's own tags split
        at the comma (Zotero's cleanAuthor), so no surname is cut at its last space."""
        return ", ".join(part for part in (self.family, self.given, self.suffix) if part)

    @property
    def bibtex(self) -> str:
        """BibTeX's "von Last, Jr, First" form: the comma says where the family name ends,
        so BibTeX and biber split "Ben Arous, Gérard" as meant."""
        return ", ".join([self.family, *([self.suffix] if self.suffix else []), *([self.given] if self.given else [])])

    def csl(self) -> dict[str, str]:
        if not self.given:
            return {"literal": self.family}
        return {"family": self.family, "given": self.given, **({"suffix": self.suffix} if self.suffix else {})}


def parse_name(text: str, family: str | None = None) -> Name:
    """The split of a name written "Given Family" (a speaker, an author of a listing).

    ``family`` is the family name people.yaml records for the person, used when ``text``
    ends with it; otherwise pybtex splits the name as BibTeX would ("Maarten de Hoop" ->
    "de Hoop").
    """
    text = " ".join(text.split())
    if family and text.endswith(" " + family):
        return Name(given=text[: -len(family) - 1], family=family)
    return from_person(Person(text))


def from_person(person: Person, decode=lambda part: part) -> Name:  # type: ignore[no-untyped-def]
    """A pybtex ``Person`` as a :class:`Name`; ``decode`` turns each part's LaTeX into text."""
    given = decode(" ".join([*person.first_names, *person.middle_names]))
    family = decode(" ".join([*person.prelast_names, *person.last_names]))
    suffix = decode(" ".join(person.lineage_names))
    if not family:  # pybtex puts a one-word name in last_names; keep anything it holds
        given, family = "", given
    return Name(given=given, family=family, suffix=suffix)
