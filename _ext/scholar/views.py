"""What each placeholder shows, as plain data computed from the catalog.

A view is a function ``(catalog, key) -> data``: JSON-serialisable data, or None when
``key`` names nothing (a problem reported elsewhere). The renderers (render/) turn the
data into nodes; the registry of views, with how each renders and whether it is
searched, is :mod:`content`. A view reads other entries only through the catalog's
accessors, so what it depends on is recorded as it runs.
"""

from __future__ import annotations

import dataclasses
import heapq
from typing import Any
from urllib.parse import urlencode

from . import cite, csl, model
from .calendars import calendar_path
from .catalog import Catalog
from .citation import of_paper, of_talk
from .feeds import feed_path
from .mathtext import math_to_text
from .metadata import coins
from .names import sort_key
from .records import BibFacts, Event, Paper, Talk
from .registry import curriculum

Data = dict[str, Any]


# -- summaries: one line of a list ----------------------------------------------------------


def talk_summary(catalog: Catalog, talk: Talk) -> Data:
    event = catalog.event(talk.event)
    return {
        "kind": "talk",
        "id": talk.id,
        "title": talk.page_title,
        "tbd": talk.status == "tbd",
        "docname": talk.docname,
        "people": [speaker.name for speaker in talk.speakers],
        "event": event.title if event else None,
        "date": talk.date,
        "sortdate": talk.date or (event.start if event else None) or "",
        "timed": moments(talk, event)["start_iso"] is not None,  # it can go into a calendar
        "coins": talk_coins(catalog, talk, event),
    }


def paper_summary(catalog: Catalog, paper: Paper) -> Data:
    bib = paper.bib
    return {
        "kind": "paper",
        "id": paper.id,
        "title": paper.page_title,
        "docname": paper.docname,
        "people": bib.authors,
        "complete": bib.authors_complete,
        "n_authors": bib.n_authors,
        "date": bib.date,
        "year": bib.year,
        "arxiv": bib.arxiv,
        "sortdate": paper_sortdate(bib),
        "coins": paper_coins(catalog, paper),
    }


def paper_coins(catalog: Catalog, paper: Paper) -> str:
    """What a reference manager saves from a list: the paper with its URL and abstract.

    Made once per build: a paper is listed on many pages (its authors', its guides', its
    related entries'), and each span costs a citation and a math-to-text conversion.
    """
    key = ("coins", paper.id)
    if key not in catalog.derived:
        catalog.derived[key] = coins(of_paper(paper, catalog.absolute_url_or_path(paper.docname)))
    return catalog.derived[key]


def talk_coins(catalog: Catalog, talk: Talk, event: Event | None) -> str | None:
    """A talk as a list offers it to a reference manager; none for a talk to be announced.

    Without its abstract, which the talk's own page gives: every list naming a talk would
    otherwise be written again whenever its abstract is edited."""
    if talk.status == "tbd":
        return None
    url = catalog.absolute_url_or_path(talk.docname)
    return coins(dataclasses.replace(of_talk(talk, event, url, catalog.name_of), abstract=""))


def summaries(catalog: Catalog, kind: str, ids: list[str]) -> list[Data]:
    """The summaries of the talks or papers with these ids that exist."""
    found = [catalog.entry(kind, entry_id) for entry_id in ids]
    return [talk_summary(catalog, e) if isinstance(e, Talk) else paper_summary(catalog, e)
            for e in found if e is not None]


def paper_sortdate(bib: BibFacts) -> str:
    return bib.iso_date or ""


def newest_first(items: list[Data]) -> list[Data]:
    """Newest first; undated entries last, by title."""
    dated = sorted((i for i in items if i["sortdate"]), key=lambda i: (i["sortdate"], i["title"]), reverse=True)
    undated = sorted((i for i in items if not i["sortdate"]), key=lambda i: (i["title"].casefold(), i["id"]))
    return dated + undated


def _link(title: str, docname: str | None) -> Data:
    return {"title": title, "docname": docname}


def _themes(catalog: Catalog, theme_ids: list[str]) -> list[Data]:
    themes = [(theme_id, catalog.theme(theme_id)) for theme_id in theme_ids]
    return [_link(theme.title, catalog.page_of("theme", theme_id)) for theme_id, theme in themes if theme]


def _persons(catalog: Catalog, names: list[str]) -> list[Data]:
    return [_link(name, catalog.person_docname(name)) for name in names]


# -- entry pages ----------------------------------------------------------------------------


