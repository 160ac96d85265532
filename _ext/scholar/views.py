"""What each placeholder shows, as plain data computed from the catalog.

A view is JSON-serialisable: the renderer turns it into nodes, and its digest tells which
pages must be written again when another entry changes. A page is rewritten exactly when
one of its views changes.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from urllib.parse import urlencode

from . import cite, model
from .calendars import calendar_path
from .catalog import Catalog
from .feeds import feed_path
from .metadata import plain
from .names import sort_key


def talk_summary(catalog: Catalog, talk_id: str) -> dict:
    talk = catalog.talks[talk_id]
    event = catalog.events.get(talk["event"])
    return {
        "kind": "talk",
        "id": talk_id,
        "title": talk["page_title"],
        "tbd": talk["status"] == "tbd",
        "docname": talk["docname"],
        "people": [speaker["name"] for speaker in talk["speakers"] or []],
        "event": event["title"] if event else None,
        "date": talk["date"],
        "sortdate": talk["date"] or (event or {}).get("start") or "",
    }


def paper_summary(catalog: Catalog, key: str) -> dict:
    paper = catalog.papers[key]
    bib = paper["bib"]
    return {
        "kind": "paper",
        "id": key,
        "title": paper["page_title"],
        "docname": paper["docname"],
        "people": bib["authors"],
        "complete": bib["authors_complete"],
        "n_authors": bib["n_authors"],
        "date": bib["date"],
        "year": bib["year"],
        "arxiv": bib["arxiv"],
        "sortdate": paper_sortdate(bib),
    }


def paper_sortdate(bib: dict) -> str:
    if bib["date"]:
        return bib["date"]
    if bib["year"] and bib["month"]:
        return f"{bib['year']:04d}-{bib['month']:02d}"
    return f"{bib['year']:04d}" if bib["year"] else ""


def newest_first(items: list[dict]) -> list[dict]:
    """Newest first; undated entries last, by title."""
    dated = sorted((i for i in items if i["sortdate"]), key=lambda i: (i["sortdate"], i["title"]), reverse=True)
    undated = sorted((i for i in items if not i["sortdate"]), key=lambda i: (i["title"].casefold(), i["id"]))
    return dated + undated


def _link(title: str, docname: str | None) -> dict:
    return {"title": title, "docname": docname}


def _themes(catalog: Catalog, theme_ids) -> list[dict]:
    return [_link(catalog.registry.themes[t].title, catalog.pages.get(("theme", t)))
            for t in theme_ids or [] if t in catalog.registry.themes]


def _persons(catalog: Catalog, names) -> list[dict]:
    return [_link(name, catalog.person_docname(name)) for name in names]


def talk_header(catalog: Catalog, talk_id: str) -> dict:
    talk = catalog.talks[talk_id]
    event = catalog.events.get(talk["event"])
    return {
        "status": talk["status"],
        "speakers": [
            {**_link(s["name"], catalog.person_docname(s["name"])), "affiliation": s["affiliation"]}
            for s in talk["speakers"] or []
        ],
        "event": _link(event["title"], event["docname"]) if event else None,
        "date": talk["date"],
        "start": talk["start"],
        "end": talk["end"],
        "order": talk["order"],
        "timezone": event["timezone"] if event else None,
        **moments(talk, event),
        "themes": _themes(catalog, talk["themes"]),
        "calendar": calendar_path(catalog, "talk", talk_id),
        "bios": [
            {"name": person.name, "bio": person.bio}
            for person in (catalog.registry.people.get(catalog.registry.person_for(s["name"]) or "")
                           for s in talk["speakers"] or [])
            if person and person.bio
        ],
    }


def moments(talk: dict, event: dict | None) -> dict:
    """Start and end as ISO times with their UTC offset, for the reader's own clock."""
    zone = event["timezone"] if event else None
    if not (talk["date"] and talk["start"] and zone):
        return {"start_iso": None, "end_iso": None}
    def iso(time):
        return f"{talk['date']}T{time}:00{model.utc_offset(talk['date'], time, zone)}" if time else None
    return {"start_iso": iso(talk["start"]), "end_iso": iso(talk["end"])}


