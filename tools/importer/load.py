"""One import: every listing parsed by its format, merged, curated and completed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .curate import apply_corrections, assign_paper_keys, assign_talk_ids, build_links, build_people, check_themes
from .formats import FORMATS, Listing
from .records import Event, Paper, Talk
from .text import SeedError, normalize_title
from .verify import apply_verification


@dataclasses.dataclass
class Import:
    """Everything one import produces, before it is written as files."""

    events: list[Event]
    talks: list[Talk]
    papers: list[Paper]
    people: dict[str, dict]
    links: dict[str, list[tuple[str, str]]]
    themes: dict[str, list[str]]
    notes: list[str]
    # Names whose surname BibTeX cannot find ("Jesús García Fernández"): name -> surname.
    surnames: dict[str, str] = dataclasses.field(default_factory=dict)


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


def read_manifest(path: Path) -> list[Listing]:
    """The listings to import, in order, and the parser each needs (sources/manifest.yaml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    listings = []
    for name, about in data.items():
        if not isinstance(about, dict) or about.get("format") not in FORMATS:
            raise SeedError(f"{path.name}: {name}: 'format' must be one of {', '.join(sorted(FORMATS))}")
        listings.append(Listing(name, about["format"], about.get("event"), about.get("timezone")))
    return listings


def load(sources: Path, manifest: Path, curation: dict, theme_ids: set[str], verified: dict | None = None,
         editors_keys: set[str] | None = None) -> Import:
    """Parse every listing of the manifest and apply the curated and verified layers."""
    notes: list[str] = []
    events: list[Event] = []
    talks: list[Talk] = []
    listed: list[Paper] = []
    for listing in read_manifest(manifest):
        path = sources / listing.name
        if not path.is_file():
            raise SeedError(f"{manifest.name}: no file {listing.name} in {sources}")
        parsed = FORMATS[listing.format](path.read_text(encoding="utf-8"), listing)
        events += parsed.events
        talks += parsed.talks
        listed += parsed.papers
        notes += parsed.notes
    papers = merge_duplicates(listed, notes)

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
    # A talk may present a work the editors added (editors.bib).
    links = build_links(talks, papers, curation.get("links") or {}, editors_keys or set())
    themes = check_themes(talks, papers, curation.get("themes") or {}, theme_ids)
    people = build_people(talks, papers, curation.get("people") or {})
    surnames = dict((curation.get("people") or {}).get("surnames") or {})
    return Import(events, talks, papers, people, links, themes, notes, surnames)
