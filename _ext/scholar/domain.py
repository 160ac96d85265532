"""The ``scholar`` domain: owner of all entry records, resolver of the entry roles."""

from __future__ import annotations

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .catalog import Catalog
from .registry import Registry

ROLE_KINDS = ("talk", "paper", "person", "event", "theme")


class EntryRole(XRefRole):
    """``{talk}`id```: a reference resolved by the scholar domain, usable without prefix."""

    def run(self):
        if ":" not in self.name:
            self.name = f"scholar:{self.name}"
        return super().run()


class ScholarDomain(Domain):
    """Entry records live in ``data["defs"][kind][id][docname]`` as plain dicts.

    Keeping every definition (not only the first) makes duplicates detectable in any read
    order and lets the surviving definition take over when the first one is deleted.
    """

    name = "scholar"
    label = "Scholarly catalog"
    data_version = 1
    object_types = {kind: ObjType(kind, kind) for kind in ROLE_KINDS}
    roles = {kind: EntryRole() for kind in ROLE_KINDS}
    initial_data = {
        "defs": {},          # kind -> id -> docname -> record
        "by_doc": {},        # docname -> [(kind, id)]
        "placeholders": {},  # docname -> [(view, key)]
        "xrefs": {},         # docname -> [(kind, target)]
        "digests": {},       # docname -> digest of what the page shows from other entries
    }
    dangling_warnings = {kind: f"unknown {kind} %(target)r" for kind in ROLE_KINDS}

    # Set on the instance for each build, never pickled with the environment:
    registry: Registry | None = None  # people.yaml and themes.yaml, read at builder-inited
    catalog: Catalog | None = None  # derived in env-updated

    # -- records -----------------------------------------------------------------------

    def add_definition(self, kind: str, entry_id: str, docname: str, lineno: int, facts: dict) -> None:
        self.data["defs"].setdefault(kind, {}).setdefault(entry_id, {})[docname] = {
            "docname": docname, "lineno": lineno, **facts,
        }
        self.data["by_doc"].setdefault(docname, []).append((kind, entry_id))

    def clear_doc(self, docname: str) -> None:
        for kind, entry_id in self.data["by_doc"].pop(docname, []):
            by_doc = self.data["defs"].get(kind, {}).get(entry_id, {})
            by_doc.pop(docname, None)
            if not by_doc:
                self.data["defs"].get(kind, {}).pop(entry_id, None)
        for name in ("placeholders", "xrefs", "digests"):
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for docname in docnames:
            for kind, entry_id in otherdata["by_doc"].get(docname, []):
                record = otherdata["defs"][kind][entry_id][docname]
                self.add_definition(kind, entry_id, docname, record["lineno"],
                                    {k: v for k, v in record.items() if k not in ("docname", "lineno")})
            for name in ("placeholders", "xrefs"):
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]

    def note_page_contents(self, docname: str, placeholders: list, xrefs: list) -> None:
        """Remember what a page shows from other entries, to know when to rewrite it."""
        self.data["placeholders"][docname] = placeholders
        self.data["xrefs"][docname] = xrefs

    # -- references --------------------------------------------------------------------

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self.catalog.target(typ, target) if self.catalog else None
        if found is None:
            return None
        docname, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=["xref", "scholar", typ])
        return make_refnode(builder, fromdocname, docname, "", contnode, title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        results = []
        for kind in ROLE_KINDS:
            refnode = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if refnode is not None:
                results.append((f"scholar:{kind}", refnode))
        return results

    def get_objects(self):
        if self.catalog is None:
            return
        for talk in self.catalog.talks.values():
            yield talk["id"], talk["page_title"], "talk", talk["docname"], "", 1
        for paper in self.catalog.papers.values():
            yield paper["id"], paper["page_title"], "paper", paper["docname"], "", 1
        for event in self.catalog.events.values():
            yield event["id"], event["title"], "event", event["docname"], "", 1
        for (kind, target), docname in sorted(self.catalog.pages.items()):
            title = (self.catalog.registry.people if kind == "person" else self.catalog.registry.themes)[target]
            yield target, getattr(title, "name", None) or title.title, kind, docname, "", 1