def talk_papers(catalog: Catalog, talk_id: str) -> list[dict]:
    return [
        {**paper_summary(catalog, link["key"]), "reason": link["reason"]}
        for link in catalog.talks[talk_id]["papers"] or [] if link["key"] in catalog.papers
    ]


def paper_header(catalog: Catalog, key: str) -> dict:
    paper = catalog.papers[key]
    bib = paper["bib"]
    return {
        "authors": _persons(catalog, bib["authors"]),
        "authors_complete": bib["authors_complete"],
        "n_authors": bib["n_authors"],
        "listing": bib["listing"],
        "date": bib["date"],
        "year": bib["year"],
        "month": bib["month"],
        "year_inferred": paper["year_inferred"],
        "arxiv": bib["arxiv"],
        "category": bib["category"],
        "url": bib["url"],
        "doi": bib["doi"],
        "venue": bib["venue"],
        "published": bib["published"],
        "verified": bib["verified"],
        "search": None if bib["arxiv"] or bib["doi"] or bib["url"] else search_links(paper["page_title"]),
        "source": paper["source"],
        "added_by": paper["added_by"],
        "themes": _themes(catalog, paper["themes"]),
        "has_abstract": bool(paper["abstract"].strip()),
    }


def search_links(title: str) -> list[dict]:
    """Where a reader can look for a paper that has no verified identifier: title searches only."""
    title = plain(title)
    query = urlencode({"q": title})
    return [
        {"title": "arXiv", "url": "https://arxiv.org/search/?" + urlencode({"query": title, "searchtype": "title"})},
        {"title": "Semantic Scholar", "url": "https://www.semanticscholar.org/search?" + query},
        {"title": "Google Scholar", "url": "https://scholar.google.com/scholar?" + query},
    ]


def paper_talks(catalog: Catalog, key: str) -> list[dict]:
    return newest_first([talk_summary(catalog, t) for t in catalog.talks_by_paper.get(key, [])])


def event_header(catalog: Catalog, event_id: str) -> dict:
    event = catalog.events[event_id]
    return {name: event[name] for name in ("start", "end", "timezone", "location", "url", "recorded")} | {
        "n_talks": len(catalog.talks_by_event.get(event_id, [])),
        "calendar": calendar_path(catalog, "event", event_id),
    }


def schedule(catalog: Catalog, event_id: str) -> list[dict]:
    """The event's talks and slots grouped by day, in time order; undated talks last."""
    items = []
    for talk_id in catalog.talks_by_event.get(event_id, []):
        talk = catalog.talks[talk_id]
        header = talk_header(catalog, talk_id)
        items.append({**talk_summary(catalog, talk_id), "start": talk["start"], "end": talk["end"],
                      "order": talk["order"] or 0, "speakers": header["speakers"], "zone": header["timezone"],
                      "start_iso": header["start_iso"], "end_iso": header["end_iso"]})
    for slot in catalog.slots:
        if slot["event"] == event_id:
            items.append({"kind": "slot", "id": f"{slot['docname']}:{slot['lineno']}", "title": slot["title"],
                          "date": slot["date"], "start": slot["start"], "end": slot["end"], "order": 0})
    items.sort(key=lambda i: (i["date"] or "9999", i["start"] or "99", i["order"], i["kind"] == "talk", i["title"]))
    days: list[dict] = []
    for item in items:
        if not days or days[-1]["date"] != item["date"]:
            days.append({"date": item["date"], "items": []})
        days[-1]["items"].append(item)
    return days


def person(catalog: Catalog, person_id: str) -> dict:
    record = catalog.registry.people[person_id]
    return {
        "name": record.name,
        "aliases": record.aliases,
        "affiliation": record.affiliation,
        "homepage": record.homepage,
        "bio": record.bio,
        "calendar": calendar_path(catalog, "person", person_id),
        "talks": newest_first([talk_summary(catalog, t) for t in catalog.talks_by_person.get(person_id, [])]),
        "papers": newest_first([paper_summary(catalog, p) for p in catalog.papers_by_person.get(person_id, [])]),
    }


