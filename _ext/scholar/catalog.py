"""The catalog: all entries with their cross-references, derived once per build.

Built in ``env-updated`` from the domain's records and the registries, as plain dicts:
paper → talks, person → talks and papers, theme → entries, event → schedule. Everything
shown on a page that comes from another entry is read from here, through :func:`view`,
so what a page shows can be hashed to know when it must be written again.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from .registry import Registry

ENTRY_KINDS = ("event", "talk", "paper")


@dataclass
class Problem:
    docname: str
    lineno: int
    message: str
    subtype: str


@dataclass
class Catalog:
    registry: Registry
    events: dict = field(default_factory=dict)
    talks: dict = field(default_factory=dict)
    papers: dict = field(default_factory=dict)
    slots: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)  # docname -> its reading-path steps, in page order
    pages: dict = field(default_factory=dict)  # (kind, id) -> docname
    talks_by_event: dict = field(default_factory=lambda: defaultdict(list))
    talks_by_person: dict = field(default_factory=lambda: defaultdict(list))
    papers_by_person: dict = field(default_factory=lambda: defaultdict(list))
    talks_by_paper: dict = field(default_factory=lambda: defaultdict(list))
    talks_by_theme: dict = field(default_factory=lambda: defaultdict(list))
    papers_by_theme: dict = field(default_factory=lambda: defaultdict(list))
    problems: list = field(default_factory=list)
    by_docname: dict = field(default_factory=dict)  # docname -> (kind, id) of the entry it shows
    cited: dict = field(default_factory=dict)  # docname -> BibTeX keys it cites, in order
    target_uri: Callable[[str], str] = lambda docname: f"{docname}.html"
    base_url: str = ""

    # -- lookups -----------------------------------------------------------------------

    def target(self, kind: str, key: str) -> tuple[str, str] | None:
        """(docname, title) of the page for a role target, or None if unknown."""
        if kind == "talk" and key in self.talks:
            return self.talks[key]["docname"], self.talks[key]["page_title"]
        if kind == "paper" and key in self.papers:
            return self.papers[key]["docname"], self.papers[key]["page_title"]
        if kind == "event" and key in self.events:
            return self.events[key]["docname"], self.events[key]["title"]
        if kind == "person":
            person_id = self.registry.person_for(key)
            if person_id and ("person", person_id) in self.pages:
                return self.pages["person", person_id], self.registry.people[person_id].name
        if kind == "theme" and ("theme", key) in self.pages:
            return self.pages["theme", key], self.registry.themes[key].title
        return None

    def absolute_url(self, docname: str) -> str | None:
        """The page's full address, or None when the site's base URL is not configured."""
        # Joined as Sphinx joins html_baseurl for a page's canonical link, so both agree.
        return posixpath.join(self.base_url, self.target_uri(docname)) if self.base_url else None

    def absolute_url_or_path(self, docname: str) -> str:
        """The page's full address when the base URL is known, else its path from the root."""
        return self.absolute_url(docname) or self.target_uri(docname)

    def person_docname(self, name: str) -> str | None:
        person_id = self.registry.person_for(name)
        return self.pages.get(("person", person_id)) if person_id else None


def build(defs: dict, registry: Registry, target_uri=None, base_url: str = "", cited=None) -> Catalog:
    catalog = Catalog(registry=registry, base_url=base_url, cited=cited or {})
    if target_uri is not None:
        catalog.target_uri = target_uri
    for kind, store in (("event", catalog.events), ("talk", catalog.talks), ("paper", catalog.papers)):
        for entry_id, record in _winners(catalog, kind, defs.get(kind, {})):
            store[entry_id] = {"id": entry_id, **record}
    for kind in ("person-page", "theme-page"):
        for target, record in _winners(catalog, kind, defs.get(kind, {})):
            catalog.pages[kind.removesuffix("-page"), target] = record["docname"]
    for kind, store in (("event", catalog.events), ("talk", catalog.talks), ("paper", catalog.papers)):
        catalog.by_docname.update({record["docname"]: (kind, entry_id) for entry_id, record in store.items()})
    catalog.by_docname.update({docname: key for key, docname in catalog.pages.items()})
    catalog.slots = sorted(
        (record for by_doc in defs.get("slot", {}).values() for record in by_doc.values()),
        key=lambda record: (record["docname"], record["lineno"]),
    )
    for record in sorted((r for by_doc in defs.get("step", {}).values() for r in by_doc.values()),
                         key=lambda record: (record["docname"], record["lineno"])):
        catalog.steps.setdefault(record["docname"], []).append(record)
    _link(catalog)
    _check_steps(catalog)
    return catalog


LEVEL_ORDER = {"introductory": 0, "core": 1, "advanced": 2}


def _check_steps(catalog: Catalog) -> None:
    """A step names a known entry, once per page, and a path climbs from introductory to advanced."""
    for steps in catalog.steps.values():
        seen: set[tuple[str, str]] = set()
        highest = None
        for step in steps:
            kind, target = step["target_kind"], step["target"]
            if target not in (catalog.papers if kind == "paper" else catalog.talks):
                _problem(catalog, "step", step, None, f"unknown {kind} {target!r}")
            if (kind, target) in seen:
                _problem(catalog, "step", step, None, f"{kind} {target!r} is already a step of this page",
                         subtype="duplicate")
            seen.add((kind, target))
            level = LEVEL_ORDER.get(step["level"] or "")
            if level is not None and highest is not None and level < LEVEL_ORDER[highest]:
                _problem(catalog, "step", step, "level",
                         f"this {step['level']} step follows an {highest} one: "
                         "order the path from introductory to advanced", subtype="order")
            if level is not None and (highest is None or level > LEVEL_ORDER[highest]):
                highest = step["level"]


