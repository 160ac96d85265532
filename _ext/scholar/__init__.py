"""Scholarly catalog extension: talks, papers, events, people and themes as Sphinx pages.

The build, event by event:

``builder-inited``
    read ``people.yaml`` and ``themes.yaml``; write the generated person and theme pages.
``env-get-outdated``
    re-read the pages whose ``refs.bib`` record changed (papers, reading-path steps).
directives (reading)
    record each entry's own facts in the ``scholar`` domain; leave placeholders.
``doctree-read``
    number the reading-path steps; note which placeholders and references each page holds.
``env-updated``
    derive the catalog (all backlinks) once; return the pages whose shown data changed.
``env-check-consistency``
    warn about unknown events, themes, people, papers and duplicate ids.
``doctree-resolved``
    fill the placeholders from the catalog.
``html-page-context``
    Highwire tags and JSON-LD in entry pages' heads.
``build-finished``
    write ``catalog.json``, the BibTeX downloads, calendars and feeds (``calendars.py``,
    ``feeds.py``); complete the sitemap (``sitemap.py``).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util import logging

from . import bib, calendars, catalog_json, cite, feeds, metadata, pages, registry, sitemap, speedups, views
from .catalog import build as build_catalog
from .directives import ENTRY_DIRECTIVES, number_steps
from .domain import ROLE_KINDS, EntryRole, ScholarDomain
from .placeholders import placeholder
from .render import Renderer

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


def _domain(env) -> ScholarDomain:
    return env.get_domain("scholar")


def load_registry(app) -> None:
    confdir = Path(app.confdir)
    people = app.config.scholar_people
    people_files = [people] if isinstance(people, str) else list(people)
    loaded = registry.load([confdir / name for name in people_files], confdir / app.config.scholar_themes)
    # Everyone an entry names gets a page, listed in people.yaml or not.
    loaded.add_unlisted(bib.author_names(bib.entries(app.env)) + registry.scan_speakers(Path(app.srcdir) / "talks"))
    _domain(app.env).registry = loaded
    if app.config.scholar_generate_pages:
        pages.write_pages(loaded, Path(app.srcdir))


def outdated_by_bibliography(app, env, added, changed, removed) -> list[str]:
    """Pages that read refs.bib when they were parsed, and whose record has changed since.

    A paper page shows its record; a reading-path step cites its paper only when the key
    was in refs.bib, so a key that appears or disappears means a re-read.
    """
    current = bib.entries(env)
    defs = _domain(env).data["defs"]
    stale = []
    for key, by_doc in defs.get("paper", {}).items():
        digest = bib.fingerprint(current.get(key))
        stale.extend(docname for docname, record in by_doc.items() if record["bibhash"] != digest)
    for by_doc in defs.get("step", {}).values():
        stale.extend(docname for docname, record in by_doc.items()
                     if record["target_kind"] == "paper" and record["cited"] != (record["target"] in current))
    return sorted(set(stale))


def number_reading_paths(app, doctree: nodes.document) -> None:
    number_steps(doctree)


def remove_deleted_pages(app, env, added, changed, removed) -> list[str]:
    """Delete the output of removed documents, which Sphinx leaves behind.

    Without this, a deleted talk stays online at its old address after an incremental
    build, and the site differs from a clean build.
    """
    if app.builder.format == "html":
        outdir = Path(app.outdir)
        for docname in removed:
            stale = [outdir / app.builder.get_target_uri(docname), outdir / f"{docname}.bib"]
            stale += (outdir / "_sources").glob(f"{docname}.*.txt")
            for path in stale:
                if path.is_file():
                    path.unlink()
    return []


def drop_emptied_search_terms(app) -> list:
    """Forget search terms whose last page was removed, as a clean build would.

    Sphinx prunes removed pages from the search index loaded from the previous build but
    keeps their words with empty page lists, so the index would differ from a clean build.
    """
    indexer = getattr(app.builder, "indexer", None)
    for mapping in (getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []


def keep_index_entries_of_unwritten_pages(app) -> list:
    """Carry over the index entries (glossary terms...) of the pages an update did not write.

    Sphinx 9.0 reloads the previous search index for the pages it does not write, but not
    their index entries, so after an incremental build a glossary term is no longer found
    by search until the glossary page is written again. Runs before the index is dumped,
    while the previous one is still on disk.
    """
    indexer = getattr(app.builder, "indexer", None)
    path = Path(app.outdir) / getattr(app.builder, "searchindex_filename", "searchindex.js")
    if indexer is None or not path.is_file():
        return []
    unwritten = set(indexer._titles) - set(indexer._index_entries)
    if not unwritten:
        return []
    with path.open(encoding="utf-8") as stream:
        frozen = app.builder.indexer_format.load(stream)
    docnames = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {docname: [] for docname in unwritten}
    for entry, places in frozen.get("indexentries", {}).items():
        for number, target, main in places:
            if docnames[number] in restored:
                restored[docnames[number]].append((entry, target, "main" if main else ""))
    indexer._index_entries.update({docname: sorted(entries) for docname, entries in restored.items()})
    return []


def note_page_contents(app, doctree: nodes.document) -> None:
    placeholders = [(node["view"], node["key"]) for node in doctree.findall(placeholder)]
    xrefs = sorted({
        (node["reftype"], node["reftarget"])
        for node in doctree.findall(pending_xref) if node.get("refdomain") == "scholar"
    })
    _domain(app.env).note_page_contents(app.env.docname, placeholders, xrefs)


def derive_catalog(app, env) -> list[str]:
    """Build the catalog; return the pages whose data from other entries has changed."""
    domain = _domain(env)
    domain.catalog = build_catalog(domain.data["defs"], domain.registry,
                                   app.builder.get_target_uri, app.config.html_baseurl, cited_keys(env))
    changed = []
    for docname in sorted(set(domain.data["placeholders"]) | set(domain.data["xrefs"])):
        shown = [views.view(domain.catalog, name, key) for name, key in domain.data["placeholders"].get(docname, [])]
        shown += [domain.catalog.target(kind, target) for kind, target in domain.data["xrefs"].get(docname, [])]
        digest = views.digest(shown)
        if domain.data["digests"].get(docname) != digest:
            domain.data["digests"][docname] = digest
            changed.append(docname)
    return changed


def cited_keys(env) -> dict[str, list[str]]:
    """The BibTeX keys each page cites through sphinxcontrib-bibtex, in citation order."""
    cited: dict[str, list[str]] = {}
    for ref in sorted(env.get_domain("cite").citation_refs, key=lambda ref: (ref.docname, ref.line)):
        keys = cited.setdefault(ref.docname, [])
        keys.extend(target.key for target in ref.targets if target.key not in keys)
    return cited


def report_problems(app, env) -> None:
    for problem in _domain(env).catalog.problems:
        location = (problem.docname, problem.lineno) if problem.lineno else problem.docname
        logger.warning(problem.message, location=location, type="scholar", subtype=problem.subtype)


# Computed lists repeat other pages' titles; left out of the search index, a search for a
# title or a name finds the pages about it rather than every page that lists it.
NOT_SEARCHED = {"talk-papers", "paper-talks", "schedule", "person", "theme", "related", "cite",
                "people-index", "paper-index", "event-index", "theme-index", "downloads", "step"}


def fill_placeholders(app, doctree: nodes.document, docname: str) -> None:
    catalog = _domain(app.env).catalog
    renderer = Renderer(app.builder, docname)
    for node in list(doctree.findall(placeholder)):
        rendered = renderer.render(node["view"], views.view(catalog, node["view"], node["key"])) or []
        if node["view"] in NOT_SEARCHED:
            for element in rendered:
                if isinstance(element, nodes.Element):
                    element["classes"].append("no-search")
        node.replace_self(rendered)


def add_page_metadata(app, pagename, templatename, context, doctree) -> None:
    """The site feed on every page; Highwire tags and JSON-LD on entry pages."""
    catalog = _domain(app.env).catalog
    if catalog is None:
        return
    head = metadata.feed_link(context["pathto"](feeds.feed_path(catalog, "all"), 1))
    if pagename in catalog.by_docname:
        head += metadata.page_head(catalog, *catalog.by_docname[pagename])
    context["metatags"] = context.get("metatags", "") + head


STATIC = Path(__file__).parent / "static"


def fix_aria_roles(app, pagename, templatename, context, doctree) -> None:
    """Correct two ARIA mistakes of the generated HTML that accessibility audits flag.

    Sphinx renders toctree captions as ``<p class="caption" role="heading">`` without
    the ``aria-level`` that role requires, so screen readers cannot place them.
    """
    tree = context.get("furo_navigation_tree")
    if tree:
        context["furo_navigation_tree"] = tree.replace('role="heading">', 'role="heading" aria-level="2">')
    # Bibliography entries: docutils marks them doc-biblioentry, a role deprecated by
    # DPUB-ARIA 1.1 that is not a list item of their role="list" container.
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')


def write_exports(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        catalog = _domain(app.env).catalog
        catalog_json.write(catalog, app.builder)
        cite.write_downloads(app, catalog)


def add_static_path(app) -> None:
    """Sphinx copies the stylesheet and script before writing pages, so links carry a checksum."""
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")
    speedups.memoize_pybtex_plugin_lookup()
    # The people registry: one file, or several read in order (later files add to earlier ones).
    app.add_config_value("scholar_people", "people.yaml", "env", types=[str, list])
    app.add_config_value("scholar_themes", "themes.yaml", "env", types=[str])
    app.add_config_value("scholar_generate_pages", True, "env", types=[bool])
    # The folder (under the source directory) of the raw listings named by :source: options.
    app.add_config_value("scholar_sources", "sources", "env", types=[str])
    app.add_domain(ScholarDomain)
    app.add_node(placeholder)
    app.add_css_file("scholar.css")
    app.add_js_file("scholar.js", defer="defer")
    for name, directive in ENTRY_DIRECTIVES.items():
        app.add_directive(name, directive)
    for kind in ROLE_KINDS:
        app.add_role(kind, EntryRole())
    app.connect("builder-inited", load_registry)
    app.connect("builder-inited", add_static_path)
    app.connect("env-get-outdated", outdated_by_bibliography)
    app.connect("env-get-outdated", remove_deleted_pages)
    app.connect("doctree-read", number_reading_paths)
    app.connect("doctree-read", note_page_contents)
    app.connect("env-updated", derive_catalog)
    app.connect("env-check-consistency", report_problems)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("html-collect-pages", drop_emptied_search_terms)
    app.connect("html-collect-pages", keep_index_entries_of_unwritten_pages)
    app.connect("env-before-read-docs", speedups.freeze_heap_before_forking)
    app.connect("env-before-read-docs", speedups.share_bibliography_data)
    app.connect("env-merge-info", speedups.note_merged_bibliography_data)
    app.connect("env-updated", speedups.stop_sharing, priority=100)
    app.connect("write-started", speedups.freeze_heap_before_forking)
    calendars.setup(app)
    feeds.setup(app)
    sitemap.setup(app)
    app.connect("html-page-context", add_page_metadata)
    app.connect("html-page-context", fix_aria_roles, priority=900)  # after the theme's
    app.connect("build-finished", write_exports)
    return {"version": __version__, "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
