"""A synthetic catalog of N entries, written as three sites with the same pages and text.

``scholar``: the project's extension over entry directives, ``refs.bib`` and registries.
``plain``: plain Sphinx + MyST pages with the project's navigation (entry pages are
orphans reached through list pages), the lists written out by this generator.
``flat``: the same plain pages under one flat toctree, as a naive site would have them.

The catalog is seeded and deterministic. Abstracts are the real entries' abstracts, reused
in turn, so text sizes (and math) are realistic. Writing a site only touches files whose
text changed, so an edit to the catalog followed by a rewrite is an incremental change.

Usage: python tools/synthetic_catalog.py N OUT_DIR [--flavour scholar|plain|flat] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
THEMES = [f"theme-{n:02d}" for n in range(12)]
TALKS_PER_EVENT = 25
FLAVOURS = ("scholar", "plain", "flat")


@dataclass
class Catalog:
    events: list[dict] = field(default_factory=list)
    talks: list[dict] = field(default_factory=list)
    papers: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    guides: dict[str, list[str]] = field(default_factory=dict)  # theme -> cited paper keys


def real_abstracts() -> list[str]:
    """The bodies of the project's own talk and paper entries."""
    texts = []
    for path in sorted(REPO.glob("talks/*/*.md")) + sorted(REPO.glob("papers/*.md")):
        match = re.search(r"^```\{(?:talk|paper)\}.*?\n\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S | re.M)
        if match and match.group(1).strip():
            texts.append(match.group(1).strip())
    return texts or ["An abstract."]


def make_catalog(entries: int, seed: int = 1) -> Catalog:
    rng = random.Random(seed)
    abstracts = real_abstracts()
    catalog = Catalog()
    n_people = max(20, entries // 6)
    for number in range(n_people):
        person = {"id": f"person-{number:05d}", "name": f"Ada{number} Researcher{number}", "aliases": []}
        if number % 10 == 0:
            person["aliases"] = [f"A{number}. Researcher{number}"]  # some entries use the alias
        catalog.people.append(person)
    n_talks = entries // 2
    for number in range((n_talks + TALKS_PER_EVENT - 1) // TALKS_PER_EVENT):
        catalog.events.append({"id": f"event-{number:04d}", "title": f"Workshop {number}",
                               "start": f"{2000 + number // 12:04d}-{number % 12 + 1:02d}-10",
                               "end": f"{2000 + number // 12:04d}-{number % 12 + 1:02d}-13"})
    for number in range(entries - n_talks):
        authors = rng.sample(catalog.people, 3)
        catalog.papers.append({
            "key": f"paper{number:05d}", "title": f"On Synthetic Result Number {number}",
            "authors": [a["aliases"][0] if a["aliases"] and rng.random() < 0.5 else a["name"] for a in authors],
            "year": 2000 + number % 25, "month": number % 12 + 1,
            "themes": sorted(rng.sample(THEMES, 2)), "abstract": abstracts[number % len(abstracts)],
        })
    for number in range(n_talks):
        event = catalog.events[number // TALKS_PER_EVENT]
        speaker = rng.choice(catalog.people)
        slot = number % TALKS_PER_EVENT
        catalog.talks.append({
            "id": f"talk-{number:05d}", "event": event["id"], "title": f"A Synthetic Talk {number}",
            "speaker": speaker["name"], "affiliation": "Synthetic University",
            "date": event["start"][:8] + f"{10 + slot // 8:02d}", "start": f"{9 + slot % 8:02d}:00",
            "end": f"{9 + slot % 8:02d}:45", "themes": sorted(rng.sample(THEMES, 2)),
            "papers": [rng.choice(catalog.papers)["key"]] if catalog.papers and rng.random() < 0.3 else [],
            "abstract": abstracts[(number * 7) % len(abstracts)],
        })
    for theme in THEMES:
        tagged = [p["key"] for p in catalog.papers if theme in p["themes"]]
        catalog.guides[theme] = tagged[:10]
    return catalog


def person_of(catalog: Catalog, name: str) -> dict:
    return next(p for p in catalog.people if name == p["name"] or name in p["aliases"])


# -- the scholar flavour ---------------------------------------------------------------


def scholar_site(catalog: Catalog) -> dict[str, str]:
    files = {
        "conf.py": CONF + 'extensions += ["sphinxcontrib.bibtex", "scholar"]\n'
                          'bibtex_bibfiles = ["refs.bib"]\nsuppress_warnings = ["bibtex.duplicate_citation"]\n',
        "index.md": landing(catalog, "```{theme-index}\n```\n\n```{event-index}\n```\n",
                            ["talks/index", "people/index", "papers/index"]),
        "papers/index.md": "# All papers\n\n```{paper-index}\n```\n",
        "talks/index.md": "# Events\n\n```{event-index}\n```\n",
        "themes.yaml": "".join(f"{t}:\n  title: Theme {t}\n  summary: A synthetic theme.\n" for t in THEMES),
        "people.yaml": "".join(
            f"{p['id']}:\n  name: {p['name']}\n  aliases: [{', '.join(p['aliases'])}]\n" for p in catalog.people),
        "refs.bib": "".join(
            f"@misc{{{p['key']},\n  title = {{{{{p['title']}}}}},\n  author = {{{' and '.join(p['authors'])}}},\n"
            f"  year = {{{p['year']}}},\n  month = {{{p['month']}}},\n}}\n\n" for p in catalog.papers),
    }
    for event in catalog.events:
        files[f"talks/{event['id']}/index.md"] = (
            f"```{{event}} {event['title']}\n:start: {event['start']}\n:end: {event['end']}\n"
            ":timezone: Europe/Zagreb\n:location: Somewhere\n```\n")
    for talk in catalog.talks:
        papers = ", ".join(f"{key} (presents it)" for key in talk["papers"])
        files[f"talks/{talk['event']}/{talk['id']}.md"] = (
            f"```{{talk}} {talk['title']}\n:event: {talk['event']}\n"
            f":speakers: {talk['speaker']} ({talk['affiliation']})\n:date: {talk['date']}\n"
            f":start: {talk['start']}\n:end: {talk['end']}\n:themes: {', '.join(talk['themes'])}\n"
            + (f":papers: {papers}\n" if papers else "") + f"\n{talk['abstract']}\n```\n")
    for paper in catalog.papers:
        files[f"papers/{paper['key']}.md"] = (
            f"```{{paper}} {paper['key']}\n:themes: {', '.join(paper['themes'])}\n\n{paper['abstract']}\n```\n")
    for theme, cited in catalog.guides.items():
        citations = " ".join(f"{{cite:p}}`{key}`" for key in cited)
        files[f"guides/{theme}.md"] = (
            f"# Guide to {theme}\n\nWhat to read: {citations}.\n\n## References\n\n```{{bibliography}}\n"
            f":filter: docname in docnames\n:labelprefix: {theme}-\n```\n\n"
            f"## Everything\n\n```{{theme}} {theme}\n```\n")
    return files


# -- the plain flavours ----------------------------------------------------------------


def plain_site(catalog: Catalog, flat: bool) -> dict[str, str]:
    """Pages with the same text, their lists written out, and no extension."""
    site = PlainSite(catalog, orphan="" if flat else "---\norphan: true\n---\n\n")
    for talk in catalog.talks:
        site.talk_page(talk)
    for paper in catalog.papers:
        site.paper_page(paper)
    site.people_pages()
    site.event_pages()
    site.guides_and_indexes()
    extra = ["talks/index", "people/index", "papers/index"]
    if flat:
        extra += [f"talks/{e['id']}/index" for e in catalog.events]
        extra += [f"talks/{t['event']}/{t['id']}" for t in catalog.talks]
        extra += [f"papers/{p['key']}" for p in catalog.papers] + [f"people/{p['id']}" for p in catalog.people]
    site.files["index.md"] = landing(catalog, "".join(f"- [Guide to {t}](guides/{t}.md)\n" for t in THEMES), extra)
    return site.files


class PlainSite:
    """The plain pages of a catalog, and the lists each page needs, written out by hand."""

    def __init__(self, catalog: Catalog, orphan: str):
        self.catalog, self.orphan = catalog, orphan
        self.files: dict[str, str] = {"conf.py": CONF}
        self.talks_of: dict[str, list[dict[str, Any]]] = {p["id"]: [] for p in catalog.people}
        self.papers_of: dict[str, list[dict[str, Any]]] = {p["id"]: [] for p in catalog.people}
        self.by_theme: dict[str, list[tuple[str, str]]] = {t: [] for t in THEMES}

    def talk_page(self, talk: dict[str, Any]) -> None:
        person = person_of(self.catalog, talk["speaker"])
        self.talks_of[person["id"]].append(talk)
        for theme in talk["themes"]:
            self.by_theme[theme].append((f"/talks/{talk['event']}/{talk['id']}", talk["title"]))
        papers = "".join(f"- [{key}](/papers/{key}.md)\n" for key in talk["papers"])
        self.files[f"talks/{talk['event']}/{talk['id']}.md"] = (
            f"{self.orphan}# {talk['title']}\n\nSpeaker: [{talk['speaker']}](/people/{person['id']}.md) "
            f"({talk['affiliation']})\n\nWhen: {talk['date']} {talk['start']}–{talk['end']}\n\n"
            f"Themes: {theme_links(talk['themes'])}\n\n{talk['abstract']}\n\n"
            + (f"## Papers\n\n{papers}" if papers else ""))

    def paper_page(self, paper: dict[str, Any]) -> None:
        people = [person_of(self.catalog, name) for name in paper["authors"]]
        for person in people:
            self.papers_of[person["id"]].append(paper)
        for theme in paper["themes"]:
            self.by_theme[theme].append((f"/papers/{paper['key']}", paper["title"]))
        authors = ", ".join(f"[{name}](/people/{p['id']}.md)"
                            for name, p in zip(paper["authors"], people, strict=True))
        self.files[f"papers/{paper['key']}.md"] = (
            f"{self.orphan}# {paper['title']}\n\nAuthors: {authors}\n\n"
            f"Date: {paper['year']}-{paper['month']:02d}\n\n"
            f"Themes: {theme_links(paper['themes'])}\n\n{paper['abstract']}\n")

    def people_pages(self) -> None:
        for person in self.catalog.people:
            talks = "".join(f"- [{t['title']}](/talks/{t['event']}/{t['id']}.md)\n"
                            for t in self.talks_of[person["id"]])
            papers = "".join(f"- [{p['title']}](/papers/{p['key']}.md)\n" for p in self.papers_of[person["id"]])
            self.files[f"people/{person['id']}.md"] = (
                f"{self.orphan}# {person['name']}\n\n## Talks\n\n{talks}\n## Papers\n\n{papers}")

    def event_pages(self) -> None:
        for event in self.catalog.events:
            schedule = "".join(f"- {t['date']} {t['start']} [{t['title']}](/talks/{event['id']}/{t['id']}.md)\n"
                               for t in self.catalog.talks if t["event"] == event["id"])
            self.files[f"talks/{event['id']}/index.md"] = (
                f"{self.orphan}# {event['title']}\n\n{event['start']} – {event['end']}\n\n{schedule}")

    def guides_and_indexes(self) -> None:
        catalog = self.catalog
        for theme in THEMES:
            entries = "".join(f"- [{title}]({target}.md)\n" for target, title in self.by_theme[theme])
            self.files[f"guides/{theme}.md"] = f"# Guide to {theme}\n\nWhat to read.\n\n## Everything\n\n{entries}"
        self.files["talks/index.md"] = "# Events\n\n" + "".join(
            f"- [{e['title']}]({e['id']}/index.md)\n" for e in catalog.events)
        self.files["people/index.md"] = "# People\n\n" + "".join(
            f"- [{p['name']}]({p['id']}.md)\n" for p in catalog.people)
        self.files["papers/index.md"] = "# All papers\n\n" + "".join(
            f"- [{p['title']}]({p['key']}.md)\n" for p in catalog.papers)


def theme_links(themes: list[str]) -> str:
    return ", ".join(f"[{t}](/guides/{t}.md)" for t in themes)


CONF = f'''import sys
from pathlib import Path
sys.path.insert(0, str(Path({str(REPO)!r}) / "_ext"))
extensions = ["myst_parser"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
exclude_patterns = ["_build"]
html_theme = "furo"
'''


def landing(catalog: Catalog, lists: str, extra: list[str]) -> str:
    guides = "".join(f"guides/{t}\n" for t in THEMES)
    return (f"# Synthetic catalog\n\n{lists}\n```{{toctree}}\n:hidden:\n\n{guides}"
            + "".join(f"{name}\n" for name in extra) + "```\n")


def site_files(catalog: Catalog, flavour: str) -> dict[str, str]:
    return scholar_site(catalog) if flavour == "scholar" else plain_site(catalog, flat=flavour == "flat")


def write_site(files: dict[str, str], out: Path) -> int:
    """Write ``files`` under ``out``, touching only what changed; remove what is gone."""
    changed = 0
    for relative, text in files.items():
        path = out / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed += 1
    for path in list(out.rglob("*.md")) + list(out.rglob("*.bib")) + list(out.rglob("*.yaml")):
        relative = path.relative_to(out).as_posix()
        if relative not in files and not relative.startswith(("_build/", "people/", "themes/")):
            path.unlink()
            changed += 1
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entries", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--flavour", choices=FLAVOURS, default="scholar")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_site(site_files(make_catalog(args.entries, args.seed), args.flavour), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