def talk_header(catalog: Catalog, talk_id: str) -> Data | None:
    talk = catalog.talk(talk_id)
    if talk is None:
        return None
    event = catalog.event(talk.event)
    people = [catalog.person(person_id) for s in talk.speakers if (person_id := catalog.person_for(s.name))]
    return {
        "id": talk.id,
        "title": talk.page_title,
        "status": talk.status,
        "speakers": [{**_link(s.name, catalog.person_docname(s.name)), "affiliation": s.affiliation}
                     for s in talk.speakers],
        "event": _link(event.title, event.docname) if event else None,
        "date": talk.date,
        "start": talk.start,
        "end": talk.end,
        "order": talk.order,
        "room": talk.room,
        "timezone": event.timezone if event else None,
        **moments(talk, event),
        "themes": _themes(catalog, talk.themes),
        "calendar": calendar_path(catalog, "talk", talk_id),
        "bios": [{"name": person.name, "bio": person.bio} for person in people if person and person.bio],
    }


def moments(talk: Talk, event: Event | None) -> Data:
    """Start and end as ISO times with their UTC offset, for the reader's own clock."""
    zone = event.timezone if event else None
    if not (talk.date and talk.start and zone):
        return {"start_iso": None, "end_iso": None}
    date: str = talk.date

    def iso(time: str | None) -> str | None:
        return f"{date}T{time}:00{model.utc_offset(date, time, zone)}" if time and zone else None

    return {"start_iso": iso(talk.start), "end_iso": iso(talk.end)}


def talk_papers(catalog: Catalog, talk_id: str) -> list[Data] | None:
    talk = catalog.talk(talk_id)
    if talk is None:
        return None
    return [{**paper_summary(catalog, paper), "reason": link.reason}
            for link in talk.papers if (paper := catalog.paper(link.key))]


def paper_header(catalog: Catalog, key: str) -> Data | None:
    paper = catalog.paper(key)
    if paper is None:
        return None
    bib = paper.bib
    return {
        "authors": _persons(catalog, bib.authors),
        "authors_complete": bib.authors_complete,
        "n_authors": bib.n_authors,
        "listing": dataclasses.asdict(bib.listing),
        "date": bib.date,
        "year": bib.year,
        "month": bib.month,
        "year_inferred": paper.year_inferred,
        "arxiv": bib.arxiv,
        "category": bib.category,
        "url": bib.url,
        "doi": bib.doi,
        "venue": bib.venue,
        "published": dataclasses.asdict(bib.published) if bib.published else None,
        "verified": dataclasses.asdict(bib.verified) if bib.verified else None,
        "abstract_source": dataclasses.asdict(bib.abstract_source) if bib.abstract_source else None,
        "search": None if bib.arxiv or bib.doi or bib.url else search_links(paper.page_title),
        "source": paper.source,
        "added_by": paper.added_by,
        "themes": _themes(catalog, paper.themes),
        "has_abstract": bool(paper.abstract.strip()),
    }


def search_links(title: str) -> list[Data]:
    """Where a reader can look for a paper that has no verified identifier: title searches only."""
    title = math_to_text(title)
    query = urlencode({"q": title})
    return [
        {"title": "arXiv", "url": "https://arxiv.org/search/?" + urlencode({"query": title, "searchtype": "title"})},
        {"title": "Semantic Scholar", "url": "https://www.semanticscholar.org/search?" + query},
        {"title": "Google Scholar", "url": "https://scholar.google.com/scholar?" + query},
    ]


def paper_talks(catalog: Catalog, key: str) -> list[Data] | None:
    if catalog.paper(key) is None:
        return None
    return newest_first(summaries(catalog, "talk", catalog.talks_of("paper", key)))


def related(catalog: Catalog, key: str, limit: int = 5) -> list[Data] | None:
    """Entries sharing people or themes with this one, the most shared first."""
    kind, _, entry_id = key.partition(":")
    record = catalog.entry(kind, entry_id)
    if record is None:
        return None
    if isinstance(record, Talk):
        names, linked = [s.name for s in record.speakers], {link.key for link in record.papers}
    else:
        names, linked = record.bib.authors, set(catalog.talks_of("paper", entry_id))
    people = sorted({person_id for name in names if (person_id := catalog.person_for(name))})
    # Shared people count double, shared themes once.
    scores = _shared_with(catalog, [(2, "person", people), (1, "theme", record.themes)])
    for other in [(kind, entry_id), *(("paper", k) for k in linked), *(("talk", k) for k in linked)]:
        scores.pop(other, None)
    ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return [summary for (k, i), _ in ranked for summary in summaries(catalog, k, [i])]


