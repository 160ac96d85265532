#!/usr/bin/env python3
"""Import the five raw seed listings into the site's entry files.

Reads ``sources/`` (the five raw listings: two workshops, a recorded-talk series, a
publication list and a daily-papers listing) plus the hand-curated layer
``tools/curation.yaml`` and writes, relative to the output root:

    talks/<event>/index.md      one {event} directive and its {slot} schedule items
    talks/<event>/<talk>.md     one {talk} directive
    papers/<key>.md             one {paper} directive, the abstract as its body
    refs.bib                    every paper
    people.imported.yaml        the people the listings say more about than a name
                                (affiliation, bio, homepage, aliases)

Every written file starts with a marker line naming this script. A file whose marker
line was removed is hand-owned: re-runs leave it alone and say so. Curated facts
(themes, talk -> paper links, person merges, corrections) live only in
``tools/curation.yaml``, which this script reads and never writes, so re-running never
destroys curation. Output is deterministic: sorted, no timestamps.

    python tools/import_seeds.py               # write into the repository
    python tools/import_seeds.py --out DIR     # write into DIR instead
    python tools/import_seeds.py --check       # exit 1 if the files on disk differ

Source conventions and every judgment the importer makes are documented next to the
code that makes them; ``tools/curation.yaml`` documents the curated ones.
"""
from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import unicodedata
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
# The raw listings ship with the repository: they are the provenance of every entry.
DEFAULT_SEEDS = REPO_ROOT / "sources"
DEFAULT_CURATION = REPO_ROOT / "tools" / "curation.yaml"
DEFAULT_VERIFIED = REPO_ROOT / "tools" / "verified.yaml"
THEMES_FILE = REPO_ROOT / "themes.yaml"

MARKER = "imported by tools/import_seeds.py"
OWNERSHIP_HINT = "delete this line to edit the file by hand; re-runs then leave it alone"

EVENT_ROVINJ = "rovinj-2024"
EVENT_UTAUSTIN = "utaustin-mdl-2025"
EVENT_TILOS = "tilos-recorded-talks"

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

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_RE = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"

# Words skipped when building ids and keys from titles.
STOPWORDS = {
    "a", "an", "the", "and", "or", "of", "on", "in", "for", "with", "to", "from", "via",
    "by", "at", "as", "into", "up", "is", "are", "can", "do", "does", "what", "how",
    "when", "why", "there", "than", "more", "new", "towards", "toward",
}


class SeedError(Exception):
    """A seed does not look the way the importer expects; the message says where."""


# --------------------------------------------------------------------------- records


@dataclasses.dataclass
class Speaker:
    name: str
    affiliation: str | None = None


@dataclasses.dataclass
class Talk:
    event: str
    source: str
    speaker: Speaker
    title: str | None  # None for a talk still "TBD"
    abstract: str = ""
    date: str | None = None
    start: str | None = None
    end: str | None = None
    order: int | None = None
    bio: str | None = None  # speaker bio printed under the abstract (002)
    cited_arxiv: list[str] = dataclasses.field(default_factory=list)
    id: str = ""


@dataclasses.dataclass
class Slot:
    title: str
    date: str | None = None
    start: str | None = None
    end: str | None = None


@dataclasses.dataclass
class Event:
    id: str
    title: str
    source: str
    start: str | None = None
    end: str | None = None
    timezone: str | None = None
    location: str | None = None
    description: str = ""
    recorded: bool = False  # the listing presents the talks as recordings
    slots: list[Slot] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Paper:
    sources: list[str]
    title: str | None
    abstract: str = ""
    authors: list[str] = dataclasses.field(default_factory=list)
    authors_truncated: bool = False
    author_count: int | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    category: str | None = None
    eprint: str | None = None
    key: str = ""
    # Set from tools/verified.yaml when the paper was checked against a stored public page:
    verification: dict | None = None  # the page, what was checked, and the fields it added
    listing_authors: list[str] | None = None  # the listing's own names, when the record completed them
    published: dict | None = None  # a published version: venue, year, doi, url of the page stating it


# --------------------------------------------------------------------------- text helpers


def ascii_fold(text: str) -> str:
    """'Stéphane Brbić' -> 'Stephane Brbic'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def normalize_title(title: str) -> str:
    """Compare titles ignoring case, accents, punctuation and spacing."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(title).lower())


