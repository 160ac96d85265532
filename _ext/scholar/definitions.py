"""Glossary definitions where a term is used: a guide's link to a term carries its definition.

Hovering a term's link shows the definition (the link's ``title``, the browser's own
tooltip); giving the link the keyboard's focus shows it too (scholar.css). Nothing loads
from the network and no script runs: the text is written into the page at build time.

The definitions are collected from every ``glossary`` directive as the pages are read (an
environment collector, so parallel reading merges them); a page that links a term is written
again whenever a definition changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set as AbstractSet
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from .mathtext import math_to_text

MAX_LENGTH = 320  # characters of a tooltip; a longer definition is cut at a word
READ_MORE = "Read more:"  # the glossary's pointer to readings, not part of the definition


def definition_text(definition: nodes.Element) -> str:
    """The first paragraph of a definition as plain text, math as Unicode."""
    paragraph = next(definition.findall(nodes.paragraph), None)
    if paragraph is None:
        return ""
    text = " ".join(_plain(paragraph).split()).split(READ_MORE, 1)[0].strip()
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text


def _plain(node: nodes.Node) -> str:
    """A node's text, its math as Unicode."""
    if isinstance(node, nodes.math):
        return math_to_text(f"${node.astext()}$")
    if isinstance(node, nodes.Text):
        return node.astext()
    return "".join(_plain(child) for child in node.children)


class DefinitionCollector(EnvironmentCollector):
    """``env.scholar_definitions``: docname -> {term anchor: definition};
    ``env.scholar_term_pages``: the pages that link a term."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _definitions(env).pop(docname, None)
        _term_pages(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str],
                    other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in _definitions(other):
                _definitions(env)[docname] = _definitions(other)[docname]
            if docname in _term_pages(other):
                _term_pages(env).add(docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        found = {}
        for glossary in doctree.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                definition = next(iter(item.findall(nodes.definition)), None)
                text = definition_text(definition) if definition is not None else ""
                for term in item.findall(nodes.term):
                    for anchor in term["ids"]:
                        found[anchor] = text
        if found:
            _definitions(app.env)[docname] = found
        if any(node.get("reftype") == "term" for node in doctree.findall(addnodes.pending_xref)):
            _term_pages(app.env).add(docname)


def _definitions(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    if not hasattr(env, "scholar_definitions"):
        env.scholar_definitions = {}  # type: ignore[attr-defined]
    return env.scholar_definitions  # type: ignore[attr-defined]


def _term_pages(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "scholar_term_pages"):
        env.scholar_term_pages = set()  # type: ignore[attr-defined]
    return env.scholar_term_pages  # type: ignore[attr-defined]


def pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """When a definition changed: every page that links a term shows the new one."""
    digest = hashlib.sha256(repr(sorted(
        (docname, sorted(found.items())) for docname, found in _definitions(env).items())).encode()).hexdigest()
    if digest == getattr(env, "scholar_definitions_digest", None):
        return []
    env.scholar_definitions_digest = digest  # type: ignore[attr-defined]
    return sorted(_term_pages(env) & env.found_docs)


def add_definitions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each resolved term link its definition as a title."""
    by_anchor: dict[str, str] = {}
    for found in _definitions(app.env).values():
        by_anchor.update(found)
    for reference in doctree.findall(nodes.reference):
        if not _is_term_link(reference):
            continue
        anchor = reference.get("refuri", "").rpartition("#")[2] or reference.get("refid", "")
        if by_anchor.get(anchor):
            reference["reftitle"] = by_anchor[anchor]
            reference["classes"].append("scholar-term")


def _is_term_link(reference: nodes.Element) -> bool:
    return any("std-term" in child.get("classes", ()) for child in reference.children
               if isinstance(child, nodes.Element))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_env_collector(DefinitionCollector)
    app.connect("env-updated", pages_to_write)
    app.connect("doctree-resolved", add_definitions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
