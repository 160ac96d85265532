"""The people and theme registries (``people.yaml``, ``themes.yaml``).

Both files are mappings from an id to a small record. They are read with line numbers so
that a mistake in them is reported as ``people.yaml:12``, and they are read once per build,
before any document: person and theme pages are generated from them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sphinx.util import logging

from . import model

logger = logging.getLogger(__name__)



def name_key(name: str) -> str:
    """The form in which two spellings of a name are compared: case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    affiliation: str | None = None
    homepage: str | None = None
    bio: str | None = None


@dataclass
class Theme:
    id: str
    title: str
    summary: str = ""


@dataclass
class Registry:
    people: dict[str, Person] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name_key -> person id

    def person_for(self, name: str) -> str | None:
        """The id of the person known by ``name`` (an id, a canonical name or an alias)."""
        if name in self.people:
            return name
        return self.names.get(name_key(name))


def load(people_path: Path, themes_path: Path) -> Registry:
    registry = Registry()
    for person in _records(people_path, set(_person.fields), _person):
        registry.people[person.id] = person
    for theme in _records(themes_path, set(_theme.fields), _theme):
        registry.themes[theme.id] = theme
    _index_names(registry, people_path)
    return registry


def _records(path: Path, allowed: set[str], build):
    """Yield one record per top-level key of the YAML mapping in ``path``.

    A bad field is reported at its own line and left out; the rest of the record is kept.
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
            if name not in allowed:
                _warn(path, field_node, f"unknown field {name!r} (allowed: {', '.join(sorted(allowed))})")
                continue
            try:
                values[name] = build.fields[name](yaml.safe_load(yaml.serialize(field_value)))
            except model.Invalid as error:
                _warn(path, field_node, f"{name}: {error}")
        try:
            yield build(record_id, values)
        except model.Invalid as error:
            _warn(path, key_node, str(error))


def _compose(path: Path):
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.warning("registry file %s not found", path, type="scholar", subtype="registry")
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        logger.warning("invalid YAML: %s", error, location=where, type="scholar", subtype="registry")
        return None
    if root is not None and not isinstance(root, yaml.MappingNode):
        logger.warning("expected a mapping of ids to records", location=f"{path}:1", type="scholar", subtype="registry")
        return None
    return root


def _warn(path: Path, node, message: str) -> None:
    logger.warning(message, location=f"{path}:{node.start_mark.line + 1}", type="scholar", subtype="registry")


def _text(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise model.Invalid("must be text")
    return " ".join(value.split())


def _names(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(alias, str) for alias in value):
        raise model.Invalid("must be a list of names")
    return [" ".join(alias.split()) for alias in value]


def _paragraphs(value) -> str | None:
    if not isinstance(value, str):
        raise model.Invalid("must be text")
    return value.strip() or None


def _required(values: dict, name: str) -> str:
    if not values.get(name):
        raise model.Invalid(f"missing required field {name!r}")
    return values[name]


def _person(person_id: str, values: dict) -> Person:
    return Person(
        id=person_id,
        name=_required(values, "name"),
        aliases=values.get("aliases") or [],
        affiliation=values.get("affiliation"),
        homepage=values.get("homepage"),
        bio=values.get("bio"),
    )


_person.fields = {
    "name": _text,
    "aliases": _names,
    "affiliation": _text,
    "homepage": lambda value: model.link(_text(value) or ""),
    "bio": _paragraphs,
}


def _theme(theme_id: str, values: dict) -> Theme:
    return Theme(id=theme_id, title=_required(values, "title"), summary=values.get("summary") or "")


_theme.fields = {"title": _text, "summary": _text}


def _index_names(registry: Registry, path: Path) -> None:
    """Map every spelling to its person; a spelling claimed by two people is an error."""
    for person in registry.people.values():
        for spelling in [person.name, *person.aliases]:
            key = name_key(spelling)
            owner = registry.names.setdefault(key, person.id)
            if owner != person.id:
                logger.warning(
                    "the name %r belongs to both %r and %r", spelling, owner, person.id,
                    location=str(path), type="scholar", subtype="registry",
                )