def significant_words(title: str) -> list[str]:
    """Title words for ids and keys; a hyphenated word stays one word."""
    words = re.findall(r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*", ascii_fold(title))
    return [w.lower() for w in words if w.lower() not in STOPWORDS]


def tidy(text: str) -> str:
    """The only silent fix: runs of spaces and trailing whitespace."""
    return re.sub(r"[ \t]+", " ", text).strip()


def surname(name: str) -> str:
    """Family name for ids: the last word, with a lowercase particle kept ('da Silveira')."""
    words = re.sub(r"\([^)]*\)", " ", name).split()
    tail = [words[-1]]
    for word in reversed(words[:-1]):
        if word in {"da", "de", "van", "von", "der", "di", "le", "du"}:
            tail.insert(0, word)
        else:
            break
    return " ".join(tail)


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


# --------------------------------------------------------------------------- 000 Rovinj

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
NON_TALK_TITLES = {"Opening remarks"}  # agenda items with a person that are not talks


def parse_rovinj(text: str, source: str) -> tuple[Event, list[Talk]]:
    lines = text.split("\n")
    # The title page: '# <title>', '29/9/24 – 3/10/24', 'Rovinj, Croatia'.
    title_at = next(i for i, l in enumerate(lines) if l.startswith("# "))
    span = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}) – (\d{1,2})/(\d{1,2})/(\d{2})",
                        lines[title_at + 2])
    if not span:
        raise SeedError(f"{source}:{title_at + 3}: expected the dates 'd/m/yy – d/m/yy'")
    day1, month1, year1, day2, month2, year2 = (int(g) for g in span.groups())
    year = 2000 + year1
    agenda_at = lines.index("## Agenda")
    abstracts_at = next(i for i, l in enumerate(lines) if l.startswith("## Abstracts"))
    items = _rovinj_agenda(lines[agenda_at + 1:abstracts_at], year)
    abstracts = _rovinj_abstracts(lines[abstracts_at:], year)

    event = Event(
        id=EVENT_ROVINJ,
        title=lines[title_at][2:].strip(),
        source=source,
        start=f"{year}-{month1:02d}-{day1:02d}",
        end=f"{2000 + year2}-{month2:02d}-{day2:02d}",
        timezone="Europe/Zagreb",  # not in the listing; the zone of Rovinj
        location=lines[title_at + 4].strip(),
    )
    talks: list[Talk] = []
    for item in items:
        date, start, end, title, speaker = item
        if not speaker or title in NON_TALK_TITLES:
            label = f"{title} ({speaker})" if speaker else title
            event.slots.append(Slot(label, date, start, end))
            continue
        found = abstracts.pop((date, start, speaker), None)
        if found is None:
            raise SeedError(f"{source}: no abstract-section entry for {speaker} at {date} {start}")
        affiliation, abstract_title, body = found
        tbd = title == "TBD"
        if not tbd and normalize_title(abstract_title) != normalize_title(title):
            raise SeedError(f"{source}: agenda and abstract titles differ for {speaker}: "
                            f"{title!r} / {abstract_title!r}")
        talks.append(Talk(
            event=EVENT_ROVINJ, source=source, speaker=Speaker(speaker, affiliation),
            # The agenda title wins: the abstract section sometimes drops a final '?'.
            title=None if tbd else title,
            abstract=body, date=date, start=start, end=end,
            cited_arxiv=re.findall(r"arxiv:(\d{4}\.\d{4,5})", body, flags=re.I),
        ))
    if abstracts:
        raise SeedError(f"{source}: abstracts with no agenda slot: {sorted(abstracts)}")
    return event, talks


def _rovinj_day(heading: str, year: int) -> str:
    """'### Monday, 30 September' -> '2024-09-30' (the headings give no year)."""
    match = re.match(r"#+ \w+, (\d{1,2}) (\w+)$", heading.strip())
    if not match or match.group(2) not in MONTH_NAMES:
        raise SeedError(f"unexpected day heading {heading!r}")
    return f"{year}-{MONTH_NAMES.index(match.group(2)) + 1:02d}-{int(match.group(1)):02d}"


def _rovinj_agenda(lines: list[str], year: int) -> list[tuple]:
    """Agenda rows '<b>8:30 am</b>\\tTitle\\tSpeaker' grouped by day. An item ends when
    the next item of the same day starts; the last item of a day has no end."""
    days: list[tuple[str, list[list]]] = []
    for line in lines:
        if re.match(r"#+ \w+day, ", line):
            days.append((_rovinj_day(line, year), []))
            continue
        match = re.match(r"(?:<b>|\*\*)(\d{1,2}:\d{2}) (am|pm)(?:</b>|\*\*)\s*(.*)$", line)
        if not match:
            if line.strip():
                raise SeedError(f"unexpected agenda line {line!r}")
            continue
        cells = [re.sub(r"</?[a-z]+>", "", c).strip() for c in match.group(3).split("\t")]
        title, speaker = cells[0], (cells[1] if len(cells) > 1 else "")
        days[-1][1].append([to_24h(match.group(1), match.group(2)), title, speaker])
    items = []
    for date, rows in days:
        for i, (start, title, speaker) in enumerate(rows):
            end = rows[i + 1][0] if i + 1 < len(rows) else None
            items.append((date, start, end, title, speaker))
    return items


def _rovinj_abstracts(lines: list[str], year: int) -> dict[tuple, tuple]:
    """Entries '8:30 am **Name** — Affiliation', then a title line (a heading or plain
    text), then the abstract. TBD talks have the entry line only."""
    header = re.compile(r"(\d{1,2}:\d{2}) (am|pm)\s+\*\*(.+?)\*\* — (.+)$")
    entries: dict[tuple, tuple] = {}
    date = None
    current: list | None = None

    def close():
        if current is None:
            return
        key, affiliation, body = current
        # The first line is the title, a heading or plain text; the abstract follows.
        title = re.sub(r"^#+\s*", "", next((l for l in body if l.strip()), "")).strip()
        abstract = rejoin_page_breaks(paragraphs(_drop_first_line(body)))
        entries[key] = (affiliation, title, "\n\n".join(abstract))

    for line in lines:
        if line.startswith("## Abstracts"):
            close()
            current = None
            date = _rovinj_day(line.replace("Abstracts — ", ""), year)
            continue
        match = header.match(line)
        if match:
            close()
            key = (date, to_24h(match.group(1), match.group(2)), match.group(3).strip())
            current = [key, match.group(4).strip(), []]
        elif current is not None and line.strip() != "---":
            current[2].append(line)
    close()
    return entries


