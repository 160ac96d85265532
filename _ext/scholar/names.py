"""People's names: how two spellings are compared, and what a name's id and surname are.

Shared by the registry, the catalog's lists and the importer, so that "Jason Lee" and
"Jason D. Lee", or "da Silveira", are treated the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata

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
