"""The catalog: all entries with their cross-references, derived once per build.

Built in ``env-updated`` from the domain's records (records.py) and the registries:
paper → talks, person → talks and papers, theme → entries, event → schedule. Everything a
page shows from another entry is read through the catalog's accessor methods, never its
dictionaries, so that what a view read can be recorded (:meth:`Catalog.recording`): a
page is computed again only when something it read has changed (incremental.py).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .names import Name, name_key, parse_name
from .records import Event, PageClaim, Paper, Record, Slot, Step, Talk
from .registry import Person, Registry, Theme

#: Something a view read: ("talk", id), ("talks_of", "person", id), ("all", "paper")...
Dependency = tuple[str, ...]

LEVEL_ORDER = {"introductory": 0, "core": 1, "advanced": 2}


@dataclass
class Problem:
    """A mistake found while linking the entries, reported as a warning at ``docname:lineno``."""

    docname: str
    lineno: int
    message: str
    subtype: str


@dataclass
class Catalog:
    registry: Registry
    target_uri: Callable[[str], str] = lambda docname: f"{docname}.html"
    base_url: str = ""
    cited: dict[str, list[str]] = field(default_factory=dict)  # docname -> keys it cites, in order
    problems: list[Problem] = field(default_factory=list)
    # A digest of everything the catalog is derived from (records, registries, citations):
    # equal digests, equal catalogs, so exports made from an equal catalog are not made again.
    inputs: str = ""
    # Values made from one record and shown on many pages (a paper's COinS span), made once
    # per build: (what, id) -> value.
    derived: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    # The records, one per id (the first definition by document name wins).
    _events: dict[str, Event] = field(default_factory=dict)
    _talks: dict[str, Talk] = field(default_factory=dict)
    _papers: dict[str, Paper] = field(default_factory=dict)
    _slots: dict[str, list[Slot]] = field(default_factory=dict)  # event id -> its slots
    _steps: dict[str, list[Step]] = field(default_factory=dict)  # docname -> its steps, in page order
    _pages: dict[tuple[str, str], str] = field(default_factory=dict)  # ("person"|"theme", id) -> docname
    _by_docname: dict[str, tuple[str, str]] = field(default_factory=dict)  # docname -> (kind, id) it presents
    # The backlinks: ("event"|"person"|"paper"|"theme", id) -> ids, in first-seen order.
    _talks_of: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _papers_of: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _reads: set[Dependency] | None = None  # what the current view read, while recording

    # -- recording what a view reads ---------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[set[Dependency]]:
        """Collect every dependency read inside the ``with`` block."""
        outer, self._reads = self._reads, set()
        try:
            yield self._reads
        finally:
            inner, self._reads = self._reads, outer
            if outer is not None:
                outer |= inner

    def _read(self, *dependency: str) -> None:
        if self._reads is not None:
            self._reads.add(dependency)

    def fingerprint(self, dependency: Dependency) -> str:
        """A digest of the current value of what ``dependency`` names."""
        return hashlib.sha1(repr(self._value(dependency)).encode("utf-8")).hexdigest()[:16]

    def _value(self, dependency: Dependency) -> Any:
        kind, *key = dependency
        values: dict[str, Callable[[], Any]] = {
            "event": lambda: self._events.get(key[0]),
            "talk": lambda: self._talks.get(key[0]),
            "paper": lambda: self._papers.get(key[0]),
            "person": lambda: self.registry.people.get(key[0]),
            "theme": lambda: self.registry.themes.get(key[0]),
            "name": lambda: self.registry.names.get(key[0]),
            "page": lambda: self._pages.get((key[0], key[1])),
            "talks_of": lambda: self._talks_of.get((key[0], key[1])),
            "papers_of": lambda: self._papers_of.get((key[0], key[1])),
            "slots_of": lambda: self._slots.get(key[0]),
            "steps_on": lambda: self._steps.get(key[0]),
            "cited_on": lambda: self.cited.get(key[0]),
            "all": lambda: self._all(key[0]),
        }
        return values[kind]()

    def _all(self, kind: str) -> list[str]:
        stores: dict[str, Any] = {"event": self._events, "talk": self._talks, "paper": self._papers,
                                  "person": self.registry.people, "theme": self.registry.themes}
        return list(stores[kind])

    # -- records -------------------------------------------------------------------------

    def event(self, event_id: str | None) -> Event | None:
        if not event_id:
            return None
        self._read("event", event_id)
        return self._events.get(event_id)

    def talk(self, talk_id: str) -> Talk | None:
        self._read("talk", talk_id)
        return self._talks.get(talk_id)

    def paper(self, key: str) -> Paper | None:
        self._read("paper", key)
        return self._papers.get(key)

    def entry(self, kind: str, entry_id: str) -> Talk | Paper | None:
        return self.talk(entry_id) if kind == "talk" else self.paper(entry_id)

    def ids(self, kind: str) -> list[str]:
        """Every id of a kind ("event", "talk", "paper", "person", "theme"), in catalog order."""
        self._read("all", kind)
        return self._all(kind)

    def events(self) -> list[Event]:
        return [event for event_id in self.ids("event") if (event := self.event(event_id))]

    def talks(self) -> list[Talk]:
        return [talk for talk_id in self.ids("talk") if (talk := self.talk(talk_id))]

    def papers(self) -> list[Paper]:
        return [paper for key in self.ids("paper") if (paper := self.paper(key))]

    def person(self, person_id: str) -> Person | None:
        self._read("person", person_id)
        return self.registry.people.get(person_id)

    def person_for(self, name: str) -> str | None:
        """The id of the person known by ``name`` (an id, a canonical name or an alias)."""
        if name in self.registry.people:
            self._read("person", name)
            return name
        self._read("name", name_key(name))
        return self.registry.names.get(name_key(name))

    def name_of(self, written: str) -> Name:
        """A speaker's name split into its parts, with the family name people.yaml records."""
        person_id = self.person_for(written)
        person = self.person(person_id) if person_id else None
        return parse_name(written, person.family if person else None)

    def theme(self, theme_id: str) -> Theme | None:
        self._read("theme", theme_id)
        return self.registry.themes.get(theme_id)

    def page_of(self, kind: str, entry_id: str) -> str | None:
        """The document presenting a person or a theme."""
        self._read("page", kind, entry_id)
        return self._pages.get((kind, entry_id))

    def person_docname(self, name: str) -> str | None:
        person_id = self.person_for(name)
        return self.page_of("person", person_id) if person_id else None

    def talks_of(self, kind: str, entry_id: str) -> list[str]:
        """The talks of an event, given by a person, presenting a paper, or on a theme."""
        self._read("talks_of", kind, entry_id)
        return self._talks_of.get((kind, entry_id), [])

    def papers_of(self, kind: str, entry_id: str) -> list[str]:
        """The papers by a person or on a theme."""
        self._read("papers_of", kind, entry_id)
        return self._papers_of.get((kind, entry_id), [])

    def slots_of(self, event_id: str) -> list[Slot]:
        self._read("slots_of", event_id)
        return self._slots.get(event_id, [])

    def steps_on(self, docname: str | None) -> list[Step]:
        """The reading-path steps of a page, in page order."""
        if docname is None:
            return []
        self._read("steps_on", docname)
        return self._steps.get(docname, [])

    def guide_citations(self) -> list[tuple[str, list[str]]]:
        """Each guide page that cites papers of the catalog, with their keys in citation order."""
        guides = []
        for theme_id in sorted(self.ids("theme")):
            docname = self.page_of("theme", theme_id)
            keys = [key for key in self.cited_on(docname) if key in self._papers]
            if docname and keys:
                guides.append((docname, keys))
        return guides

    def cited_on(self, docname: str | None) -> list[str]:
        """The BibTeX keys a page cites, in citation order."""
        if docname is None:
            return []
        self._read("cited_on", docname)
        return self.cited.get(docname, [])

    def presented_by(self, docname: str) -> tuple[str, str] | None:
        """(kind, id) of the entry, person or theme a page presents."""
        return self._by_docname.get(docname)

    def target(self, kind: str, key: str) -> tuple[str, str] | None:
        """(docname, title) of the page for a role target, or None if unknown."""
        if kind in ("talk", "paper"):
            entry = self.entry(kind, key)
            return (entry.docname, entry.page_title) if entry else None
        if kind == "event":
            event = self.event(key)
            return (event.docname, event.title) if event else None
        if kind == "person":
            key = self.person_for(key) or ""
        found = self.person(key) if kind == "person" else self.theme(key)
        docname = self.page_of(kind, key) if found else None
        title = found.name if isinstance(found, Person) else found.title if found else ""
        return (docname, title) if docname else None

    def objects(self) -> Iterator[tuple[str, str, str, str]]:
        """(kind, id, title, docname) of everything with a page, for the inventory and search."""
        for talk in self._talks.values():
            yield "talk", talk.id, talk.page_title, talk.docname
        for paper in self._papers.values():
            yield "paper", paper.id, paper.page_title, paper.docname
        for event in self._events.values():
            yield "event", event.id, event.title, event.docname
        for (kind, target), docname in sorted(self._pages.items()):
            title = self.registry.people[target].name if kind == "person" else self.registry.themes[target].title
            yield kind, target, title, docname

    def absolute_url(self, docname: str) -> str | None:
        """The page's full address, or None when the site's base URL is not configured."""
        # Joined as Sphinx joins html_baseurl for a page's canonical link, so both agree.
        return posixpath.join(self.base_url, self.target_uri(docname)) if self.base_url else None

    def absolute_url_or_path(self, docname: str) -> str:
        """The page's full address when the base URL is known, else its path from the root."""
        return self.absolute_url(docname) or self.target_uri(docname)