def theme(catalog: Catalog, theme_id: str) -> dict:
    record = catalog.registry.themes[theme_id]
    tagged = catalog.papers_by_theme.get(theme_id, [])
    cited = [key for key in catalog.cited.get(catalog.pages.get(("theme", theme_id)), []) if key in catalog.papers]
    return {
        "title": record.title,
        "summary": record.summary,
        "talks": newest_first([talk_summary(catalog, t) for t in catalog.talks_by_theme.get(theme_id, [])]),
        "papers": newest_first([paper_summary(catalog, p) for p in tagged]),
        # Cited papers tagged with other themes still get a COinS span, and the guide's .bib.
        "cited_elsewhere": [paper_summary(catalog, key) for key in cited if key not in tagged],
        "bibfile": guide_bibfile(catalog, theme_id) if cited else None,
        "feed": feed_path(catalog, "theme", theme_id),
    }


def step(catalog: Catalog, key: str) -> dict:
    """A reading-path item: the entry, who is behind it, and what a reader can get of it."""
    kind, _, entry_id = key.partition(":")
    if kind == "paper":
        summary = paper_summary(catalog, entry_id)
        paper = catalog.papers[entry_id]
        return {**summary, "doi": paper["bib"]["doi"], "url": paper["bib"]["url"],
                "verified": paper["bib"]["verified"] is not None, "has_abstract": bool(paper["abstract"].strip())}
    summary = talk_summary(catalog, entry_id)
    talk = catalog.talks[entry_id]
    event = catalog.events.get(talk["event"]) or {}
    return {**summary, "recording": talk["recording"], "slides": talk["slides"],
            "recorded_event": bool(event.get("recorded")), "has_abstract": bool(talk["abstract"].strip())}


def guide_bibfile(catalog: Catalog, theme_id: str) -> str:
    """Where a guide's cited works are published as BibTeX, next to the page."""
    return f"{catalog.pages['theme', theme_id]}.bib"


def related(catalog: Catalog, key: str, limit: int = 5) -> list[dict]:
    """Entries sharing people or themes with this one, the most shared first."""
    kind, entry_id = key.split(":", 1)
    record = (catalog.talks if kind == "talk" else catalog.papers)[entry_id]
    names = [s["name"] for s in record["speakers"] or []] if kind == "talk" else record["bib"]["authors"]
    people = {catalog.registry.person_for(n) for n in names} - {None}
    themes = set(record["themes"] or [])
    linked = {link["key"] for link in record.get("papers") or []} | set(catalog.talks_by_paper.get(entry_id, []))
    scores: dict[tuple[str, str], int] = {}
    for person_id in people:
        for talk_id in catalog.talks_by_person.get(person_id, []):
            scores[("talk", talk_id)] = scores.get(("talk", talk_id), 0) + 2
        for paper_key in catalog.papers_by_person.get(person_id, []):
            scores[("paper", paper_key)] = scores.get(("paper", paper_key), 0) + 2
    for theme_id in themes:
        for talk_id in catalog.talks_by_theme.get(theme_id, []):
            scores[("talk", talk_id)] = scores.get(("talk", talk_id), 0) + 1
        for paper_key in catalog.papers_by_theme.get(theme_id, []):
            scores[("paper", paper_key)] = scores.get(("paper", paper_key), 0) + 1
    scores.pop((kind, entry_id), None)
    for other in linked:
        scores.pop(("paper", other), None)
        scores.pop(("talk", other), None)
    ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
    return [talk_summary(catalog, i) if k == "talk" else paper_summary(catalog, i) for (k, i), _ in ranked]


def citation(catalog: Catalog, key: str) -> dict | None:
    """The BibTeX a reader copies: the paper's cleaned record, or the talk as a presentation."""
    kind, _, entry_id = key.partition(":")
    if kind == "paper":
        return {"bibtex": catalog.papers[entry_id]["bibtex"]}
    talk = cite.talk_citation(catalog, entry_id)
    return {"talk": talk} if talk else None  # formatted only when the page is written