def _drop_first_line(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.strip():
            return lines[i + 1:]
    return []


# --------------------------------------------------------------------------- 001 UT Austin


def parse_utaustin(text: str, source: str) -> tuple[Event, list[Talk]]:
    lines = [l.rstrip() for l in text.split("\n")]
    agenda_at = lines.index("Agenda:")
    # Lines 1-3 ("Events", "Workshop", "-") are the site's navigation, not content.
    description = [lines[4]] + [l for l in lines[9:agenda_at] if l]
    event = Event(
        id=EVENT_UTAUSTIN,
        title=lines[3],
        source=source,
        timezone="America/Chicago",  # not in the listing; the zone of Austin
        # Lines 5-8 (room, city, country) with the university named on line 5.
        location="Gates Dell Complex (GDC 6.302), The University of Texas at Austin, "
                 "Austin, TX 78712, United States",
        description="\n\n".join([description[0], "\n".join(description[1:])]),
    )
    talks: list[Talk] = []
    date = None
    block: tuple[str, str] | None = None  # (start, end) of a shared graduate block
    order = 0
    previous_end = "00:00"
    i = agenda_at + 1
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line or line == "\u2013":  # a lone en dash separates two grad talks
            continue
        day = re.match(rf"{MONTH_RE} (\d{{1,2}}), (\d{{4}})$", line)
        if day:
            month = MONTHS.index(day.group(1).lower()) + 1
            date = f"{day.group(3)}-{month:02d}-{int(day.group(2)):02d}"
            event.start = event.start or date
            event.end = date
            block = None
            continue
        timed = re.match(r"(\d{1,2}:\d{2})-(\d{1,2}:\d{2})(am|pm)?\s*(?:-\s*)?(.*)$", line)
        details, i = _utaustin_details(lines, i)
        if timed:
            start, end = _utaustin_times(*timed.group(1, 2, 3), previous_end)
            previous_end = end
            what = timed.group(4).strip()
            block = None
            if not details:
                event.slots.append(Slot(what, date, start, end))
                if "graduate student talks" in what:
                    block, order = (start, end), 0
                continue
            name, _, affiliation = what.partition(", ")
            talks.append(_utaustin_talk(source, date, start, end, None, name, affiliation, details))
        elif details:
            # A graduate talk: 'Name (Affiliation)' inside the preceding block.
            if block is None:
                raise SeedError(f"{source}: talk outside a time slot: {line!r}")
            match = re.match(r"(.+) \(([^()]+)\)$", line)
            if not match:
                raise SeedError(f"{source}: expected 'Name (Affiliation)', got {line!r}")
            order += 1
            talks.append(_utaustin_talk(source, date, block[0], block[1], order,
                                        match.group(1), match.group(2), details))
        else:
            # An untimed schedule item ("Break for Individual Lunch"): no time is invented.
            event.slots.append(Slot(line, date))
    return event, talks


def _utaustin_details(lines: list[str], i: int) -> tuple[dict, int]:
    """The '- Title:' / '- Talk:' and '- Abstract:' lines under an agenda line."""
    details = {}
    while i < len(lines):
        match = re.match(r"- (Title|Talk|Abstract): (.*)$", lines[i])
        if not match:
            break
        details["abstract" if match.group(1) == "Abstract" else "title"] = tidy(match.group(2))
        i += 1
    return details, i


def _utaustin_times(start: str, end: str, meridiem: str | None,
                    previous_end: str) -> tuple[str, str]:
    """'9:00-9:45am', '11:00-12:00pm', '12:15-1:00pm': the suffix belongs to the end time
    and the start shares it unless that would put the start after the end. One row
    ('1:00-2:00 - Faculty Lunch') has no suffix; it is read as the earliest time not
    before the previous item's end (13:00 after a talk ending at 1:00pm)."""
    if meridiem is None:
        def reading(clock):
            am = to_24h(clock, "am")
            pm = to_24h(clock, "pm")
            return am if minutes(am) >= minutes(previous_end) else pm
        return reading(start), reading(end)
    end24 = to_24h(end, meridiem)
    start24 = to_24h(start, meridiem)
    if minutes(start24) > minutes(end24):
        start24 = to_24h(start, "am")
    return start24, end24


def _utaustin_talk(source, date, start, end, order, name, affiliation, details) -> Talk:
    # A trailing full stop after an affiliation ends the agenda sentence, it is not part of it.
    affiliation = tidy(affiliation).removesuffix(".")
    return Talk(event=EVENT_UTAUSTIN, source=source, speaker=Speaker(tidy(name), affiliation),
                title=details["title"], abstract=details.get("abstract", ""),
                date=date, start=start, end=end, order=order)


# --------------------------------------------------------------------------- 002 TILOS


def parse_tilos(text: str, source: str) -> tuple[Event, list[Talk]]:
    """Title line, 'Speaker, Affiliation' line, abstract line, then optional paragraphs:
    more abstract ('This is joint work with ...') or a bio ('<Speaker> is ...')."""
    lines = [tidy(l) for l in text.split("\n") if l.strip()]
    # The listing's title ("Recorded Talks: ...") says these talks were recorded; it links none.
    event = Event(id=EVENT_TILOS, title=lines[0], source=source, recorded=lines[0].startswith("Recorded Talks"))
    starts = [i for i in range(1, len(lines) - 1) if _is_tilos_title(lines, i)]
    talks = []
    for n, at in enumerate(starts):
        block = lines[at:(starts[n + 1] if n + 1 < len(starts) else len(lines))]
        name, _, affiliation = block[1].partition(", ")
        abstract, bio = [block[2]], None
        for para in block[3:]:
            if para.startswith(f"{name} is ") or para.startswith(f"{name} was "):
                bio = para
            else:
                abstract.append(para)
        talks.append(Talk(event=EVENT_TILOS, source=source, speaker=Speaker(name, affiliation),
                          title=block[0], abstract="\n\n".join(abstract), bio=bio))
    return event, talks


def _is_tilos_title(lines: list[str], i: int) -> bool:
    """A title is a short line without a final stop followed by a 'Name, Affiliation' line."""
    title, speaker = lines[i], lines[i + 1]
    return (len(title) < 120 and not title.endswith(".")
            and len(speaker) < 100 and ", " in speaker and not speaker.endswith(".")
            and re.match(r"[A-Z][\w.()' -]+, ", speaker) is not None
            and len(speaker.partition(", ")[0].split()) <= 4)


# --------------------------------------------------------------------------- 003 publication list

# A name word is capitalised with no capital inside ("Bechler-Speicher" is two such words
# joined by a hyphen) or an initial ("D."); a name has two to four words. Title words
# glued to a name ("EquationsJoan") have a capital inside, so they never pass.
_LOWER = "a-z\u00DF-\u00FF\u0100-\u017F"
_NAME_WORD = rf"(?:[A-Z\u00C0-\u00DE][{_LOWER}]+(?:-[A-Z\u00C0-\u00DE][{_LOWER}]+)*|[A-Z]\.)"
AUTHOR_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}"
AUTHOR_LIST = re.compile(rf"{AUTHOR_NAME}(?:, {AUTHOR_NAME})*(?P<etal> et al\.)?$")


