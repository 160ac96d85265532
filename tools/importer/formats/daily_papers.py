"""The daily-papers listing (the 004 listing): recent papers with author counts only.

Per paper: the title, the abstract, then optionally '• N authors' (or an organisation
line), '·' and a date with an optional upvote count ('Feb 3 7').
"""

from __future__ import annotations

import re

from ..records import Paper
from ..text import MONTH_RE, MONTHS, SeedError, latex_to_markdown, tidy
from . import Listing, Parsed, register

# The page chrome above the first paper, and the listing's own date ("Jun 30").
DAILY_NOISE = {"new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
               "byAK and the research community"}


@register("daily-papers")
def parse(text: str, listing: Listing) -> Parsed:
    """Title, abstract, then optionally '• N authors' (or an organisation line), '·' and a
    date with an optional upvote count ('Feb 3 7'). Organisation lines are left out
    and reported in the notes."""
    source = listing.name
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    while lines and (lines[0] in DAILY_NOISE or re.fullmatch(rf"{MONTH_RE} \d{{1,2}}", lines[0])):
        lines.pop(0)
    papers, dropped = [], []
    i = 0
    while i < len(lines):
        title, abstract = lines[i], lines[i + 1]
        paper = Paper(sources=[source], title=tidy(title),
                      abstract=latex_to_markdown(tidy(abstract)))
        i += 2
        if i + 2 < len(lines) and lines[i + 1] == "\u00b7":
            meta, date = lines[i], lines[i + 2]
            i += 3
            count = re.fullmatch(r"\u2022\s*(\d+) authors?", meta)
            if count:
                paper.author_count = int(count.group(1))
            else:
                dropped.append(meta)
            paper.year, paper.month, paper.day = _daily_date(date, source)
        papers.append(paper)
    return Parsed(papers=papers, notes=[f"dropped organisation line {line!r} in {source}" for line in dropped])


def _daily_date(text: str, source: str) -> tuple[int | None, int, int]:
    """'Sep 7, 2020', 'Oct 23, 2025 3', 'Feb 3 7', 'Mar 3': a number after the date is the
    upvote count. A date without a year keeps no year: the listing is not in date order,
    so nothing in it fixes the year."""
    match = re.fullmatch(rf"{MONTH_RE} (\d{{1,2}})(?:, (\d{{4}}))?(?: \d+)?", text)
    if not match:
        raise SeedError(f"{source}: unexpected date line {text!r}")
    year = int(match.group(3)) if match.group(3) else None
    return year, MONTHS.index(match.group(1).lower()) + 1, int(match.group(2))
