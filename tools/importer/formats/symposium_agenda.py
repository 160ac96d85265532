"""The symposium agenda (the Rovinj listing): a programme extracted from a PDF.

A title page ('# <title>', 'd/m/yy – d/m/yy', the place), an agenda of timed rows per day
('<b>8:30 am</b>', title, speaker), then the abstracts per day ('8:30 am **Name** — Affiliation',
a title line, the abstract). TBD talks have an agenda row and an abstract header only.
"""

from __future__ import annotations

import re

from ..records import Event, Slot, Speaker, Talk
from ..text import MONTH_NAMES, SeedError, normalize_title, paragraphs, rejoin_page_breaks, to_24h
from . import Listing, Parsed, register

NON_TALK_TITLES = {"Opening remarks"}  # agenda items with a person that are not talks


@register("symposium-agenda")
def parse(text: str, listing: Listing) -> Parsed:
    """A symposium programme: a title page, the agenda by day, then the abstracts by day."""
    source = listing.name
    lines = text.split("\n")
    # The title page: '# <title>', '29/9/24 – 3/10/24', 'Rovinj, Croatia'.
    title_at = next(i for i, line in enumerate(lines) if line.startswith("# "))
    span = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}) – (\d{1,2})/(\d{1,2})/(\d{2})",
                        lines[title_at + 2])
    if not span:
        raise SeedError(f"{source}:{title_at + 3}: expected the dates 'd/m/yy – d/m/yy'")
    day1, month1, year1, day2, month2, year2 = (int(g) for g in span.groups())
    year = 2000 + year1
    agenda_at = lines.index("## Agenda")
    abstracts_at = next(i for i, line in enumerate(lines) if line.startswith("## Abstracts"))
    items = _rovinj_agenda(lines[agenda_at + 1:abstracts_at], year)
    abstracts = _rovinj_abstracts(lines[abstracts_at:], year)

    event = Event(
        id=str(listing.event),
        title=lines[title_at][2:].strip(),
        source=source,
        start=f"{year}-{month1:02d}-{day1:02d}",
        end=f"{2000 + year2}-{month2:02d}-{day2:02d}",
        timezone=listing.timezone,  # not in the listing: the manifest gives it
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
            event=event.id, source=source, speaker=Speaker(speaker, affiliation),
            # The agenda title wins: the abstract section sometimes drops a final '?'.
            title=None if tbd else title,
            abstract=body, date=date, start=start, end=end,
            cited_arxiv=re.findall(r"arxiv:(\d{4}\.\d{4,5})", body, flags=re.I),
        ))
    if abstracts:
        raise SeedError(f"{source}: abstracts with no agenda slot: {sorted(abstracts)}")
    return Parsed(events=[event], talks=talks)


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
        title = re.sub(r"^#+\s*", "", next((line for line in body if line.strip()), "")).strip()
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
