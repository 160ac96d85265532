"""The workshop page (the UT Austin listing): a web page's text.

Navigation lines, the title, the room and address, a description, then 'Agenda:' with
days ('Feb 20, 2025'), timed rows ('9:00-9:45am - Name, Affiliation') followed by
'- Title:' and '- Abstract:' lines, and blocks of graduate talks ('Name (Affiliation)').
"""

from __future__ import annotations

import re

from ..records import Event, Slot, Speaker, Talk
from ..text import MONTH_RE, MONTHS, SeedError, minutes, tidy, to_24h
from . import Listing, Parsed, register


@register("workshop-page")
def parse(text: str, listing: Listing) -> Parsed:
    """A workshop web page: navigation, title, place, description, then 'Agenda:' by day."""
    source = listing.name
    lines = [line.rstrip() for line in text.split("\n")]
    agenda_at = lines.index("Agenda:")
    # Lines 1-3 ("Events", "Workshop", "-") are the site's navigation, not content.
    description = [lines[4]] + [line for line in lines[9:agenda_at] if line]
    event = Event(
        id=str(listing.event),
        title=lines[3],
        source=source,
        timezone=listing.timezone,  # not in the listing: the manifest gives it
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
        details, i = _details(lines, i)
        if timed:
            start, end = _times(timed[1], timed[2], timed[3], previous_end)
            previous_end = end
            what = timed.group(4).strip()
            block = None
            if not details:
                event.slots.append(Slot(what, date, start, end))
                if "graduate student talks" in what:
                    block, order = (start, end), 0
                continue
            name, _, affiliation = what.partition(", ")
            talks.append(_talk(event.id, source, date, start, end, None, name, affiliation, details))
        elif details:
            # A graduate talk: 'Name (Affiliation)' inside the preceding block.
            if block is None:
                raise SeedError(f"{source}: talk outside a time slot: {line!r}")
            match = re.match(r"(.+) \(([^()]+)\)$", line)
            if not match:
                raise SeedError(f"{source}: expected 'Name (Affiliation)', got {line!r}")
            order += 1
            talks.append(_talk(event.id, source, date, block[0], block[1], order,
                                        match.group(1), match.group(2), details))
        else:
            # An untimed schedule item ("Break for Individual Lunch"): no time is invented.
            event.slots.append(Slot(line, date))
    return Parsed(events=[event], talks=talks)


def _details(lines: list[str], i: int) -> tuple[dict, int]:
    """The '- Title:' / '- Talk:' and '- Abstract:' lines under an agenda line."""
    details = {}
    while i < len(lines):
        match = re.match(r"- (Title|Talk|Abstract): (.*)$", lines[i])
        if not match:
            break
        details["abstract" if match.group(1) == "Abstract" else "title"] = tidy(match.group(2))
        i += 1
    return details, i


def _times(start: str, end: str, meridiem: str | None,
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


def _talk(event_id, source, date, start, end, order, name, affiliation, details) -> Talk:
    # A trailing full stop after an affiliation ends the agenda sentence, it is not part of it.
    affiliation = tidy(affiliation).removesuffix(".")
    return Talk(event=event_id, source=source, speaker=Speaker(tidy(name), affiliation),
                title=details["title"], abstract=details.get("abstract", ""),
                date=date, start=start, end=end, order=order)
