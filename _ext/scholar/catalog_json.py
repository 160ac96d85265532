"""``catalog.json`` at the root of the HTML output: the whole catalog for other tools.

The shape is a contract (see README, "catalog.json"); keep it exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

from .catalog import Catalog
from .memo import write_if_changed
from .views import schedule


def catalog_data(catalog: Catalog, uri) -> dict:
    registry = catalog.registry
    return {
        "events": [
            {
                "id": event["id"],
                "title": event["title"],
                "start_date": event["start"],
                "end_date": event["end"],
                "location": event["location"],
                "url": uri(event["docname"]),
                "talks": [item["id"] for day in schedule(catalog, event["id"])
                          for item in day["items"] if item["kind"] == "talk"],
            }
            for event in sorted(catalog.events.values(), key=lambda e: e["id"])
        ],
        "talks": [
            {
                "id": talk["id"],
                "event": talk["event"],
                "title": talk["title"],
                "status": talk["status"],
                "speakers": [
                    {"name": s["name"], "person": registry.person_for(s["name"]), "affiliation": s["affiliation"]}
                    for s in talk["speakers"] or []
                ],
                "date": talk["date"],
                "start": talk["start"],
                "end": talk["end"],
                "abstract": talk["abstract"],
                "themes": talk["themes"] or [],
                "papers": [link["key"] for link in talk["papers"] or []],
                "source": talk["source"],
                "url": uri(talk["docname"]),
            }
            for talk in sorted(catalog.talks.values(), key=lambda t: t["id"])
        ],
        "papers": [
            {
                "key": paper["id"],
                "title": paper["bib"]["title"] or "",
                "authors": paper["bib"]["authors"],
                "authors_complete": paper["bib"]["authors_complete"],
                "n_authors": paper["bib"]["n_authors"],
                "date": paper["bib"]["date"],
                "year": paper["bib"]["year"],
                "arxiv": paper["bib"]["arxiv"],
                "doi": paper["bib"]["doi"],
                "venue": paper["bib"]["venue"],
                "category": paper["bib"]["category"],
                "abstract": paper["abstract"],
                "themes": paper["themes"] or [],
                "talks": sorted(catalog.talks_by_paper.get(paper["id"], [])),
                "source": paper["source"],
                "added_by": paper["added_by"],
                "listing": paper["bib"]["listing"],
                "verified": paper["bib"]["verified"],
                "url": uri(paper["docname"]),
            }
            for paper in sorted(catalog.papers.values(), key=lambda p: p["id"])
        ],
        "people": [
            {
                "id": person.id,
                "name": person.name,
                "aliases": person.aliases,
                "talks": sorted(catalog.talks_by_person.get(person.id, [])),
                "papers": sorted(catalog.papers_by_person.get(person.id, [])),
                "url": uri(catalog.pages[("person", person.id)]) if ("person", person.id) in catalog.pages else None,
            }
            for person in sorted(registry.people.values(), key=lambda p: p.id)
        ],
        "themes": [
            {
                "id": theme.id,
                "title": theme.title,
                "url": uri(catalog.pages[("theme", theme.id)]) if ("theme", theme.id) in catalog.pages else None,
                "talks": sorted(catalog.talks_by_theme.get(theme.id, [])),
                "papers": sorted(catalog.papers_by_theme.get(theme.id, [])),
            }
            for theme in registry.themes.values()
        ],
    }


def write(catalog: Catalog, builder) -> None:
    text = json.dumps(catalog_data(catalog, builder.get_target_uri), ensure_ascii=False, indent=1) + "\n"
    write_if_changed(Path(builder.outdir) / "catalog.json", text)
