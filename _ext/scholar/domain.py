"""The ``scholar`` domain: owner of all entry records, resolver of the entry roles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .catalog import Catalog
from .records import Record
from .registry import Registry

ROLE_KINDS = ("talk", "paper", "person", "event", "theme")


class EntryRole(XRefRole):
    """``{talk}`id```: a reference resolved by the scholar domain, usable without prefix."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"scholar:{self.name}"
        return super().run()


class ScholarDomain(Domain):
    """Entry records live in ``data["defs"][kind][id][docname]`` (records.py).

    Keeping every definition (not only the first) makes duplicates detectable in any read
    order and lets the surviving definition take over when the first one is deleted.
    """

    name = "scholar"
    label = "Scholarly catalog"
    data_version = 2
    object_types = {kind: ObjType(kind, kind) for kind in ROLE_KINDS}
    roles = {kind: EntryRole() for kind in ROLE_KINDS}
    initial_data = {
        "defs": {},          # kind -> id -> docname -> record
        "by_doc": {},        # docname -> [(kind, id)]
        "placeholders": {},  # docname -> [(view, key)]
        "xrefs": {},         # docname -> [(kind, target)]
        "digests": {},       # docname -> digest of what the page shows from other entries
        "state": None,       # content.BuildState of the previous build (None before the first)
        "navigation": None,  # digest of the global toctree every page's sidebar shows
        "views_key": None,   # digest of the catalog's inputs and every page's views, when last digested
    }
    dangling_warnings = {kind: f"unknown {kind} %(target)r" for kind in ROLE_KINDS}

    # Set on the instance for each build, never pickled with the environment:
    registry: Registry | None = None  # people.yaml and themes.yaml, read at builder-inited
    catalog: Catalog | None = None  # derived in env-updated

    # -- records -----------------------------------------------------------------------

    def add_record(self, kind: str, record: Record) -> None:
        self.data["defs"].setdefault(kind, {}).setdefault(record.id, {})[record.docname] = record
        self.data["by_doc"].setdefault(record.docname, []).append((kind, record.id))

    def entry_on(self, docname: str) -> tuple[str, int] | None:
        """(kind, line) of the event, talk or paper a page already holds, if any."""
        for kind, entry_id in self.data["by_doc"].get(docname, []):
            if kind in ("event", "talk", "paper"):
                return kind, self.data["defs"][kind][entry_id][docname].lineno
        return None

    def records(self, kind: str) -> dict[str, dict[str, Record]]:
        """id -> docname -> record, for one kind."""
        return self.data["defs"].get(kind, {})

    def clear_doc(self, docname: str) -> None:
        for kind, entry_id in self.data["by_doc"].pop(docname, []):
            by_doc = self.data["defs"].get(kind, {}).get(entry_id, {})
            by_doc.pop(docname, None)
            if not by_doc:
                self.data["defs"].get(kind, {}).pop(entry_id, None)
        for name in ("placeholders", "xrefs", "digests"):
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for kind, entry_id in otherdata["by_doc"].get(docname, []):
                self.add_record(kind, otherdata["defs"][kind][entry_id][docname])
            for name in ("placeholders", "xrefs"):
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]

    def note_page_contents(self, docname: str, placeholders: list[tuple[str, str]],
                           xrefs: list[tuple[str, str]]) -> None:
        """Remember what a page shows from other entries, to know when to rewrite it."""
        self.data["placeholders"][docname] = placeholders
        self.data["xrefs"][docname] = xrefs

    # -- references --------------------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
                     node: pending_xref, contnode: nodes.Element) -> nodes.reference | None:
        found = self.catalog.target(typ, target) if self.catalog else None
        if found is None:
            return None
        docname, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=["xref", "scholar", typ])
        return make_refnode(builder, fromdocname, docname, "", contnode, title)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
                         node: pending_xref, contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        results = []
        for kind in ROLE_KINDS:
            refnode = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if refnode is not None:
                results.append((f"scholar:{kind}", refnode))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every entry, for objects.inv (intersphinx), at the top of its page (no anchor).

        Priority -1 keeps them out of the search index: each is its page, and the page's
        title is already searched; as objects they came twice, with an anchor that is no id.
        """
        if self.catalog is not None:
            for kind, entry_id, title, docname in self.catalog.objects():
                yield entry_id, title, kind, docname, "", -1
