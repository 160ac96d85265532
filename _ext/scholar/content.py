"""The views a page can show, declared once, and the two things done with them.

A view is declared here with how it is computed (views.py), how it renders (render/),
and whether its words go into the search index. What it depends on is not declared by
hand: it is whatever it reads through the catalog's accessors, recorded as it runs.

:func:`changed_pages` (``env-updated``) decides which pages must be written again: a view
is computed again only when something it read last time has changed, and a page is
rewritten when the digest of what it shows changes. :func:`fill` (``doctree-resolved``)
replaces a page's placeholders by the rendered views.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes

from . import views
from .catalog import Catalog, Dependency
from .placeholders import placeholder
from .render import Renderer, curriculum, entries, events, lists


@dataclass(frozen=True)
class View:
    name: str  # what a placeholder names in its "view" attribute
    compute: Callable[[Catalog, str], Any]  # the data shown; None when the key names nothing
    render: Callable[[Renderer, Any], list[nodes.Node]]  # the data as nodes
    # False for lists that repeat other pages' titles: left out of the search index, a
    # search for a title finds the page about it rather than every page that lists it.
    searched: bool = True


VIEWS: dict[str, View] = {view.name: view for view in [
    View("talk-header", views.talk_header, entries.talk_header),
    View("talk-papers", views.talk_papers, entries.talk_papers, searched=False),
    View("paper-header", views.paper_header, entries.paper_header),
    View("paper-talks", views.paper_talks, entries.paper_talks, searched=False),
    View("cite", views.citation, entries.citation, searched=False),
    View("related", views.related, entries.related, searched=False),
    View("step", views.step, entries.step, searched=False),
    View("event-header", views.event_header, events.event_header),
    View("schedule", views.schedule, events.schedule, searched=False),
    View("event-index", views.event_index, events.event_index, searched=False),
    View("agenda", views.agenda, events.agenda),
    View("person", views.person, lists.person, searched=False),
    View("theme", views.theme, lists.theme, searched=False),
    View("people-index", views.people_index, lists.people_index, searched=False),
    View("paper-index", views.paper_index, lists.paper_index, searched=False),
    View("theme-index", views.theme_index, lists.theme_index, searched=False),
    View("curriculum", views.theme_index, curriculum.curriculum, searched=False),
    View("downloads", views.downloads, lists.downloads, searched=False),
]}

#: A cross-reference is digested like a view: the page shows the target's title.
XREF = "xref"


def fill(catalog: Catalog, renderer: Renderer, doctree: nodes.document) -> None:
    """Replace every placeholder of a page by its rendered view."""
    for node in list(doctree.findall(placeholder)):
        view = VIEWS[node["view"]]
        data = view.compute(catalog, node["key"])
        rendered = view.render(renderer, data) if data is not None else []
        if not view.searched:
            for element in rendered:
                if isinstance(element, nodes.Element):
                    element["classes"].append("no-search")
        node.replace_self(rendered)
    _withdraw_a_lone_coins(doctree)


def _withdraw_a_lone_coins(doctree: nodes.document) -> None:
    """Zotero saves the one item of a page offering one COinS span at once, as if the page
    were that work (a person's page saved as their only paper); from two on it offers a
    choice. A lone span is withdrawn: the work is saved from its own page, one link away."""
    spans = [node for node in doctree.findall(nodes.raw) if COINS_MARK in node.astext()]
    if sum(node.astext().count(COINS_MARK) for node in spans) == 1:
        spans[0].parent.remove(spans[0])


COINS_MARK = 'class="Z3988"'


# -- which pages to write again ---------------------------------------------------------------

ViewKey = tuple[str, str]  # (view name, key)


@dataclass
class BuildState:
    """What the previous build computed, kept in the environment between builds."""

    fingerprints: dict[Dependency, str] = field(default_factory=dict)  # each dependency's value, digested
    reads: dict[ViewKey, frozenset[Dependency]] = field(default_factory=dict)  # what each view read
    digests: dict[ViewKey, str] = field(default_factory=dict)  # each view's data, digested


def changed_pages(catalog: Catalog, pages: dict[str, list[ViewKey]], shown: dict[str, str],
                  previous: BuildState | None) -> tuple[list[str], BuildState]:
    """The pages whose shown data changed, and the state to keep for the next build.

    ``pages`` maps each page to the views it shows; ``shown`` holds each page's digest
    from the previous build and is updated in place.
    """
    previous = previous or BuildState()
    state = BuildState()
    current: dict[Dependency, str] = {}

    def fingerprint(dependency: Dependency) -> str:
        if dependency not in current:
            current[dependency] = catalog.fingerprint(dependency)
        return current[dependency]

    def view_digest(view_key: ViewKey) -> str:
        if view_key not in state.digests:
            reads = previous.reads.get(view_key)
            if reads is not None and all(previous.fingerprints.get(d) == fingerprint(d) for d in reads):
                state.digests[view_key], state.reads[view_key] = previous.digests[view_key], reads
            else:
                state.digests[view_key], state.reads[view_key] = _computed(catalog, view_key)
                for dependency in state.reads[view_key]:
                    fingerprint(dependency)
        return state.digests[view_key]

    changed = []
    for docname in sorted(pages):
        page_digest = digest([view_digest(view_key) for view_key in pages[docname]])
        if shown.get(docname) != page_digest:
            shown[docname] = page_digest
            changed.append(docname)
    # One object per dependency, shared by every view that read it: the environment is
    # pickled, and pickle writes a shared object once (a third of the state's size).
    canonical: dict[Dependency, Dependency] = {}
    state.reads = {view_key: frozenset(canonical.setdefault(d, d) for d in reads)
                   for view_key, reads in state.reads.items()}
    state.fingerprints = {dependency: current[dependency] for dependency in canonical}
    return changed, state


def _computed(catalog: Catalog, view_key: ViewKey) -> tuple[str, frozenset[Dependency]]:
    name, key = view_key
    with catalog.recording() as reads:
        if name == XREF:
            kind, _, target = key.partition(":")
            data: Any = catalog.target(kind, target)
        else:
            data = VIEWS[name].compute(catalog, key)
    return digest(data), frozenset(reads)


def digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
