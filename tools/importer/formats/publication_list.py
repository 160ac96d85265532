"""The publication list (the 003 listing): arXiv papers, three lines each.

The arXiv category and date glued to the start ('LGOct 27, 2022'), the title glued to the
authors ('...NetworksAlberto Bietti, Joan Bruna et al.'), then the abstract with LaTeX.
"""

from __future__ import annotations

import re

from ..records import Paper
from ..text import MONTH_RE, MONTHS, SeedError, latex_to_markdown, tidy
from . import Listing, Parsed, register

# The arXiv listing pages abbreviate the primary category; these are the full names.
ARXIV_CATEGORIES = {
    "LG": "cs.LG",
    "ML": "stat.ML",
    "NA": "math.NA",
    "OC": "math.OC",
    "AO-PH": "physics.ao-ph",
    "CL": "cs.CL",
    "CV": "cs.CV",
    "AI": "cs.AI",
}

# A name word is capitalised with no capital inside ("Bechler-Speicher" is two such words
# joined by a hyphen) or an initial ("D."); a name has two to four words. Title words
# glued to a name ("EquationsJoan") have a capital inside, so they never pass.
_LOWER = "a-z\u00DF-\u00FF\u0100-\u017F"
_NAME_WORD = rf"(?:[A-Z\u00C0-\u00DE][{_LOWER}]+(?:-[A-Z\u00C0-\u00DE][{_LOWER}]+)*|[A-Z]\.)"
AUTHOR_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}"
AUTHOR_LIST = re.compile(rf"{AUTHOR_NAME}(?:, {AUTHOR_NAME})*(?P<etal> et al\.)?$")


@register("publication-list")
def parse(text: str, listing: Listing) -> Parsed:
    """Three lines per paper: category+date (+'Code'), title+authors glued, abstract."""
    source = listing.name
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) % 3:
        raise SeedError(f"{source}: {len(lines)} lines is not a multiple of 3")
    papers = []
    for n in range(0, len(lines), 3):
        head, glued, abstract = lines[n:n + 3]
        category, year, month, day = _publist_head(head, source, n + 1)
        title, authors, truncated = split_title_authors(glued)
        papers.append(Paper(
            sources=[source], title=title, abstract=latex_to_markdown(tidy(abstract)),
            authors=authors, authors_truncated=truncated,
            year=year, month=month, day=day, category=category,
        ))
    return Parsed(papers=papers)


def _publist_head(head: str, source: str, line_no: int):
    """'LGOct 27, 2022', 'AO-PHMar 24, 2023', 'CLMay 12', 'OCDec 4, 2023Code'. The
    trailing 'Code' marks a code link; the abstract carries that link itself."""
    cats = "|".join(sorted(map(re.escape, ARXIV_CATEGORIES), key=len, reverse=True))
    match = re.match(rf"({cats}){MONTH_RE} (\d{{1,2}})(?:, (\d{{4}}))?(Code)?$", head.strip())
    if not match:
        raise SeedError(f"{source}:{line_no}: unexpected category/date line {head!r}")
    year = int(match.group(4)) if match.group(4) else None
    return (ARXIV_CATEGORIES[match.group(1)], year,
            MONTHS.index(match.group(2).lower()) + 1, int(match.group(3)))


def split_title_authors(glued: str) -> tuple[str, list[str], bool]:
    """'...Shallow Neural NetworksAlberto Bietti, Joan Bruna, Clayton Sanford et al.':
    the author list starts at the first place where the rest of the line parses as a
    list of capitalised names glued to the title (no space before the first name)."""
    for match in re.finditer(r"(?<=[^\s-])(?=[A-Z\u00C0-\u00DE])", glued):
        rest = glued[match.start():]
        found = AUTHOR_LIST.match(rest)
        if found:
            truncated = bool(found.group("etal"))
            names = rest.removesuffix(" et al.").split(", ")
            return glued[:match.start()].strip(), names, truncated
    raise SeedError(f"cannot split title from authors: {glued[:80]!r}")
