"""Text helpers shared by every source format: ids from titles, Markdown from listing text.

Names (surnames, accent folding) follow the site's own rules in ``_ext/scholar/names.py``,
so an id made here and a page made by the site agree.
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import BeautifulSoup
from markdownify import markdownify
from nameparser import HumanName

from scholar.names import ascii_fold, surname
from scholar.names import slug as slugify

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_RE = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]

# Words skipped when building ids and keys from titles.
STOPWORDS = {
    "a", "an", "the", "and", "or", "of", "on", "in", "for", "with", "to", "from", "via",
    "by", "at", "as", "into", "up", "is", "are", "can", "do", "does", "what", "how",
    "when", "why", "there", "than", "more", "new", "towards", "toward",
}

__all__ = ["ascii_fold", "slugify", "surname"]


class SeedError(Exception):
    """A listing does not look the way the importer expects; the message says where."""

def normalize_title(title: str) -> str:
    """Compare titles ignoring case, accents, punctuation and spacing."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(title).lower())


def significant_words(title: str) -> list[str]:
    """Title words for ids and keys; a hyphenated word stays one word."""
    words = re.findall(r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*", ascii_fold(title))
    return [w.lower() for w in words if w.lower() not in STOPWORDS]


def tidy(text: str) -> str:
    """The only silent fixes: runs of spaces, trailing whitespace, Windows and old Mac line ends."""
    return re.sub(r"[ \t]+", " ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def html_to_markdown(text: str) -> str | None:
    """A description written in HTML, as Markdown (markdownify); None when it holds no tag.

    Scripts and styles go with their content; images go (a schedule's image is not the
    talk's text). What the Markdown may keep is decided where it is written: only inline
    formatting and http(s) links survive, anything else is written as escaped text.
    """
    if not _HTML_TAG.search(text):
        return None
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "img"]):
        tag.decompose()
    return tidy(markdownify(str(soup), heading_style="ATX", bullets="-"))


# "Joan Bruna, Jiequn Han and Lenka Zdeborová", "A & B", "A; B": one field naming several people.
_LIST_SEPARATORS = re.compile(r"\s*(?:;|&|\band\b)\s*")


def person_names(raw: str) -> tuple[list[str], str | None]:
    """The people one schedule field names, as the site writes names, and what was changed.

    A field may list several people; a name may carry an honorific ("Prof. Dr.") or a
    degree ("PhD", "DDS") that is no part of it, and may be written "Family, Given".
    nameparser tells those apart; a generational suffix ("Jr.", "III") stays. The second
    value says what was done, for the import report (None when the field was one plain name).
    """
    field = tidy(raw)
    pieces = [part for piece in _LIST_SEPARATORS.split(field) if piece for part in _comma_list(piece)]
    names = [_person_name(piece) for piece in pieces]
    return names, (f"{field!r} read as {'; '.join(names)!r}" if names and names != [field] else None)


def _comma_list(piece: str) -> list[str]:
    """"Joan Bruna, Jiequn Han" is two people; "Bruna, Joan" and "Jiequn Han, PhD" are one."""
    parts = [part.strip() for part in piece.split(",")]
    return parts if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts) else [piece]


def _person_name(text: str) -> str:
    name = HumanName(text)
    kept_suffixes = [suffix for suffix in name.suffix_list
                     if suffix.lower().replace(".", "") not in name.C.suffix_acronyms]
    nickname = f"({name.nickname})" if name.nickname else ""  # "Sicun (Sean) Gao" is how he is listed
    parts = [name.first, nickname, name.middle, name.last, *kept_suffixes]
    return " ".join(part for part in parts if part) or tidy(text)