def _shared_with(catalog: Catalog, groups: list[tuple[int, str, list[str]]]) -> dict[tuple[str, str], int]:
    """Each talk and paper of the given people or themes, with the weights of what it shares."""
    scores: dict[tuple[str, str], int] = {}
    for weight, of_kind, ids in groups:
        for of_id in ids:
            others = [("talk", t) for t in catalog.talks_of(of_kind, of_id)]
            others += [("paper", p) for p in catalog.papers_of(of_kind, of_id)]
            for other in others:
                scores[other] = scores.get(other, 0) + weight
    return scores


def citation(catalog: Catalog, key: str) -> Data | None:
    """What a reader copies: BibTeX (the paper's cleaned record, or the talk as a presentation)
    and the CSL-JSON item, from which the page formats a reference."""
    kind, _, entry_id = key.partition(":")
    citation = csl.entry_citation(catalog, kind, entry_id)
    record = catalog.entry(kind, entry_id)
    if citation is None or record is None:
        return None
    # A formatted reference cannot say "et al." for a list the source cut short: the page says so.
    shared = {"csl": csl.csl_item(entry_id, citation), "csl_file": f"{record.docname}.csl.json",
              "incomplete": citation.incomplete_note}
    if isinstance(record, Paper):
        return {"bibtex": record.bibtex, **shared}
    talk = cite.talk_citation(catalog, entry_id)  # formatted only when the page is written
    return {"talk": talk, **shared} if talk else None


def step(catalog: Catalog, key: str) -> Data | None:
    """A reading-path item: the entry, who is behind it, and what a reader can get of it."""
    kind, _, entry_id = key.partition(":")
    record = catalog.entry(kind, entry_id)
    if isinstance(record, Paper):
        return {**paper_summary(catalog, record), "doi": record.bib.doi, "url": record.bib.url,
                "verified": record.bib.verified is not None, "has_abstract": bool(record.abstract.strip()),
                "searches": search_links(record.page_title)}
    if isinstance(record, Talk):
        event = catalog.event(record.event)
        return {**talk_summary(catalog, record), "recording": record.recording, "slides": record.slides,
                "recorded_event": bool(event and event.recorded), "has_abstract": bool(record.abstract.strip())}
    return None


# -- events ---------------------------------------------------------------------------------


def event_header(catalog: Catalog, event_id: str) -> Data | None:
    event = catalog.event(event_id)
    if event is None:
        return None
    return {
        "start": event.start, "end": event.end, "timezone": event.timezone, "location": event.location,
        "url": event.url, "recorded": event.recorded,
        "n_talks": len(catalog.talks_of("event", event_id)),
        "calendar": calendar_path(catalog, "event", event_id),
    }


def schedule(catalog: Catalog, event_id: str) -> list[Data] | None:
    """The event's talks and slots grouped by day, in time order; undated talks last."""
    if catalog.event(event_id) is None:
        return None
    items = []
    for talk_id in catalog.talks_of("event", event_id):
        talk = catalog.talk(talk_id)
        header = talk_header(catalog, talk_id)
        if talk is None or header is None:
            continue
        items.append({**talk_summary(catalog, talk), "start": talk.start, "end": talk.end, "room": talk.room,
                      "order": talk.order or 0, "speakers": header["speakers"], "zone": header["timezone"],
                      "start_iso": header["start_iso"], "end_iso": header["end_iso"]})
    for slot in catalog.slots_of(event_id):
        items.append({"kind": "slot", "id": slot.id, "title": slot.title, "date": slot.date,
                      "start": slot.start, "end": slot.end, "room": slot.room, "order": 0})
    items.sort(key=lambda i: (i["date"] or "9999", i["start"] or "99", i["order"], i["kind"] == "talk",
                              i["room"] or "", i["title"]))
    days: list[Data] = []
    for item in items:
        if not days or days[-1]["date"] != item["date"]:
            days.append({"date": item["date"], "items": []})
        days[-1]["items"].append(item)
    return days


def event_index(catalog: Catalog, _key: str = "") -> list[Data]:
    events = [event for event_id in catalog.ids("event") if (event := catalog.event(event_id))]
    events.sort(key=lambda e: (e.start or "", e.title), reverse=True)
    return [
        {**_link(e.title, e.docname), "start": e.start, "end": e.end, "location": e.location,
         "n_talks": len(catalog.talks_of("event", e.id))}
        for e in events
    ]


