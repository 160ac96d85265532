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

PERSON_FIELDS = {"name", "aliases", "affiliation", "homepage", "bio"}
THEME_FIELDS = {"title", "summary"}


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
    for person in _records(people_path, PERSON_FIELDS, _person):
        registry.people[person.id] = person
    for theme in _records(themes_path, THEME_FIELDS, _theme):
        registry.themes[theme.id] = theme
    _index_names(registry, people_path)
    return registry


def _records(path: Path, allowed: set[str], build):
    """Yield one record per top-level key of the YAML mapping in ``path``."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.warning("registry file %s not found", path, type="scholar", subtype="registry")
        return
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        logger.warning("invalid YAML: %s", error, location=where, type="scholar", subtype="registry")
        return
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        logger.warning("expected a mapping of ids to records", location=f"{path}:1", type="scholar", subtype="registry")
        return
    seen = set()
    for key_node, value_node in root.value:
        where = f"{path}:{key_node.start_mark.line + 1}"
        try:
            record_id = model.identifier(str(key_node.value))
            if record_id in seen:
                raise model.Invalid(f"duplicate id {record_id!r}")
            seen.add(record_id)
            values = _plain_mapping(value_node, allowed)
            yield build(record_id, values)
        except model.Invalid as error:
            logger.warning("%s", error, location=where, type="scholar", subtype="registry")


def _plain_mapping(node, allowed: set[str]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise model.Invalid("expected a mapping of fields")
    values = yaml.safe_load(yaml.serialize(node)) or {}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise model.Invalid(f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    return values


def _text(values: dict, name: str, required: bool = False) -> str | None:
    value = values.get(name)
    if value is None or value == "":
        if required:
            raise model.Invalid(f"missing required field {name!r}")
        return None
    if not isinstance(value, str):
        raise model.Invalid(f"field {name!r} must be text")
    return " ".join(value.split()) if name != "bio" else value.strip()


def _person(person_id: str, values: dict) -> Person:
    aliases = values.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise model.Invalid("field 'aliases' must be a list of names")
    homepage = _text(values, "homepage")
    return Person(
        id=person_id,
        name=_text(values, "name", required=True),
        aliases=[" ".join(alias.split()) for alias in aliases],
        affiliation=_text(values, "affiliation"),
        homepage=model.link(homepage) if homepage else None,
        bio=_text(values, "bio"),
    )


def _theme(theme_id: str, values: dict) -> Theme:
    return Theme(id=theme_id, title=_text(values, "title", required=True), summary=_text(values, "summary") or "")


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
