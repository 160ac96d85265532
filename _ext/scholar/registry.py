"""The people and theme registries (``people.yaml``, ``themes.yaml``).

Both files are mappings from an id to a small record. They are read with line numbers so
that a mistake in them is reported as ``people.yaml:12``, and they are read once per build,
before any document: person and theme pages are generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sphinx.util import logging

from . import model
from .names import family_key, look_alike, name_key, person_id

logger = logging.getLogger(__name__)


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    # The family name, where no parser can find it in the name: "Ben Arous" in "Gérard Ben Arous".
    family: str | None = None
    affiliation: str | None = None
    homepage: str | None = None
    bio: str | None = None
    distinct: list[str] = field(default_factory=list)  # look-alike names that are other people
    listed: bool = True  # False: not in people.yaml; a page made from a name an entry uses
    where: str = ""  # "file:line" of the record, for messages


@dataclass
class Theme:
    id: str
    title: str
    summary: str = ""
    builds_on: list[str] = field(default_factory=list)  # the guides to read before this one
    # The words a reader searches for to find this guide ("score matching"): index entries
    # of its page, which the site's search ranks above a mere mention in another page's text.
    search_terms: list[str] = field(default_factory=list)


@dataclass
class Registry:
    people: dict[str, Person] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name_key -> person id
    # A name not in people.yaml that looks like a listed person's -> that person's id.
    lookalikes: dict[str, str] = field(default_factory=dict)

    def person_for(self, name: str) -> str | None:
        """The id of the person known by ``name`` (an id, a canonical name or an alias)."""
        if name in self.people:
            return name
        return self.names.get(name_key(name))

    def add_unlisted(self, names: Iterable[str]) -> None:
        """Give every name that no one in people.yaml answers to a person of its own.

        Such a person has a page and a list of entries like anyone else; the registry is
        only needed for aliases, affiliations and merges. A name that looks like a listed
        person's (same surname and first initial) is noted, so the build can suggest the
        alias instead of silently making a second page.
        """
        by_family: dict[str, list[tuple[str, Person]]] = {}
        for person in self.people.values():
            for spelling in [person.name, *person.aliases]:
                by_family.setdefault(family_key(spelling), []).append((spelling, person))
        for name in sorted(set(names), key=name_key):
            if self.person_for(name) is not None:
                continue
            similar = next((person for spelling, person in by_family.get(family_key(name), [])
                            if look_alike(name, spelling)
                            and name_key(name) not in {name_key(other) for other in person.distinct}), None)
            if similar is not None:
                self.lookalikes[name] = similar.id
            new_id = _free_id(self, person_id(name))
            self.people[new_id] = Person(id=new_id, name=name, listed=False)
            self.names[name_key(name)] = new_id


_RAW_HTML = re.compile(r"<\s*[A-Za-z!/][^>]*>")
_SPEAKERS_OPTION = re.compile(r"^:speakers:[ \t]*(.+)$", re.MULTILINE)


def scan_speakers(talks_dir: Path) -> list[str]:
    """The speakers named by the talk files under ``talks_dir``, read before any document.

    Person pages are source files, so they must exist before Sphinx reads the talks; this
    reads only the ``:speakers:`` lines, with the talk directive's own parser.
    """
    names = []
    for path in sorted(talks_dir.glob("**/*.md")):
        for match in _SPEAKERS_OPTION.finditer(path.read_text(encoding="utf-8", errors="replace")):
            try:
                names += [speaker.name for speaker in model.speakers(match[1])]
            except model.Invalid:
                continue  # reported when the talk itself is read
    return names


def _free_id(registry: Registry, wanted: str) -> str:
    """``wanted``, or ``wanted-2``, ``-3``... when a person already has it."""
    candidate, number = wanted, 1
    while candidate in registry.people:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def load(people_paths: list[Path], themes_path: Path) -> Registry:
    """Read the people files in order, then the themes.

    Several people files may describe one id (the importer's file and the editors' own):
    their fields are merged, a later file's fields win and aliases add up, so an editor
    can give an imported person an alias or a homepage without touching the imported file.
    """
    registry = Registry()
    merged: dict[str, tuple[dict, str]] = {}
    for path in people_paths:
        for record_id, values, where in _records(path, _PERSON_FIELDS):
            if record_id in merged:
                earlier, _ = merged[record_id]
                aliases = [*earlier.get("aliases", []), *values.get("aliases", [])]
                values = {**earlier, **values, "aliases": list(dict.fromkeys(aliases))}
            merged[record_id] = (values, where)
    for record_id, (values, where) in merged.items():
        try:
            registry.people[record_id] = _person(record_id, values, where)
        except model.Invalid as error:
            _warn_at(where, str(error))
    theme_lines = {}
    for theme_id, values, where in _records(themes_path, _THEME_FIELDS):
        theme_lines[theme_id] = where
        try:
            registry.themes[theme_id] = _theme(theme_id, values)
        except model.Invalid as error:
            _warn_at(where, str(error))
    for theme_id, problem in check_curriculum(registry.themes) + check_search_terms(registry.themes):
        _warn_at(theme_lines.get(theme_id, str(themes_path)), problem)
    _index_names(registry)
    return registry


def _records(path: Path, parsers: Mapping[str, Callable[[Any], Any]]) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield ``(id, fields, "file:line")`` for each top-level key of the YAML mapping in ``path``.

    ``parsers`` maps each allowed field to the function that checks its value. A bad field
    is reported at its own line and left out; the rest of the record is kept.
    """
    root = _compose(path)
    if root is None:
        return
    seen = set()
    for key_node, value_node in root.value:
        try:
            record_id = model.identifier(str(key_node.value))
            if record_id in seen:
                raise model.Invalid(f"duplicate id {record_id!r}")
            seen.add(record_id)
            if not isinstance(value_node, yaml.MappingNode):
                raise model.Invalid("expected a mapping of fields")
        except model.Invalid as error:
            _warn(path, key_node, str(error))
            continue
        values = {}
        for field_node, field_value in value_node.value:
            name = str(field_node.value)
            if name not in parsers:
                _warn(path, field_node, f"unknown field {name!r} (allowed: {', '.join(sorted(parsers))})")
                continue
            try:
                values[name] = parsers[name](_construct(field_value))
            except model.Invalid as error:
                _warn(path, field_node, f"{name}: {error}")
            except yaml.YAMLError as error:  # a tag safe loading refuses, such as !!python/name
                problem = getattr(error, "problem", None) or error
                _warn(path, field_node, f"{name}: {problem}; write the value as plain text")
            if isinstance(values.get(name), str) and _RAW_HTML.search(values[name]):
                _warn(path, field_node, f"{name}: raw HTML is not allowed; it is shown as text")
        yield record_id, values, f"{path}:{key_node.start_mark.line + 1}"