# -- people and themes ----------------------------------------------------------------------


def person(catalog: Catalog, person_id: str) -> Data | None:
    record = catalog.person(person_id)
    if record is None:
        return None
    return {
        "name": record.name,
        "aliases": record.aliases,
        "affiliation": record.affiliation,
        "homepage": record.homepage,
        "bio": record.bio,
        "calendar": calendar_path(catalog, "person", person_id),
        "talks": newest_first(summaries(catalog, "talk", catalog.talks_of("person", person_id))),
        "papers": newest_first(summaries(catalog, "paper", catalog.papers_of("person", person_id))),
    }


def theme(catalog: Catalog, theme_id: str) -> Data | None:
    record = catalog.theme(theme_id)
    if record is None:
        return None
    tagged = catalog.papers_of("theme", theme_id)
    page = catalog.page_of("theme", theme_id)
    cited = [key for key in catalog.cited_on(page) if catalog.paper(key)]
    return {
        "title": record.title,
        "summary": record.summary,
        "talks": newest_first(summaries(catalog, "talk", catalog.talks_of("theme", theme_id))),
        "papers": newest_first(summaries(catalog, "paper", tagged)),
        # Cited papers tagged with other themes still get a COinS span, and the guide's .bib.
        "cited_elsewhere": summaries(catalog, "paper", [key for key in cited if key not in tagged]),
        "bibfile": f"{page}.bib" if cited and page else None,
        "feed": feed_path(catalog, "theme", theme_id),
        "search_terms": record.search_terms,
    }


def people_index(catalog: Catalog, _key: str = "") -> list[Data]:
    people = [record for person_id in catalog.ids("person") if (record := catalog.person(person_id))]
    return [
        {**_link(p.name, catalog.page_of("person", p.id)), "affiliation": p.affiliation,
         "n_talks": len(catalog.talks_of("person", p.id)), "n_papers": len(catalog.papers_of("person", p.id))}
        for p in sorted(people, key=lambda p: sort_key(p.name))
    ]


def theme_index(catalog: Catalog, _key: str = "") -> list[Data]:
    """The guides in the curriculum's order (themes.yaml's ``builds_on``)."""
    themes = {theme_id: record for theme_id in catalog.ids("theme") if (record := catalog.theme(theme_id))}
    return [
        {**_link(t.title, catalog.page_of("theme", theme_id)), "id": theme_id, "summary": t.summary,
         "builds_on": [need for need in t.builds_on if need in themes],
         "n_talks": len(catalog.talks_of("theme", theme_id)), "n_papers": len(catalog.papers_of("theme", theme_id)),
         "steps": [step.entry for step in catalog.steps_on(catalog.page_of("theme", theme_id))]}
        for theme_id, t in ((theme_id, themes[theme_id]) for theme_id in curriculum(themes))
    ]


# -- the whole catalog ----------------------------------------------------------------------


def paper_index(catalog: Catalog, _key: str = "") -> Data:
    papers = [paper for key in catalog.ids("paper") if (paper := catalog.paper(key))]
    themes_of = {paper.id: paper.themes for paper in papers}
    listed = [{**item, "themes": themes_of[item["id"]]}
              for item in newest_first([paper_summary(catalog, paper) for paper in papers])]
    themes = [(theme_id, record) for theme_id in catalog.ids("theme") if (record := catalog.theme(theme_id))]
    return {
        "papers": listed,
        "themes": [{"id": theme_id, "title": t.title} for theme_id, t in themes],
        "years": sorted({p["year"] for p in listed if p["year"]}, reverse=True),
    }


def downloads(catalog: Catalog, _key: str = "") -> list[Data]:
    """The site-wide exports, for the landing page."""
    files = [
        ("catalog.json", "catalog.json", "every event, talk, paper, person and theme, for other tools"),
        ("refs.bib", "refs.bib", "every paper, as BibTeX"),
        ("talks.bib", "talks.bib", "every talk with a title, as BibTeX"),
        ("All talks (iCalendar)", calendar_path(catalog, "all"), "every timed talk, for a calendar app"),
        ("All talks and papers (Atom)", feed_path(catalog, "all"), "new entries, for a feed reader"),
    ]
    return [{"title": title, "path": path, "about": about} for title, path, about in files if path]


def agenda(catalog: Catalog, _key: str = "") -> Data:
    """The agenda is made in the browser; the page holds only its frame."""
    return {}