def split_math(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_math, chunk) pieces at `$...$` boundaries."""
    pieces = re.split(r"(\$[^$]+\$)", text)
    return [(p.startswith("$") and p.endswith("$") and len(p) > 1, p) for p in pieces if p]


def outside_math(text: str, fn) -> str:
    """Apply fn to the prose between `$...$` math spans, leaving the math untouched."""
    return "".join(chunk if is_math else fn(chunk) for is_math, chunk in split_math(text))


def link_urls(text: str) -> str:
    """A bare URL becomes a Markdown link; one already inside a link is left alone."""
    def repl(match: re.Match) -> str:
        url = match.group(0).rstrip(".,;:")
        rest = match.group(0)[len(url):]
        return f"[{url}]({url}){rest}"

    return re.sub(r"(?<![(\[<])https?://[^\s)\]]+", repl, text)


def markdown_body(text: str) -> str:
    """An abstract as an entry body: bare URLs linked, and raw HTML escaped so it shows
    as text and never runs (no seed has any yet)."""
    return outside_math(link_urls(text), lambda s: s.replace("<", r"\<"))


# LaTeX leftovers in the 003/004 abstracts. Math between `$` renders as is; the prose
# around it is turned into Markdown so no backslash command reaches the page.
LATEX_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}


def accented(match: re.Match) -> str:
    """H\\"older -> Hölder: the letter with the accent's combining mark, composed."""
    return unicodedata.normalize("NFC", match.group(2) + LATEX_ACCENTS[match.group(1)])


def latex_to_markdown(text: str) -> str:
    def prose(s: str) -> str:
        # \cite{a,b}, \citet{a}, \parencite{a}: the keys, readable, nothing invented.
        s = re.sub(r"~?\\(?:cite|citet|citep|parencite|textcite)\{([^}]*)\}",
                   lambda m: " [" + ", ".join(k.strip() for k in m.group(1).split(",")) + "]", s)
        s = re.sub(r"\\(?:emph|textit)\{([^}]*)\}", r"*\1*", s)
        s = re.sub(r"\{\\(?:em|it)\s+([^}]*)\}", r"*\1*", s)
        s = re.sub(r"\\textbf\{([^}]*)\}", r"**\1**", s)
        s = re.sub(r"\\([\"'`^~])\{?([A-Za-z])\}?", accented, s)
        s = s.replace("\\ ", " ").replace("~", " ")
        return re.sub(r" {2,}", " ", s)

    # ``double'' and `single' TeX quotes, which may enclose math ("``... of $x$?''");
    # left alone, the backticks would open Markdown code spans.
    text = re.sub(r"``(.+?)''", "\u201c\\1\u201d", text)
    text = re.sub(r"`([^`']+)'", "\u2018\\1\u2019", text)
    result = outside_math(text, prose)
    leftover = [chunk for is_math, chunk in split_math(result)
                if not is_math and re.search(r"\\[A-Za-z]", chunk)]
    if leftover:
        raise SeedError(f"LaTeX command left outside math: {leftover[0][:80]!r}")
    return result


def to_24h(clock: str, meridiem: str | None) -> str:
    hour, minute = (int(x) for x in clock.split(":"))
    if meridiem == "pm" and hour != 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def minutes(hhmm: str) -> int:
    hour, minute = hhmm.split(":")
    return int(hour) * 60 + int(minute)


def paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs at blank lines. A line ending in a Markdown hard
    break (two spaces) closes its paragraph too: in these seeds it separates a note."""
    result: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            result.append([])
            continue
        result[-1].append(line.strip())
        if line.endswith("  "):
            result.append([])
    return [tidy(" ".join(p)) for p in result if p]


def rejoin_page_breaks(paras: list[str]) -> list[str]:
    """000 was extracted from a PDF: a page break splits a sentence into two paragraphs
    ('While these methods' / 'were first introduced ...'). A paragraph that does not end
    like a sentence is joined to the next one."""
    joined: list[str] = []
    for para in paras:
        if joined and not re.search(r"[.!?:;)\"\u201d]$", joined[-1]):
            joined[-1] = f"{joined[-1]} {para}"
        else:
            joined.append(para)
    return joined
