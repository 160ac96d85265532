"""``catalog.json`` at the root of the HTML output: the whole catalog for other tools.

The shape is a contract (see README, "catalog.json", and ``catalog.schema.json``); keep
it exactly. One function per list, so a new field is added in one place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

from .catalog import Catalog
from .citation import of_paper
from .memo import publish
from .records import Event, Paper, Talk
from .registry import Person, Theme
from .safety import json_text
from .views import moments, schedule

Uri = Callable[[str], str]


def catalog_data(catalog: Catalog, uri: Uri) -> dict[str, list[dict[str, Any]]]:
    registry = catalog.registry
    return {
        "events": [_event(catalog, event, uri) for event in sorted(catalog.events(), key=lambda e: e.id)],
        "talks": [_talk(catalog, talk, uri) for talk in sorted(catalog.talks(), key=lambda t: t.id)],
        "papers": [_paper(catalog, paper, uri) for paper in sorted(catalog.papers(), key=lambda p: p.id)],
        "people": [_person(catalog, person, uri) for person in sorted(registry.people.values(), key=lambda p: p.id)],
        "themes": [_theme(catalog, theme, uri) for theme in registry.themes.values()],
    }


def _event(catalog: Catalog, event: Event, uri: Uri) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "start_date": event.start,
        "end_date": event.end,
        "location": event.location,
        "timezone": event.timezone,
        "url": uri(event.docname),
        "talks": [item["id"] for day in schedule(catalog, event.id) or []
                  for item in day["items"] if item["kind"] == "talk"],
    }


def _talk(catalog: Catalog, talk: Talk, uri: Uri) -> dict[str, Any]:
    return {
        "id": talk.id,
        "event": talk.event if catalog.event(talk.event) else None,  # never an id with no event
        "title": talk.title,
        "status": talk.status,
        "speakers": [{"name": s.name, "person": catalog.person_for(s.name), "affiliation": s.affiliation}
                     for s in talk.speakers],
        "date": talk.date,
        "start": talk.start,
        "end": talk.end,
        "room": talk.room,
        **_instants(talk, catalog.event(talk.event)),
        "abstract": talk.abstract,
        "themes": list(talk.themes),
        "papers": [link.key for link in talk.papers],
        "source": talk.source,
        "url": uri(talk.docname),
    }


def _instants(talk: Talk, event: Event | None) -> dict[str, str | None]:
    """Start and end with their UTC offset, so that a reader's clock needs no zone database."""
    instants = moments(talk, event)
    return {"starts_at": instants["start_iso"], "ends_at": instants["end_iso"]}


def _paper(catalog: Catalog, paper: Paper, uri: Uri) -> dict[str, Any]:
    bib = paper.bib
    cited = of_paper(paper, None)  # where it appeared, as every citation format says it
    return {
        "key": paper.id,
        "title": bib.title or "",
        "authors": bib.authors,
        "author_names": [name.csl() for name in bib.names],
        "authors_complete": bib.authors_complete,
        "n_authors": bib.n_authors,
        "date": bib.date,
        "year": bib.year,
        "arxiv": bib.arxiv,
        "doi": bib.doi,
        "venue": cited.container,
        "publication": {"type": cited.item_type, "venue": cited.container, "volume": cited.volume,
                        "issue": cited.issue, "pages": cited.pages, "publisher": cited.publisher,
                        "doi": cited.doi, "date": cited.date},
        "category": bib.category,
        "abstract": paper.abstract,
        "themes": list(paper.themes),
        "talks": sorted(catalog.talks_of("paper", paper.id)),
        "source": paper.source,
        "added_by": paper.added_by,
        "listing": dataclasses.asdict(bib.listing),
        "verified": dataclasses.asdict(bib.verified) if bib.verified else None,
        "abstract_source": dataclasses.asdict(bib.abstract_source) if bib.abstract_source else None,
        "url": uri(paper.docname),
    }


def _person(catalog: Catalog, person: Person, uri: Uri) -> dict[str, Any]:
    page = catalog.page_of("person", person.id)
    return {
        "id": person.id,
        "name": person.name,
        "aliases": person.aliases,
        "talks": sorted(catalog.talks_of("person", person.id)),
        "papers": sorted(catalog.papers_of("person", person.id)),
        "url": uri(page) if page else None,
    }


def _theme(catalog: Catalog, theme: Theme, uri: Uri) -> dict[str, Any]:
    page = catalog.page_of("theme", theme.id)
    return {
        "id": theme.id,
        "title": theme.title,
        "url": uri(page) if page else None,
        "talks": sorted(catalog.talks_of("theme", theme.id)),
        "papers": sorted(catalog.papers_of("theme", theme.id)),
    }


def write(app: Sphinx, catalog: Catalog) -> None:
    def text() -> str:
        return json_text(catalog_data(catalog, app.builder.get_target_uri), indent=1) + "\n"

    publish(app, "catalog", catalog, lambda: [("catalog.json", catalog.inputs, text)], owned=())