def parse_publist(text: str, source: str) -> list[Paper]:
    """Three lines per paper: category+date (+'Code'), title+authors glued, abstract."""
    lines = [l for l in text.split("\n") if l.strip()]
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
    return papers


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


# --------------------------------------------------------------------------- 004 daily papers

# The page chrome above the first paper, and the listing's own date ("Jun 30").
DAILY_NOISE = {"new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
               "byAK and the research community"}


def parse_daily(text: str, source: str) -> tuple[list[Paper], list[str]]:
    """Title, abstract, then optionally '• N authors' (or an organisation line), '·' and a
    date with an optional upvote count ('Feb 3 7'). Returns the papers and the dropped
    lines (organisation lines) so the caller can report them."""
    lines = [l.strip() for l in text.split("\n") if l.strip()]
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
    return papers, dropped


def _daily_date(text: str, source: str) -> tuple[int | None, int, int]:
    """'Sep 7, 2020', 'Oct 23, 2025 3', 'Feb 3 7', 'Mar 3': a number after the date is the
    upvote count. A date without a year keeps no year: the listing is not in date order,
    so nothing in it fixes the year."""
    match = re.fullmatch(rf"{MONTH_RE} (\d{{1,2}})(?:, (\d{{4}}))?(?: \d+)?", text)
    if not match:
        raise SeedError(f"{source}: unexpected date line {text!r}")
    year = int(match.group(3)) if match.group(3) else None
    return year, MONTHS.index(match.group(1).lower()) + 1, int(match.group(2))


# --------------------------------------------------------------------------- ids and keys


def assign_talk_ids(talks: list[Talk]) -> None:
    """'kempe-synthetic-data': speaker surname and two title words ('brbic-tbd' when TBD);
    a third word only if two talks would collide."""
    def candidate(talk: Talk, n: int) -> str:
        words = significant_words(talk.title)[:n] if talk.title else ["tbd"]
        return slugify(" ".join([surname(talk.speaker.name)] + words))

    for talk in talks:
        talk.id = candidate(talk, 2)
    _resolve_collisions(talks, lambda t, n: candidate(t, n), "id")


def assign_paper_keys(papers: list[Paper]) -> None:
    """BibTeX keys: first author's surname + year + first significant title word
    ('bruna2022neural'); without authors, the first three title words
    ('neuralnetworkperturbation2020'); without a year, no year."""
    def candidate(paper: Paper, n: int) -> str:
        if paper.eprint and not paper.title:
            return f"arxiv{paper.eprint}"
        words = significant_words(paper.title)
        year = str(paper.year) if paper.year else ""
        if paper.authors:
            stem = re.sub(r"[^a-z]", "", ascii_fold(surname(paper.authors[0])).lower())
            return stem + year + "".join(w.replace("-", "") for w in words[:n])
        return "".join(w.replace("-", "") for w in words[:n + 2]) + year

    for paper in papers:
        paper.key = candidate(paper, 1)
    _resolve_collisions(papers, candidate, "key")


def _resolve_collisions(items, candidate, attr: str) -> None:
    n = 2
    while True:
        seen: dict[str, list] = {}
        for item in items:
            seen.setdefault(getattr(item, attr), []).append(item)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return
        if n > 12:
            raise SeedError(f"cannot make {attr}s unique: {[getattr(g[0], attr) for g in clashes]}")
        n += 1
        for group in clashes:
            for item in group:
                setattr(item, attr, candidate(item, n))


# --------------------------------------------------------------------------- assembling


@dataclasses.dataclass
class Catalog:
    events: list[Event]
    talks: list[Talk]
    papers: list[Paper]
    people: dict[str, dict]
    links: dict[str, list[tuple[str, str]]]
    themes: dict[str, list[str]]
    notes: list[str]