def downloads(catalog: Catalog, _key: str = "") -> list[dict]:
    """The site-wide exports, for the landing page."""
    files = [
        ("catalog.json", "catalog.json", "every event, talk, paper, person and theme, for other tools"),
        ("refs.bib", "refs.bib", "every paper, as BibTeX"),
        ("talks.bib", "talks.bib", "every talk with a title, as BibTeX"),
        ("All talks (iCalendar)", calendar_path(catalog, "all"), "every timed talk, for a calendar app"),
        ("All talks and papers (Atom)", feed_path(catalog, "all"), "new entries, for a feed reader"),
    ]
    return [{"title": title, "path": path, "about": about} for title, path, about in files if path]


def people_index(catalog: Catalog, _key: str = "") -> list[dict]:
    people = sorted(catalog.registry.people.values(), key=lambda p: sort_key(p.name))
    return [
        {**_link(p.name, catalog.pages.get(("person", p.id))), "affiliation": p.affiliation,
         "n_talks": len(catalog.talks_by_person.get(p.id, [])), "n_papers": len(catalog.papers_by_person.get(p.id, []))}
        for p in people
    ]


def paper_index(catalog: Catalog, _key: str = "") -> dict:
    papers = [{**item, "themes": catalog.papers[item["id"]]["themes"] or []}
              for item in newest_first([paper_summary(catalog, k) for k in catalog.papers])]
    return {
        "papers": papers,
        "themes": [{"id": t.id, "title": t.title} for t in catalog.registry.themes.values()],
        "years": sorted({p["year"] for p in papers if p["year"]}, reverse=True),
    }


def event_index(catalog: Catalog, _key: str = "") -> list[dict]:
    events = sorted(catalog.events.values(), key=lambda e: (e["start"] or "", e["title"]), reverse=True)
    return [
        {**_link(e["title"], e["docname"]), "start": e["start"], "end": e["end"], "location": e["location"],
         "n_talks": len(catalog.talks_by_event.get(e["id"], []))}
        for e in events
    ]


def theme_index(catalog: Catalog, _key: str = "") -> list[dict]:
    return [
        {**_link(t.title, catalog.pages.get(("theme", t.id))), "id": t.id, "summary": t.summary,
         "n_talks": len(catalog.talks_by_theme.get(t.id, [])), "n_papers": len(catalog.papers_by_theme.get(t.id, [])),
         "steps": path_entries(catalog, catalog.pages.get(("theme", t.id)))}
        for t in catalog.registry.themes.values()
    ]


def path_entries(catalog: Catalog, docname: str | None) -> list[str]:
    """The entries of a page's reading path, as ``kind:id``, in order."""
    return [f"{step['target_kind']}:{step['target']}" for step in catalog.steps.get(docname, [])]


VIEWS = {
    "talk-header": (talk_header, "talks"),
    "talk-papers": (talk_papers, "talks"),
    "paper-header": (paper_header, "papers"),
    "paper-talks": (paper_talks, "papers"),
    "event-header": (event_header, "events"),
    "schedule": (schedule, "events"),
    "person": (person, None),
    "theme": (theme, None),
    "related": (related, None),
    "cite": (citation, None),
    "people-index": (people_index, None),
    "paper-index": (paper_index, None),
    "event-index": (event_index, None),
    "theme-index": (theme_index, None),
    "downloads": (downloads, None),
    "agenda": (lambda catalog, key: {}, None),
    "step": (step, None),
}


def view(catalog: Catalog, name: str, key: str):
    """The data a placeholder shows, or None when its entry does not exist (a problem noted elsewhere)."""
    function, store = VIEWS[name]
    if store and key not in getattr(catalog, store):
        return None
    if name == "person" and key not in catalog.registry.people:
        return None
    if name == "theme" and key not in catalog.registry.themes:
        return None
    if name in ("related", "cite", "step"):
        kind, _, entry_id = key.partition(":")
        if entry_id not in (catalog.talks if kind == "talk" else catalog.papers):
            return None
    return function(catalog, key)


def digest(items) -> str:
    text = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