# libyaml's parser when PyYAML was built with it (its wheels are): five times as fast.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node) -> Any:
    """The Python value of one field's node, as ``yaml.safe_load`` gives it."""
    return yaml.constructor.SafeConstructor().construct_document(node)


def _compose(path: Path) -> yaml.MappingNode | None:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        logger.warning("registry file %s not found", path, type="scholar", subtype="registry")
        return None
    except UnicodeDecodeError as error:
        data = path.read_bytes()
        line = data.count(b"\n", 0, error.start) + 1
        logger.warning("byte 0x%02x is not UTF-8: save the file as UTF-8; until then the records of %s are left "
                       "out", data[error.start], path.name, location=f"{path}:{line}", type="scholar",
                       subtype="encoding")
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        logger.warning("not valid YAML (%s); the records of %s are left out until it is fixed",
                       problem, path.name, location=where, type="scholar", subtype="registry")
        return None
    if root is not None and not isinstance(root, yaml.MappingNode):
        logger.warning("expected a mapping of ids to records", location=f"{path}:1", type="scholar", subtype="registry")
        return None
    return root


def _warn(path: Path, node: yaml.Node, message: str) -> None:
    _warn_at(f"{path}:{node.start_mark.line + 1}", message)


def _warn_at(where: str, message: str) -> None:
    logger.warning(message, location=where, type="scholar", subtype="registry")


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise model.Invalid("must be text")
    return " ".join(value.split())


