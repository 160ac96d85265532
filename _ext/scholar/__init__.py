"""Scholarly catalog extension: talks, papers, events, people and themes as Sphinx pages.

The build, event by event:

``builder-inited``
    read the registries (``registry.py``); write the generated person and theme pages
    (``pages.py``).
``env-get-outdated``
    re-read the pages whose ``refs.bib`` record changed (papers, reading-path steps);
    delete the output of removed pages.
directives (reading)
    record each entry's own facts in the ``scholar`` domain as typed records
    (``records.py``, ``directives.py``, ``paths.py``); leave placeholders.
``doctree-read``
    number the reading-path steps; note which placeholders and references each page holds.
``env-updated``
    derive the catalog once (``catalog.py``); return the pages whose shown data changed
    (``content.py``).
``env-check-consistency``
    warn about unknown events, themes, people, papers and duplicate ids.
``doctree-resolved``
    fill the placeholders with the rendered views (``content.py``, ``render/``).
``html-page-context``
    Highwire tags and JSON-LD in entry pages' heads (``metadata.py``).
``build-finished``
    write ``catalog.json``, the BibTeX downloads, calendars and feeds; complete the
    sitemap; undo every patch of third-party internals (``compat.py``).

Where to add things: a field to talks in ``records.py`` and ``TalkDirective.fields``; a
view in ``views.py`` with its renderer in ``render/`` and one line in ``content.VIEWS``;
an export as a ``build-finished`` handler beside ``calendars.py``; a source format in
``tools/importer/formats/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

from . import (
    bib,
    calendars,
    catalog_json,
    cite,
    compat,
    content,
    csl,
    definitions,
    feeds,
    labels,
    mathjax,
    memo,
    metadata,
    pages,
    preload,
    registry,
    safety,
    sitemap,
    warned,
)
from .catalog import build as build_catalog
from .coverage import CoverageDirective
from .directives import (
    EventDirective,
    PaperDirective,
    PersonDirective,
    SlotDirective,
    TalkDirective,
    ThemeDirective,
    check_entry_end,
    list_directive,
)
from .domain import ROLE_KINDS, EntryRole, ScholarDomain
from .paths import StepDirective, number_steps
from .placeholders import placeholder
from .records import Paper, Step
from .render import Renderer

__version__ = "0.2.0"

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
SEARCH_SCORER = Path(__file__).parent / "search-scorer.js"

DIRECTIVES: dict[str, type] = {
    "event": EventDirective,
    "slot": SlotDirective,
    "talk": TalkDirective,
    "paper": PaperDirective,
    "step": StepDirective,
    "person": PersonDirective,
    "theme": ThemeDirective,
    "coverage": CoverageDirective,
    **{view: list_directive(view) for view in
       ("people-index", "paper-index", "event-index", "theme-index", "curriculum", "downloads", "agenda")},
}


def _domain(env: BuildEnvironment) -> ScholarDomain:
    return env.get_domain("scholar")  # type: ignore[return-value]


def load_registry(app: Sphinx) -> None:
    confdir = Path(app.confdir)
    people = app.config.scholar_people
    people_files = [people] if isinstance(people, str) else list(people)
    loaded = registry.load([confdir / name for name in people_files], confdir / app.config.scholar_themes)
    # Everyone an entry names gets a page, listed in people.yaml or not.
    loaded.add_unlisted(bib.author_names(bib.entries(app.env)) + registry.scan_speakers(Path(app.srcdir) / "talks"))
    _domain(app.env).registry = loaded
    if app.config.scholar_generate_pages:
        pages.write_pages(loaded, Path(app.srcdir))


def outdated_by_bibliography(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                             removed: set[str]) -> list[str]:
    """Pages that read refs.bib when they were parsed, and whose record has changed since.

    A paper page shows its record; a reading-path step cites its paper only when the key
    was in refs.bib, so a key that appears or disappears means a re-read.
    """
    current = bib.entries(env)
    domain = _domain(env)
    stale = set()
    for key, by_doc in domain.records("paper").items():
        digest = bib.fingerprint(current.get(key))
        stale |= {docname for docname, paper in by_doc.items() if isinstance(paper, Paper) and paper.bibhash != digest}
    for by_doc in domain.records("step").values():
        stale |= {docname for docname, step in by_doc.items()
                  if isinstance(step, Step) and step.target_kind == "paper" and step.cited != (step.target in current)}
    return sorted(stale)


def remove_deleted_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                         removed: set[str]) -> list[str]:
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


def note_page_contents(app: Sphinx, doctree: nodes.document) -> None:
    if doctree.next_node(nodes.title) is None:
        logger.warning("the page has no title (an empty file?); it would be published as '<no title>'",
                       location=(app.env.docname, 1), type="scholar", subtype="missing")
    number_steps(doctree)
    placeholders = [(node["view"], node["key"]) for node in doctree.findall(placeholder)]
    xrefs = sorted({
        (node["reftype"], node["reftarget"])
        for node in doctree.findall(pending_xref) if node.get("refdomain") == "scholar"
    })
    _domain(app.env).note_page_contents(app.env.docname, placeholders, xrefs)


def derive_catalog(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the catalog; return the pages whose data from other entries has changed."""
    domain = _domain(env)
    assert domain.registry is not None  # read at builder-inited
    domain.catalog = build_catalog(domain.data["defs"], domain.registry, app.builder.get_target_uri,
                                   app.config.html_baseurl, cited_keys(env))
    shown = {
        docname: [*domain.data["placeholders"].get(docname, []),
                  *((content.XREF, f"{kind}:{target}") for kind, target in domain.data["xrefs"].get(docname, []))]
        for docname in set(domain.data["placeholders"]) | set(domain.data["xrefs"])
    }
    changed = _changed_pages(domain, shown)
    # Every page's sidebar shows the site's navigation: when it changes, every page is
    # written again (Sphinx itself would rewrite only the page whose toctree changed).
    navigation = navigation_digest(app)
    if navigation != domain.data.get("navigation"):
        domain.data["navigation"] = navigation
        return sorted(env.found_docs)
    return changed