def build(defs: dict[str, dict[str, dict[str, Record]]], registry: Registry,
          target_uri: Callable[[str], str] | None = None, base_url: str = "",
          cited: dict[str, list[str]] | None = None) -> Catalog:
    """The catalog of the domain's records: one record per id, every backlink, every problem."""
    catalog = Catalog(registry=registry, base_url=base_url, cited=cited or {})
    # repr, not JSON: records are dataclasses, and their reprs hold every field (no sets,
    # whose order would differ between processes).
    catalog.inputs = hashlib.sha256(repr((defs, registry, base_url, cited)).encode("utf-8")).hexdigest()
    if target_uri is not None:
        catalog.target_uri = target_uri
    stores: list[tuple[str, dict[str, Any]]] = [
        ("event", catalog._events), ("talk", catalog._talks), ("paper", catalog._papers)]
    for kind, store in stores:
        store.update(_winners(catalog, kind, defs.get(kind, {})))
        catalog._by_docname.update({record.docname: (kind, entry_id) for entry_id, record in store.items()})
    for kind in ("person-page", "theme-page"):
        for target, claim in _winners(catalog, kind, defs.get(kind, {})):
            catalog._pages[kind.removesuffix("-page"), target] = claim.docname
    catalog._by_docname.update({docname: key for key, docname in catalog._pages.items()})
    for slot in _in_page_order(defs.get("slot", {})):
        catalog._slots.setdefault(slot.event, []).append(slot)
    for step in _in_page_order(defs.get("step", {})):
        catalog._steps.setdefault(step.docname, []).append(step)
    _link_talks(catalog)
    _link_papers(catalog)
    _check_overlaps(catalog)
    _check_slots_and_pages(catalog)
    _check_steps(catalog)
    return catalog