def find_seed(seeds: Path, prefix: str) -> Path:
    matches = sorted(seeds.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        raise SeedError(f"expected one seed {prefix}_*.txt in {seeds}, found {len(matches)}")
    return matches[0]


def merge_duplicates(papers: list[Paper], notes: list[str]) -> list[Paper]:
    """One entry per paper: the same normalised title in two listings is one paper
    with both sources; the first listing's fields win, the second fills gaps."""
    by_title: dict[str, Paper] = {}
    merged: list[Paper] = []
    for paper in papers:
        norm = normalize_title(paper.title) if paper.title else None
        first = by_title.get(norm) if norm else None
        if first is None:
            if norm:
                by_title[norm] = paper
            merged.append(paper)
            continue
        notes.append(f"duplicate paper {paper.title!r} "
                     f"in {first.sources[0]} and {paper.sources[0]}")
        first.sources.append(paper.sources[0])
        for field in ("abstract", "year", "month", "day", "author_count", "category"):
            if not getattr(first, field):
                setattr(first, field, getattr(paper, field))
    return merged


def load_catalog(seeds: Path, curation: dict, theme_ids: set[str], verified: dict | None = None) -> Catalog:
    notes: list[str] = []
    src = {p: find_seed(seeds, p) for p in ("000", "001", "002", "003", "004")}
    read = {p: path.read_text(encoding="utf-8") for p, path in src.items()}

    rovinj, rovinj_talks = parse_rovinj(read["000"], src["000"].name)
    ut, ut_talks = parse_utaustin(read["001"], src["001"].name)
    tilos, tilos_talks = parse_tilos(read["002"], src["002"].name)
    talks = rovinj_talks + ut_talks + tilos_talks

    listed = parse_publist(read["003"], src["003"].name)
    daily, dropped = parse_daily(read["004"], src["004"].name)
    notes += [f"dropped organisation line {d!r} in {src['004'].name}" for d in dropped]
    papers = merge_duplicates(listed + daily, notes)

    # Papers known only from an arXiv id cited in a talk abstract: the id and nothing else.
    known_eprints = {p.eprint for p in papers if p.eprint}
    for talk in talks:
        for eprint in talk.cited_arxiv:
            if eprint not in known_eprints:
                known_eprints.add(eprint)
                papers.append(Paper(sources=[talk.source], title=None, eprint=eprint))

    apply_corrections(talks, papers, curation.get("corrections") or {}, notes)
    assign_talk_ids(talks)
    assign_paper_keys(papers)
    # Talk and paper order on disk follows ids, so output does not depend on parse order.
    talks.sort(key=lambda t: t.id)
    papers.sort(key=lambda p: p.key)

    apply_verification(papers, (verified or {}).get("papers") or {})
    links = build_links(talks, papers, curation.get("links") or {})
    themes = check_themes(talks, papers, curation.get("themes") or {}, theme_ids)
    people = build_people(talks, papers, curation.get("people") or {})
    return Catalog([rovinj, ut, tilos], talks, papers, people, links, themes, notes)


# --------------------------------------------------------------------------- verification


def apply_verification(papers: list[Paper], records: dict) -> None:
    """Complete papers from records checked against stored public pages (tools/verified.yaml).

    Only a record with ``status: verified`` is used, and only after the rule that admitted
    it is checked again here against the listing: same title, v1 date equal to the
    listing's date (month and day when the listing gives no year), and the same authors
    (the listing's names first and in order; its count when it gives only a count). A
    record that contradicts the listing stops the import: a wrong identifier is worse than
    none. Other statuses keep the reason a paper has no identifier.
    """
    by_key = {paper.key: paper for paper in papers}
    for key in records:
        if key not in by_key:
            raise SeedError(f"tools/verified.yaml: no paper {key!r}")
    for paper in papers:
        record = records.get(paper.key)
        if record and record.get("status") == "verified":
            _check_against_listing(paper, record)
            _complete(paper, record)


def _check_against_listing(paper: Paper, record: dict) -> None:
    where = f"tools/verified.yaml: {paper.key}"
    for field in ("page", "checks", "arxiv", "v1_date", "authors"):
        if not record.get(field):
            raise SeedError(f"{where}: a verified record needs {field!r}")
    if paper.title and normalize_title(record.get("title", "")) != normalize_title(paper.title):
        raise SeedError(f"{where}: title {record.get('title')!r} differs from the listing's {paper.title!r}")
    year, month, day = (int(part) for part in str(record["v1_date"]).split("-"))
    if paper.month and paper.day and (paper.month, paper.day) != (month, day):
        raise SeedError(f"{where}: v1 date {record['v1_date']} is not the listing's date")
    if paper.year and paper.month and paper.year != year:
        raise SeedError(f"{where}: v1 date {record['v1_date']} is not the listing's year {paper.year}")
    names = record["authors"]
    if paper.author_count is not None and len(names) != paper.author_count:
        raise SeedError(f"{where}: {len(names)} authors on the page, the listing counts {paper.author_count}")
    listed = [ascii_fold(name).casefold() for name in paper.authors]
    if listed and [ascii_fold(name).casefold() for name in names[:len(listed)]] != listed:
        raise SeedError(f"{where}: the page's authors {names} do not begin with the listing's {paper.authors}")
    if listed and not paper.authors_truncated and len(names) != len(listed):
        raise SeedError(f"{where}: the page has {len(names)} authors, the listing's complete list {len(listed)}")
    if paper.authors_truncated and len(names) <= len(listed):
        raise SeedError(f"{where}: the listing truncates its authors but the page lists no more")


def _complete(paper: Paper, record: dict) -> None:
    """The listing's facts stay; what it left out comes from the record, and is named."""
    added = []
    if paper.eprint is None:
        paper.eprint = str(record["arxiv"])
        added.append("eprint")
    if paper.authors_truncated or not paper.authors:
        paper.listing_authors = paper.authors + (["others"] if paper.authors_truncated else [])
        paper.authors, paper.authors_truncated = list(record["authors"]), False
        added.append("author")
    if paper.title is None:
        paper.title = record["title"]
        added.append("title")
    year, month, day = (int(part) for part in str(record["v1_date"]).split("-"))
    for field, value in (("year", year), ("month", month), ("day", day)):
        if getattr(paper, field) is None:
            setattr(paper, field, value)
            added.append(field)
    if paper.category is None and record.get("category"):
        paper.category = record["category"]
        added.append("primaryclass")
    if record.get("published"):
        paper.published = record["published"]
        added.append("published")
    paper.verification = {"page": record["page"], "checks": record["checks"], "added": added}


def apply_corrections(talks, papers, corrections: dict, notes: list[str]) -> None:
    """Curated corrections to imported facts, keyed by the fact's identity in its source
    (speaker name for talks, title for papers) so they survive id changes. Each needs a
    reason; an unmatched correction is an error so it cannot silently rot."""
    for who, fix in (corrections.get("talks") or {}).items():
        hits = [t for t in talks if t.speaker.name == who and
                (fix.get("title_was") is None or t.title == fix["title_was"])]
        _apply(hits, fix, who, notes)
    for title, fix in (corrections.get("papers") or {}).items():
        hits = [p for p in papers if p.title == title]
        _apply(hits, fix, title, notes)


def _apply(hits, fix: dict, label: str, notes: list[str]) -> None:
    if len(hits) != 1:
        raise SeedError(f"curation correction for {label!r} matches {len(hits)} entries")
    if not fix.get("reason"):
        raise SeedError(f"curation correction for {label!r} has no reason")
    for field, value in fix.get("set", {}).items():
        if not hasattr(hits[0], field):
            raise SeedError(f"curation correction for {label!r}: unknown field {field!r}")
        setattr(hits[0], field, value)
    notes.append(f"correction applied to {label!r}: {fix['reason']}")


def build_links(talks, papers, curated: dict) -> dict[str, list[tuple[str, str]]]:
    """Talk -> paper links: arXiv ids cited in an abstract (from the source) plus the
    curated links, each with its reason."""
    by_eprint = {p.eprint: p.key for p in papers if p.eprint}
    keys = {p.key for p in papers}
    talk_ids = {t.id for t in talks}
    links: dict[str, list[tuple[str, str]]] = {}
    for talk in talks:
        for eprint in talk.cited_arxiv:
            links.setdefault(talk.id, []).append((by_eprint[eprint], "cited in the abstract"))
    for talk_id, entries in curated.items():
        if talk_id not in talk_ids:
            raise SeedError(f"curation links: unknown talk {talk_id!r}")
        for entry in entries:
            key, reason = entry["key"], entry.get("reason", "")
            if key not in keys:
                raise SeedError(f"curation links: unknown paper {key!r} for {talk_id!r}")
            if not reason or re.search(r"[,()]", reason):
                raise SeedError(f"curation links: reason for {talk_id} -> {key} must be "
                                "non-empty, without commas or parentheses")
            links.setdefault(talk_id, []).append((key, reason))
    return {k: sorted(set(v)) for k, v in links.items()}


def check_themes(talks, papers, curated: dict, theme_ids: set[str]) -> dict[str, list[str]]:
    """Every talk and paper has one to three registered themes, all curated.

    A TBD talk has none: with no title and no abstract, any theme would be a guess.
    """
    themes = {}
    tbd = {t.id for t in talks if t.title is None}
    wanted = [t.id for t in talks] + [p.key for p in papers]
    missing = [w for w in wanted if w not in curated]
    if missing:
        raise SeedError(f"curation themes missing for: {', '.join(missing)}")
    extra = sorted(set(curated) - set(wanted))
    if extra:
        raise SeedError(f"curation themes for unknown entries: {', '.join(extra)}")
    for entry_id in wanted:
        ids = curated[entry_id] or []
        low, high = (0, 0) if entry_id in tbd else (1, 3)
        if not low <= len(ids) <= high or not set(ids) <= theme_ids:
            raise SeedError(f"curation themes for {entry_id}: "
                            f"need {low}-{high} of {sorted(theme_ids)}, got {ids}")
        themes[entry_id] = list(ids)
    return themes


def build_people(talks, papers, curated: dict) -> dict[str, dict]:
    """One record per real person. Spellings are merged only where curation.yaml says
    so; two different names that look alike without a curated decision are an error,
    so a merge is never guessed and never forgotten."""
    merges = curated.get("merge") or []
    canonical_of: dict[str, str] = {}
    for merge in merges:
        if not merge.get("reason"):
            raise SeedError(f"curation people merge for {merge['name']!r} has no reason")
        for alias in merge.get("aliases", []):
            canonical_of[alias] = merge["name"]
    distinct = {frozenset(pair["names"]) for pair in curated.get("distinct") or []}

    records: dict[str, dict] = {}

    def person(name: str) -> dict:
        canonical = canonical_of.get(name, name)
        record = records.setdefault(canonical, {"name": canonical, "aliases": set()})
        if name != canonical:
            record["aliases"].add(name)
        return record

    for paper in papers:
        for author in paper.authors:
            person(author)
    # A person's registry affiliation is the first one a talk gives, in source order.
    for talk in sorted(talks, key=lambda t: (t.source, t.date or "", t.start or "", t.id)):
        record = person(talk.speaker.name)
        if talk.speaker.affiliation and "affiliation" not in record:
            record["affiliation"] = talk.speaker.affiliation
        if talk.bio:
            record["bio"] = talk.bio
            homepage = re.search(r"More information is available at (https?://\S+?)\.?$", talk.bio)
            if homepage:
                record["homepage"] = homepage.group(1)
    for merge in merges:  # the curated aliases are kept even when no source uses them
        record = records.get(merge["name"])
        if record is None:
            raise SeedError(f"curation people merge names unknown person {merge['name']!r}")
        record["aliases"].update(merge.get("aliases", []))
    for name, fields in (curated.get("set") or {}).items():
        if name not in records or not fields.get("reason"):
            raise SeedError(f"curation people set for {name!r}: unknown person or no reason")
        records[name].update({k: v for k, v in fields.items() if k != "reason"})

    _check_lookalikes(records, distinct)
    people = {}
    for record in records.values():
        pid = slugify(record["name"])
        if pid in people:
            raise SeedError(f"two people with id {pid!r}")
        ordered = {"name": record["name"], "aliases": sorted(record["aliases"])}
        for field in ("affiliation", "homepage", "bio"):
            if record.get(field):
                ordered[field] = record[field]
        if len(ordered) > 2 or ordered["aliases"]:  # a bare name needs no record: the site makes its page
            people[pid] = ordered
    return dict(sorted(people.items()))


def _check_lookalikes(records: dict, distinct: set) -> None:
    """Names equal after folding accents and dropping middle initials and nicknames
    ('Michael Mahoney' / 'Michael W. Mahoney') must be merged or declared distinct."""
    def skeleton(name: str) -> str:
        name = re.sub(r"\([^)]*\)", " ", ascii_fold(name).lower())
        words = [w for w in re.findall(r"[a-z-]+\.?", name) if not re.fullmatch(r"[a-z]\.", w)]
        return f"{words[0]} {words[-1]}" if words else name

    groups: dict[str, list[str]] = {}
    for name in records:
        groups.setdefault(skeleton(name), []).append(name)
    for names in groups.values():
        if len(names) > 1 and frozenset(names) not in distinct:
            raise SeedError(f"people {names} look alike: merge them or declare them distinct "
                            "in tools/curation.yaml")


# --------------------------------------------------------------------------- rendering


def marker(comment: str, sources: list[str]) -> str:
    text = f"{MARKER} from {', '.join(sources)}; {OWNERSHIP_HINT}"
    return {"md": f"<!-- {text} -->", "bib": f"% {text}", "yaml": f"# {text}"}[comment]


def directive(name: str, argument: str | None, options: list[tuple[str, object]],
              body: str = "") -> str:
    head = f"```{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [f":{k}: {v}" for k, v in options if v not in (None, "", [])]
    if body:
        if "```" in body:
            raise SeedError(f"a {name} body contains a code fence")
        lines += ["", body]
    return "\n".join(lines + ["```"])


def render_event(event: Event) -> str:
    parts = [marker("md", [event.source]), directive("event", event.title, [
        ("start", event.start), ("end", event.end), ("timezone", event.timezone),
        ("location", event.location), ("recorded", "yes" if event.recorded else None),
        ("source", event.source)], event.description)]
    for slot in event.slots:
        parts.append(directive("slot", slot.title, [("date", slot.date), ("start", slot.start),
                                                     ("end", slot.end)]))
    return "\n\n".join(parts) + "\n"


def render_talk(talk: Talk, themes: list[str], links: list[tuple[str, str]]) -> str:
    speaker = talk.speaker.name
    if talk.speaker.affiliation:
        speaker += f" ({talk.speaker.affiliation})"
    options = [
        ("event", talk.event), ("speakers", speaker),
        ("status", "tbd" if talk.title is None else None),
        ("date", talk.date), ("start", talk.start), ("end", talk.end), ("order", talk.order),
        ("themes", ", ".join(themes)),
        ("papers", ", ".join(f"{key} ({reason})" for key, reason in links)),
        ("source", talk.source),
    ]
    entry = directive("talk", talk.title, options, markdown_body(talk.abstract))
    return marker("md", [talk.source]) + "\n\n" + entry + "\n"


def render_paper(paper: Paper, themes: list[str]) -> str:
    options = [("themes", ", ".join(themes)), ("source", ", ".join(paper.sources))]
    entry = directive("paper", paper.key, options, markdown_body(paper.abstract))
    return marker("md", paper.sources) + "\n\n" + entry + "\n"


def bib_value(value: str) -> str:
    if value.count("{") != value.count("}"):
        raise SeedError(f"unbalanced braces in BibTeX value {value!r}")
    return "{" + value + "}"


def render_bib(papers: list[Paper], sources: list[str]) -> str:
    entries = []
    for paper in papers:
        fields: list[tuple[str, str]] = []
        if paper.title:
            # Double braces keep the title's capitals in styles that lowercase titles.
            fields.append(("title", "{" + bib_value(paper.title) + "}"))
        if paper.authors:
            names = paper.authors + (["others"] if paper.authors_truncated else [])
            fields.append(("author", bib_value(" and ".join(names))))
        if paper.author_count is not None:
            fields.append(("authorcount", bib_value(str(paper.author_count))))
        if paper.year:
            fields.append(("year", bib_value(str(paper.year))))
        if paper.month:
            fields.append(("month", MONTHS[paper.month - 1]))  # the standard BibTeX macro
        if paper.day:
            fields.append(("day", bib_value(str(paper.day))))
        if paper.eprint:
            fields += [("eprint", bib_value(paper.eprint)), ("archiveprefix", "{arXiv}")]
        if paper.category:
            fields.append(("primaryclass", bib_value(paper.category)))
        fields += verification_fields(paper)
        body = "".join(f"  {name} = {value},\n" for name, value in fields)
        entries.append(f"@misc{{{paper.key},\n{body}}}\n")
    return marker("bib", sources) + "\n\n" + "\n".join(entries)


def verification_fields(paper: Paper) -> list[tuple[str, str]]:
    """Provenance fields the site reads and never exports (see _ext/scholar/bib.py)."""
    if paper.verification is None:
        return []
    fields = [("verifiedurl", bib_value(paper.verification["page"])),
              ("verifiedchecks", bib_value(paper.verification["checks"])),
              ("addedfields", bib_value(", ".join(paper.verification["added"])))]
    if paper.listing_authors:
        fields.append(("listingauthor", bib_value(" and ".join(paper.listing_authors))))
    if paper.published:
        fields += [(f"published{name}", bib_value(str(paper.published[name])))
                   for name in ("venue", "year", "doi", "url") if paper.published.get(name)]
    return fields


def render_people(people: dict[str, dict], sources: list[str]) -> str:
    text = yaml.safe_dump(people, sort_keys=False, allow_unicode=True, width=10**6,
                          default_flow_style=None)
    return marker("yaml", sources) + "\n" + text


def render(catalog: Catalog, seed_names: list[str]) -> dict[str, str]:
    """Every output file: relative path -> content."""
    files: dict[str, str] = {}
    for event in catalog.events:
        files[f"talks/{event.id}/index.md"] = render_event(event)
    for talk in catalog.talks:
        files[f"talks/{talk.event}/{talk.id}.md"] = render_talk(
            talk, catalog.themes[talk.id], catalog.links.get(talk.id, []))
    for paper in catalog.papers:
        files[f"papers/{paper.key}.md"] = render_paper(paper, catalog.themes[paper.key])
    paper_sources = sorted({s for p in catalog.papers for s in p.sources})
    files["refs.bib"] = render_bib(catalog.papers, paper_sources)
    files["people.imported.yaml"] = render_people(catalog.people, seed_names + ["tools/curation.yaml"])
    return dict(sorted(files.items()))


# --------------------------------------------------------------------------- writing


def is_imported(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        return MARKER in handle.readline()


def stale_files(out: Path, wanted: dict[str, str]) -> list[str]:
    """Files this importer wrote earlier that it would no longer write."""
    found = []
    for pattern in ("talks/*/*.md", "papers/*.md"):
        for path in out.glob(pattern):
            rel = path.relative_to(out).as_posix()
            if rel not in wanted and is_imported(path):
                found.append(rel)
    return sorted(found)


def sync(out: Path, files: dict[str, str], check: bool) -> int:
    """Write (or, with check, compare) the files. Returns the number of differences."""
    differences = 0
    for rel, content in files.items():
        path = out / rel
        if path.exists() and not is_imported(path):
            print(f"note: {rel} is hand-owned (no import marker); left alone")
            continue
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        differences += 1
        if check:
            print(f"differs: {rel}" if current is not None else f"missing: {rel}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    for rel in stale_files(out, files):
        differences += 1
        if check:
            print(f"stale: {rel} (imported earlier, no longer produced)")
        else:
            (out / rel).unlink()
            print(f"removed stale {rel}")
    return differences


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed directory")
    parser.add_argument("--out", type=Path, default=REPO_ROOT,
                        help="output root (default: the repository)")
    parser.add_argument("--curation", type=Path, default=DEFAULT_CURATION, help="curation file")
    parser.add_argument("--verified", type=Path, default=DEFAULT_VERIFIED,
                        help="records checked against stored public pages")
    parser.add_argument("--check", action="store_true", help="exit 1 if files on disk differ")
    parser.add_argument("--verbose", action="store_true", help="print the import notes")
    args = parser.parse_args(argv)

    try:
        theme_ids = set(load_yaml(THEMES_FILE))
        verified = load_yaml(args.verified) if args.verified.is_file() else {}
        catalog = load_catalog(args.seeds, load_yaml(args.curation), theme_ids, verified)
    except SeedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seed_names = sorted(find_seed(args.seeds, p).name for p in ("000", "001", "002", "003", "004"))
    files = render(catalog, seed_names)
    if args.verbose:
        for note in catalog.notes:
            print(f"note: {note}")
    differences = sync(args.out, files, args.check)
    if args.check:
        if differences:
            print(f"{differences} file(s) differ from what tools/import_seeds.py would write")
            return 1
        print(f"{len(files)} imported files are up to date")
    else:
        print(f"{len(files)} files: {differences} written or removed, the rest unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
