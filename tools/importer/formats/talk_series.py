"""The recorded-talk series (the TILOS listing): talks with no dates.

Per talk: a title line, a 'Speaker, Affiliation' line, the abstract, then optional
paragraphs, either more abstract ('This is joint work with ...') or a bio ('<Speaker> is ...').
"""

from __future__ import annotations

import re

from ..records import Event, Speaker, Talk
from ..text import tidy
from . import Listing, Parsed, register


@register("talk-series")
def parse(text: str, listing: Listing) -> Parsed:
    """Title line, 'Speaker, Affiliation' line, abstract line, then optional paragraphs:
    more abstract ('This is joint work with ...') or a bio ('<Speaker> is ...')."""
    source = listing.name
    lines = [tidy(line) for line in text.split("\n") if line.strip()]
    # The listing's title ("Recorded Talks: ...") says these talks were recorded; it links none.
    event = Event(id=str(listing.event), title=lines[0], source=source, recorded=lines[0].startswith("Recorded Talks"))
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
        talks.append(Talk(event=event.id, source=source, speaker=Speaker(name, affiliation),
                          title=block[0], abstract="\n\n".join(abstract), bio=bio))
    return Parsed(events=[event], talks=talks)


def _is_tilos_title(lines: list[str], i: int) -> bool:
    """A title is a short line without a final stop followed by a 'Name, Affiliation' line."""
    title, speaker = lines[i], lines[i + 1]
    return (len(title) < 120 and not title.endswith(".")
            and len(speaker) < 100 and ", " in speaker and not speaker.endswith(".")
            and re.match(r"[A-Z][\w.()' -]+, ", speaker) is not None
            and len(speaker.partition(", ")[0].split()) <= 4)