def _names(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(alias, str) for alias in value):
        raise model.Invalid("must be a list of names")
    return [" ".join(alias.split()) for alias in value]


def _paragraphs(value: Any) -> str | None:
    if not isinstance(value, str):
        raise model.Invalid("must be text")
    return value.strip() or None


def _required(values: dict, name: str) -> str:
    if not values.get(name):
        raise model.Invalid(f"missing required field {name!r}")
    return values[name]


def _person(person_id: str, values: dict, where: str) -> Person:
    return Person(
        id=person_id,
        name=_required(values, "name"),
        aliases=values.get("aliases") or [],
        family=_family(values, where),
        affiliation=values.get("affiliation"),
        homepage=values.get("homepage"),
        bio=values.get("bio"),
        distinct=values.get("distinct") or [],
        where=where,
    )


def _family(values: dict, where: str) -> str | None:
    """The ``family`` name, which the canonical name must end with (else it is not used)."""
    family = values.get("family")
    if family and not " ".join(values.get("name", "").split()).endswith(" " + family):
        _warn_at(where, f"family {family!r} is not how the name {values.get('name')!r} ends; it is not used")
        return None
    return family or None


_PERSON_FIELDS = {
    "name": _text,
    "family": _text,
    "aliases": _names,
    "distinct": _names,
    "affiliation": _text,
    "homepage": lambda value: model.link(_text(value) or ""),
    "bio": _paragraphs,
}


def _theme(theme_id: str, values: dict) -> Theme:
    return Theme(id=theme_id, title=_required(values, "title"), summary=values.get("summary") or "",
                 builds_on=values.get("builds_on") or [], search_terms=values.get("search_terms") or [])


_THEME_FIELDS = {"title": _text, "summary": _text, "builds_on": lambda value: model.id_list(", ".join(_names(value))),
                 "search_terms": _names}


def curriculum(themes: Mapping[str, Theme]) -> list[str]:
    """The themes in an order a reader can follow: each after the guides it builds on.

    Ties keep the order of themes.yaml. A prerequisite that is no theme is ignored, and a
    cycle is broken at the first theme of the file that waits (check_curriculum reports both).
    """
    order: list[str] = []
    placed: set[str] = set()
    waiting = list(themes)
    while waiting:
        ready = next((theme_id for theme_id in waiting
                      if all(need in placed or need not in themes for need in themes[theme_id].builds_on)), None)
        if ready is None:  # a cycle: take the first waiting theme as it stands
            ready = waiting[0]
        order.append(ready)
        placed.add(ready)
        waiting.remove(ready)
    return order


def check_search_terms(themes: Mapping[str, Theme]) -> list[tuple[str, str]]:
    """A search term ranks one guide first, so two guides cannot share it."""
    owner: dict[str, str] = {}
    problems = []
    for theme_id, theme in themes.items():
        for term in theme.search_terms:
            first = owner.setdefault(term.casefold(), theme_id)
            if first != theme_id:
                problems.append((theme_id, f"search_terms: {term!r} is already a search term of {first!r}"))
    return problems


def check_curriculum(themes: Mapping[str, Theme]) -> list[tuple[str, str]]:
    """What is wrong with the prerequisites, by theme: an unknown theme, a cycle."""
    problems = [(theme_id, f"builds_on: {need!r} is no theme")
                for theme_id, theme in themes.items() for need in theme.builds_on if need not in themes]
    position = {theme_id: number for number, theme_id in enumerate(curriculum(themes))}
    problems += [(theme_id, f"builds_on: {theme_id!r} and {need!r} build on each other (a cycle); the order "
                            "of themes.yaml is kept for them")
                 for theme_id, theme in themes.items() for need in theme.builds_on
                 if need in position and position[need] > position[theme_id]]
    return problems


def _index_names(registry: Registry) -> None:
    """Map every spelling to its person; a spelling claimed by two people is an error."""
    for person in registry.people.values():
        for spelling in [person.name, *person.aliases]:
            key = name_key(spelling)
            owner = registry.names.setdefault(key, person.id)
            if owner != person.id:
                _warn_at(person.where, f"the name {spelling!r} belongs to both {owner!r} "
                                       f"({registry.people[owner].where}) and {person.id!r}")
