"""The import written as the site's files: entry pages, refs.bib, people.imported.yaml.

Every file starts with a marker line naming the importer; a file whose marker line was
removed is hand-owned (sync.py leaves it alone).
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from . import entryfile
from .entryfile import Entry, EntryFileError
from .load import Import
from .records import Event, Paper, Talk
from .text import MONTHS, SeedError, markdown_body

MARKER = "imported by tools/import_seeds.py"
OWNERSHIP_HINT = "delete this line to edit the file by hand; re-runs then leave it alone"

def marker(comment: str, sources: list[str]) -> str:
    text = f"{MARKER} from {', '.join(sources)}; {OWNERSHIP_HINT}"
    return {"md": f"<!-- {text} -->", "bib": f"% {text}", "yaml": f"# {text}"}[comment]


def directive(name: str, argument: str | None, options: Sequence[tuple[str, object]],
              body: str = "", markdown: bool = False) -> str:
    """One entry directive, every field written as text (``entryfile.write``); a ``markdown``
    body keeps its inline formatting when it has nothing else."""
    entry = Entry(name, argument, tuple((key, str(value)) for key, value in options if value not in (None, "", [])),
                  body, markdown)
    try:
        return entryfile.write([entry]).rstrip("\n")
    except EntryFileError as error:
        raise SeedError(str(error)) from None


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
    entry = directive("talk", talk.title, options, markdown_body(talk.abstract), markdown=True)
    return marker("md", [talk.source]) + "\n\n" + entry + "\n"


def render_paper(paper: Paper, themes: list[str]) -> str:
    options = [("themes", ", ".join(themes)), ("source", ", ".join(paper.sources))]
    entry = directive("paper", paper.key, options, markdown_body(paper.abstract), markdown=True)
    return marker("md", paper.sources) + "\n\n" + entry + "\n"


def bib_value(value: str) -> str:
    if value.count("{") != value.count("}"):
        raise SeedError(f"unbalanced braces in BibTeX value {value!r}")
    return "{" + value + "}"


def bibtex_name(name: str, surnames: dict[str, str]) -> str:
    """A name as BibTeX reads it: "Surname, Given" where the surname has spaces BibTeX would split."""
    surname = surnames.get(name)
    if surname and name.endswith(" " + surname):
        return f"{surname}, {name[: -len(surname) - 1]}"
    return name


def render_bib(papers: list[Paper], sources: list[str], surnames: dict[str, str] | None = None) -> str:
    entries = []
    for paper in papers:
        fields: list[tuple[str, str]] = []
        if paper.title:
            # Double braces keep the title's capitals in styles that lowercase titles.
            fields.append(("title", "{" + bib_value(paper.title) + "}"))
        if paper.authors:
            names = [bibtex_name(name, surnames or {}) for name in paper.authors]
            names += ["others"] if paper.authors_truncated else []
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


def render(imported: Import, seed_names: list[str]) -> dict[str, str]:
    """Every output file: relative path -> content."""
    files: dict[str, str] = {}
    for event in imported.events:
        files[f"talks/{event.id}/index.md"] = render_event(event)
    for talk in imported.talks:
        files[f"talks/{talk.event}/{talk.id}.md"] = render_talk(
            talk, imported.themes[talk.id], imported.links.get(talk.id, []))
    for paper in imported.papers:
        files[f"papers/{paper.key}.md"] = render_paper(paper, imported.themes[paper.key])
    paper_sources = sorted({s for p in imported.papers for s in p.sources})
    files["refs.bib"] = render_bib(imported.papers, paper_sources, imported.surnames)
    files["people.imported.yaml"] = render_people(imported.people, seed_names + ["tools/curation.yaml"])
    return dict(sorted(files.items()))