def _in_page_order(definitions: dict[str, dict[str, Record]]) -> list[Any]:
    return sorted((r for by_doc in definitions.values() for r in by_doc.values()), key=lambda r: (r.docname, r.lineno))


def _winners(catalog: Catalog, kind: str, definitions: dict[str, dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """One record per id: the first by document name, so any build order gives the same site."""
    for entry_id in sorted(definitions):
        by_doc = definitions[entry_id]
        docnames = sorted(by_doc)
        winner = by_doc[docnames[0]]
        for other in docnames[1:]:
            catalog.problems.append(Problem(
                other, by_doc[other].lineno,
                f"{kind.replace('-page', ' page')}: duplicate id {entry_id!r}: already defined in "
                f"{docnames[0]} (line {winner.lineno}); this one is ignored",
                "duplicate",
            ))
        yield entry_id, winner


def _link_talks(catalog: Catalog) -> None:
    """Each talk's event, speakers, papers and themes, and the backlinks they make."""
    for talk in catalog._talks.values():
        if talk.event and talk.event not in catalog._events:
            _problem(catalog, "talk", talk, "event",
                     f"unknown event {talk.event!r} (no talks/{talk.event}/index.md with an {{event}} directive)")
        elif talk.event:
            catalog._talks_of["event", talk.event].append(talk.id)
            _check_in_event(catalog, talk, catalog._events[talk.event])
        for speaker in talk.speakers:
            person_id = _person(catalog, "talk", talk, "speakers", speaker.name)
            if person_id is not None:
                _append_once(catalog._talks_of["person", person_id], talk.id)
        for link in talk.papers:
            if link.key not in catalog._papers:
                _problem(catalog, "talk", talk, "papers", f"unknown paper {link.key!r} (no papers/{link.key}.md)")
            else:
                catalog._talks_of["paper", link.key].append(talk.id)
        _check_themes(catalog, "talk", talk, talk.themes, catalog._talks_of)


def _link_papers(catalog: Catalog) -> None:
    for paper in catalog._papers.values():
        for name in paper.bib.authors:
            person_id = _person(catalog, "paper", paper, None, name)
            if person_id is not None:
                _append_once(catalog._papers_of["person", person_id], paper.id)
        _check_themes(catalog, "paper", paper, paper.themes, catalog._papers_of)


def _check_slots_and_pages(catalog: Catalog) -> None:
    for event_id, slots in catalog._slots.items():
        if event_id not in catalog._events:
            for slot in slots:
                _problem(catalog, "slot", slot, None, f"slot outside an event page (no event {event_id!r})")
    for (kind, target), docname in list(catalog._pages.items()):
        known = catalog.registry.people if kind == "person" else catalog.registry.themes
        if target not in known:
            catalog.problems.append(Problem(docname, 0, f"unknown {kind} {target!r}", "unknown"))
            del catalog._pages[kind, target]


def _check_steps(catalog: Catalog) -> None:
    """A step names a known entry, once per page, and a path climbs from introductory to advanced."""
    for steps in catalog._steps.values():
        seen: set[str] = set()
        highest: str | None = None
        for step in steps:
            if step.target not in (catalog._papers if step.target_kind == "paper" else catalog._talks):
                _problem(catalog, "step", step, None, f"unknown {step.target_kind} {step.target!r}")
            if step.entry in seen:
                _problem(catalog, "step", step, None, f"{step.target_kind} {step.target!r} is already a step of "
                         "this page", subtype="duplicate")
            seen.add(step.entry)
            level = LEVEL_ORDER.get(step.level or "")
            if level is None:
                continue
            if highest is not None and level < LEVEL_ORDER[highest]:
                _problem(catalog, "step", step, "level", f"this {step.level} step follows an {highest} one: "
                         "order the path from introductory to advanced", subtype="order")
            if highest is None or level > LEVEL_ORDER[highest]:
                highest = step.level


def _person(catalog: Catalog, kind: str, record: Record, option: str | None, name: str) -> str | None:
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


def _check_in_event(catalog: Catalog, talk: Talk, event: Event) -> None:
    """A talk belongs where it is filed, on a day of its event, at a time in the event's zone."""
    folder = talk.docname.split("/")[-2] if talk.docname.count("/") >= 2 else None
    if folder and folder != event.id and folder in catalog._events:
        _problem(catalog, "talk", talk, "event", f"filed under talks/{folder}/ but its :event: is {event.id!r}: "
                 "move the file or correct the event", subtype="event")
    end_rejected = "end" in event.lines and event.end is None  # reported already; no guess at the dates
    if talk.date and event.start and not end_rejected and not (event.start <= talk.date <= (event.end or event.start)):
        _problem(catalog, "talk", talk, "date", f"{talk.date} is not a day of its event "
                 f"({event.start}{' to ' + event.end if event.end else ''})", subtype="date")
    if talk.start and not event.timezone and "timezone" not in event.lines:
        _problem(catalog, "talk", talk, "start",
                 f"has a time but its event {event.id!r} has no :timezone:; it is left out of calendars")


def _check_overlaps(catalog: Catalog) -> None:
    """Two talks of one event in one room at the same time are a mistake, unless they share
    a block (the talks of a block have the same slot and an :order:). Talks in different
    rooms are parallel tracks; a talk with no room is in the event's only (or every) room."""
    for (kind, event_id), talk_ids in catalog._talks_of.items():
        if kind != "event":
            continue
        timed = sorted((t for t in map(catalog._talks.get, talk_ids) if t and t.date and t.start and t.end),
                       key=lambda t: (t.date, t.start, t.id))
        for number, later in enumerate(timed):
            for earlier in timed[:number]:
                same_room = not earlier.room or not later.room or earlier.room == later.room
                same_block = (earlier.start, earlier.end) == (later.start, later.end) and earlier.order and later.order
                if (same_room and earlier.date == later.date and later.start < earlier.end  # type: ignore[operator]
                        and not same_block):
                    _problem(catalog, "talk", later, "start", f"overlaps {earlier.id!r} ({earlier.start}–"
                             f"{earlier.end}{', ' + earlier.room if earlier.room else ''}) in the schedule of "
                             f"{event_id!r}", subtype="overlap")
                    break


def _check_themes(catalog: Catalog, kind: str, record: Talk | Paper, themes: list[str],
                  index: dict[tuple[str, str], list[str]]) -> None:
    for theme in themes:
        if theme not in catalog.registry.themes:
            _problem(catalog, kind, record, "themes", f"unknown theme {theme!r} (not in themes.yaml)")
        else:
            index["theme", theme].append(record.id)


def _problem(catalog: Catalog, kind: str, record: Record, option: str | None, message: str,
             subtype: str = "unknown") -> None:
    """Note a problem with an entry, at the line of the option that makes it."""
    catalog.problems.append(Problem(record.docname, record.line_of(option), f"{kind}: {message}", subtype))


def _append_once(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


__all__ = ["Catalog", "Dependency", "PageClaim", "Problem", "build"]