def _winners(catalog: Catalog, kind: str, definitions: dict):
    """One record per id: the first by document name, so any build order gives the same site."""
    for entry_id in sorted(definitions):
        by_doc = definitions[entry_id]
        docnames = sorted(by_doc)
        winner = by_doc[docnames[0]]
        for other in docnames[1:]:
            loser = by_doc[other]
            catalog.problems.append(Problem(
                other, loser["lineno"],
                f"{kind.replace('-page', ' page')}: duplicate id {entry_id!r}: already defined in "
                f"{docnames[0]} (line {winner['lineno']}); this one is ignored",
                "duplicate",
            ))
        yield entry_id, winner


def _link(catalog: Catalog) -> None:
    """Compute every backlink, and note every reference to something unknown."""
    registry = catalog.registry
    for talk in catalog.talks.values():
        talk["page_title"] = talk_title(talk["title"], talk["speakers"])
        if talk["event"] and talk["event"] not in catalog.events:
            _problem(catalog, "talk", talk, "event", f"unknown event {talk['event']!r}")
        elif talk["event"]:
            catalog.talks_by_event[talk["event"]].append(talk["id"])
            _check_zone(catalog, talk, catalog.events[talk["event"]])
        for speaker in talk["speakers"] or []:
            person_id = _person(catalog, "talk", talk, "speakers", speaker["name"])
            if person_id is not None:
                _append_once(catalog.talks_by_person[person_id], talk["id"])
        for link in talk["papers"] or []:
            if link["key"] not in catalog.papers:
                _problem(catalog, "talk", talk, "papers", f"unknown paper {link['key']!r} (no papers/{link['key']}.md)")
            else:
                catalog.talks_by_paper[link["key"]].append(talk["id"])
        _check_themes(catalog, "talk", talk, catalog.talks_by_theme)
    for paper in catalog.papers.values():
        paper["page_title"] = paper_title(paper["id"], paper["bib"])
        for name in paper["bib"]["authors"]:
            person_id = _person(catalog, "paper", paper, None, name)
            if person_id is not None:
                _append_once(catalog.papers_by_person[person_id], paper["id"])
        _check_themes(catalog, "paper", paper, catalog.papers_by_theme)
    for slot in catalog.slots:
        if slot["event"] not in catalog.events:
            _problem(catalog, "slot", slot, None, f"slot outside an event page (no event {slot['event']!r})")
    for (kind, target), docname in list(catalog.pages.items()):
        known = registry.people if kind == "person" else registry.themes
        if target not in known:
            catalog.problems.append(Problem(docname, 0, f"unknown {kind} {target!r}", "unknown"))
            del catalog.pages[kind, target]


def _person(catalog: Catalog, kind: str, record: dict, option: str | None, name: str) -> str | None:
    """The person a name stands for; a name that only looks like a listed person's is reported."""
    registry = catalog.registry
    person_id = registry.person_for(name)
    if person_id is None:  # a name the build could not see before reading (a talk outside talks/)
        _problem(catalog, kind, record, option, f"unknown person {name!r} (add the name or an alias to people.yaml)")
    elif name in registry.lookalikes:
        similar = registry.people[registry.lookalikes[name]]
        _problem(catalog, kind, record, option,
                 f"{name!r} looks like {similar.name!r} ({similar.id} in people.yaml) but is not one of their "
                 f"names: if it is the same person, add it to their aliases; if not, add it to their 'distinct' list",
                 subtype="lookalike")
    return person_id


def _check_zone(catalog: Catalog, talk: dict, event: dict) -> None:
    """A time of day means nothing without the event's zone (a bad zone is reported already)."""
    if talk["start"] and not event["timezone"] and "timezone" not in event["lines"]:
        _problem(catalog, "talk", talk, "start",
                 f"has a time but its event {event['id']!r} has no :timezone:; it is left out of calendars")


def _check_themes(catalog: Catalog, kind: str, record: dict, by_theme: dict) -> None:
    for theme in record["themes"] or []:
        if theme not in catalog.registry.themes:
            _problem(catalog, kind, record, "themes", f"unknown theme {theme!r} (not in themes.yaml)")
        else:
            by_theme[theme].append(record["id"])


def _problem(catalog: Catalog, kind: str, record: dict, option: str | None, message: str,
             subtype: str = "unknown") -> None:
    """Note a problem with an entry, at the line of the option that makes it."""
    line = record.get("lines", {}).get(option, record["lineno"])
    catalog.problems.append(Problem(record["docname"], line, f"{kind}: {message}", subtype))


def _append_once(items: list, value: str) -> None:
    if value not in items:
        items.append(value)


def talk_title(title: str | None, speakers: list[dict] | None) -> str:
    """A talk's title, or what its page is called while the title is to be announced."""
    if title:
        return title
    names = ", ".join(speaker["name"] for speaker in speakers or []) or "unknown speaker"
    return f"Talk to be announced ({names})"


def paper_title(key: str, bib: dict) -> str:
    """A paper's title, else its arXiv id, else its key: what the source gives."""
    if bib["title"]:
        return bib["title"]
    return f"arXiv:{bib['arxiv']}" if bib["arxiv"] else f"Untitled paper ({key})"
