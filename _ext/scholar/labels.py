"""Author-year labels that tell two works apart: "Song et al., 2021a" and "Song et al., 2021b".

sphinxcontrib-bibtex's ``author_year`` style labels every work by its authors and year, so
two papers by the same authors in the same year get the same label ("Huang et al., 2024"
for two different samplers) and a reader cannot tell which one a sentence cites. As
author-year styles do (Chicago, APA), works whose labels would be equal get a letter after
the year, in the order of their titles; the letter is the same on every page of the site.

The letter lives in a field of its own, ``labelyear``, set on the parsed records when the
build starts; the records' ``year`` is untouched, so exports keep the real year. The
referencing style ``author_year_distinct`` is sphinxcontrib-bibtex's ``author_year`` with
that field in place of the year: its documented way of customising labels is a style
plugin of this kind.
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sphinxcontrib.bibtex.plugin
from pybtex.style.template import field, first_of, join, node, optional
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

from . import bib

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx

STYLE = "author_year_distinct"
LABEL_YEAR = "labelyear"


@node
def label_year(children: Any, data: dict[str, Any]) -> Any:
    """The year as the label shows it, with its letter where one is needed."""
    assert not children
    return first_of[optional[field(LABEL_YEAR, raw=True)], optional[field("year")], "n.d."].format_data(data)


# The two basic styles and the year style, as sphinxcontrib-bibtex 2.7 writes them, with
# label_year in place of its year node.


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name: str) -> Any:
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[
                self.person.author_or_editor_or_title(full="s" in role_name), label_year]],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name: str) -> Any:
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[self.bracket.left,
                 join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[label_year], post_text],
                 self.bracket.right],
        ]


@dataclass
class _Year(ExtraYearReferenceStyle):
    def inner(self, role_name: str) -> Any:
        return reference[label_year]


@dataclass
class DistinctAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """``author_year`` with a letter after the year where two works would share a label."""

    def __post_init__(self) -> None:
        self.styles.extend([
            _Parenthetical(bracket=self.bracket_parenthetical, person=self.person,
                           author_year_sep=self.author_year_sep, pre_text_sep=self.pre_text_sep,
                           post_text_sep=self.post_text_sep),
            _Textual(bracket=self.bracket_textual, person=self.person, text_reference_sep=self.text_reference_sep,
                     pre_text_sep=self.pre_text_sep, post_text_sep=self.post_text_sep),
            ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
            ExtraLabelReferenceStyle(bracket=self.bracket_label),
            _Year(bracket=self.bracket_year),
            ExtraEmptyReferenceStyle(),
        ])
        super(AuthorYearReferenceStyle, self).__post_init__()


def label_authors(entry: Entry) -> tuple[str, ...]:
    """The authors as a label names them: one or two surnames, or the first and "et al."."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    surnames = tuple(" ".join(person.last_names) for person in people)
    if not surnames:
        return ("title:" + entry.fields.get("title", ""),)
    return surnames if len(surnames) <= 2 else (surnames[0], "et al.")


def add_letters(entries: dict[str, Entry]) -> None:
    """Give ``labelyear`` to each work whose authors and year another work shares."""
    groups: dict[tuple[tuple[str, ...], str], list[str]] = defaultdict(list)
    for key, entry in entries.items():
        entry.fields.pop(LABEL_YEAR, None)
        if entry.fields.get("year"):
            groups[(label_authors(entry), entry.fields["year"])].append(key)
    for (_, year), keys in groups.items():
        if len(keys) < 2:
            continue
        ordered = sorted(keys, key=lambda key: (entries[key].fields.get("title", "").casefold(), key))
        for letter, key in zip(_letters(), ordered, strict=False):
            entries[key].fields[LABEL_YEAR] = f"{year}{letter}"


def _letters() -> Iterator[str]:
    """a, b, ..., z, aa, ab, ...: never runs out."""
    yield from string.ascii_lowercase
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second


def letter_labels(app: Sphinx) -> None:
    if app.config.bibtex_reference_style == STYLE:
        add_letters(bib.entries(app.env))


def setup(app: Sphinx) -> None:
    sphinxcontrib.bibtex.plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", STYLE,
                                                DistinctAuthorYearReferenceStyle)
    app.connect("builder-inited", letter_labels, priority=550)  # once sphinxcontrib-bibtex has read the .bib files