def _changed_pages(domain: ScholarDomain, shown: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The pages whose views show something new; none when the catalog is the previous one.

    Equal catalog inputs and equal page contents make equal views, so digesting every view
    again (0.2 s at 1,000 entries) is skipped; a page read again in this build has lost its
    digests and is written anyway.
    """
    assert domain.catalog is not None
    key = content.digest([domain.catalog.inputs, sorted(shown.items())])
    digests = domain.data["digests"]
    if key == domain.data.get("views_key") and all(docname in digests for docname in shown):
        return []
    changed, domain.data["state"] = content.changed_pages(domain.catalog, shown, digests, domain.data["state"])
    domain.data["views_key"] = key
    return changed


def navigation_digest(app: Sphinx) -> str:
    """A digest of the site's navigation: the global toctree as every page's sidebar shows it."""
    # env.master_doctree is a cached property, and the environment is pickled right after
    # this event: a root doctree cached now would be the stale one of every later build.
    app.env.__dict__.pop("master_doctree", None)
    tree = global_toctree_for_doc(app.env, app.config.root_doc, app.builder, tags=app.builder.tags,
                                  collapse=False, includehidden=True, titles_only=True, maxdepth=-1)
    app.env.__dict__.pop("master_doctree", None)
    return content.digest(tree.pformat() if tree is not None else "")


def cited_keys(env: BuildEnvironment) -> dict[str, list[str]]:
    """The BibTeX keys each page cites through sphinxcontrib-bibtex, in citation order."""
    cited: dict[str, list[str]] = {}
    refs = env.get_domain("cite").citation_refs  # type: ignore[attr-defined]
    for ref in sorted(refs, key=lambda ref: (ref.docname, ref.line)):
        keys = cited.setdefault(ref.docname, [])
        keys.extend(target.key for target in ref.targets if target.key not in keys)
    return cited


def report_problems(app: Sphinx, env: BuildEnvironment) -> None:
    catalog = _domain(env).catalog
    for problem in catalog.problems if catalog else []:
        location = (problem.docname, problem.lineno) if problem.lineno else problem.docname
        logger.warning(problem.message, location=location, type="scholar", subtype=problem.subtype)


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    catalog = _domain(app.env).catalog
    if catalog is not None:
        content.fill(catalog, Renderer(app.builder, docname), doctree)


def add_page_metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """The site feed on every page; citation tags, description and JSON-LD on entry pages.

    Runs before sphinxext-opengraph (priority 400): a talk or paper page writes its own
    OpenGraph tags, from its abstract, and tells that extension to add none.
    """
    catalog = _domain(app.env).catalog
    if catalog is None:
        return
    head = metadata.feed_link(context["pathto"](feeds.feed_path(catalog, "all"), 1))
    presented = catalog.presented_by(pagename)
    if presented:
        head += metadata.page_head(catalog, pagename, *presented)
        if presented[0] in ("talk", "paper"):
            context["meta"] = {**(context.get("meta") or {}), "ogp_disable": True}  # a copy: meta is the env's
    context["metatags"] = context.get("metatags", "") + head


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    catalog = _domain(app.env).catalog
    if exception is None and app.builder.format == "html" and catalog is not None:
        catalog_json.write(app, catalog)
        cite.write_downloads(app, catalog)
        csl.write_downloads(app, catalog)


def remove_build_leftovers(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx keeps the old build information as ``.buildinfo.bak`` in the output folder when
    the configuration changed; it is internal to the build and must not be published."""
    if app.builder.format == "html":
        (Path(app.outdir) / ".buildinfo.bak").unlink(missing_ok=True)


def add_static_path(app: Sphinx) -> None:
    """Sphinx copies the stylesheet and script before writing pages, so links carry a checksum."""
    app.config.html_static_path.append(str(STATIC))
    # The site's search ranking (guides first), unless the project brings its own scorer.
    if not app.config.html_search_scorer:
        app.config.html_search_scorer = str(SEARCH_SCORER)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    safety.setup(app, directives=list(DIRECTIVES), roles=list(ROLE_KINDS))
    compat.setup(app)
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
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    for kind in ROLE_KINDS:
        app.add_role(kind, EntryRole())
    app.connect("builder-inited", load_registry, priority=600)  # once the .bib files are checked
    app.connect("builder-inited", add_static_path)
    app.connect("env-get-outdated", outdated_by_bibliography)
    app.connect("env-get-outdated", remove_deleted_pages)
    app.connect("doctree-read", note_page_contents)
    app.connect("doctree-read", check_entry_end)
    app.connect("env-updated", derive_catalog)
    app.connect("env-check-consistency", report_problems)
    app.connect("doctree-resolved", fill_placeholders)
    warned.setup(app)
    definitions.setup(app)
    labels.setup(app)
    preload.setup(app)
    calendars.setup(app)
    mathjax.setup(app)
    feeds.setup(app)
    sitemap.setup(app)
    app.connect("html-page-context", add_page_metadata, priority=400)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", remove_build_leftovers)
    # Sphinx does not notice that an extension's code changed; an env_version made from the
    # code makes it read and write every page again after any change to the package.
    return {"version": __version__, "env_version": memo.code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
