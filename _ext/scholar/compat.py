"""Every change this extension makes to the internals of Sphinx, furo, pybtex and
sphinxcontrib-bibtex, in one place.

Each patch names the upstream version it was written against, reaches the internal it
needs through one guarded accessor, counts the times it takes effect (the tests assert
on these counts, so a version bump that silently disables a patch fails them), and is
undone when the build ends. If an internal is gone, the patch logs a warning once and
the build goes on without it: slower, or with the upstream behaviour, never broken.
"""

from __future__ import annotations

import ast
import copyreg
import functools
import gc
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pybtex.errors
import pybtex.plugin
from pybtex.database import Person
from pybtex.richtext import Tag
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData
from sphinxcontrib.bibtex.directives import BibliographyValue
from sphinxcontrib.bibtex.domain import BibtexDomain

from . import bibfiles

logger = logging.getLogger(__name__)

#: How many times each patch took effect in this process (read by the tests).
effects: Counter[str] = Counter()

PYBTEX = "pybtex 0.26.1"
BIBTEX = "sphinxcontrib-bibtex 2.7.0"
SPHINX = "Sphinx 9.0.4"
FURO = "furo 2025.12.19"


def _missing(what: str, version: str) -> None:
    logger.warning("compat: %s is not there any more (written for %s); going on without this patch",
                   what, version, type="scholar", subtype="compat", once=True)


# -- pybtex: plugin lookups memoized (PYBTEX) --------------------------------------------------
#
# pybtex finds its plugins (styles, backends, writers) by reading every installed package's
# entry points on each call, about 5 ms each time; sphinxcontrib-bibtex asks again for
# every citation it resolves. Plugins cannot change while Sphinx runs.

_original_lookup: Callable[..., Any] | None = None


def memoize_plugin_lookup(app: Sphinx | None = None) -> None:
    global _original_lookup
    lookup = getattr(pybtex.plugin, "_load_entry_point", None)
    if lookup is None:
        _missing("pybtex.plugin._load_entry_point", PYBTEX)
        return
    if _original_lookup is not None:
        return  # already memoized

    @functools.cache
    def cached(group: str, name: str, use_aliases: bool = False) -> Any:
        return lookup(group, name, use_aliases=use_aliases)

    def counted(group: str, name: str, use_aliases: bool = False) -> Any:
        if (group, name, use_aliases) in _seen:
            effects["pybtex plugin cache hit"] += 1
        _seen.add((group, name, use_aliases))
        return cached(group, name, use_aliases)

    _seen: set[tuple[str, str, bool]] = set()
    _original_lookup = lookup
    pybtex.plugin._load_entry_point = counted


def restore_plugin_lookup() -> None:
    global _original_lookup
    if _original_lookup is not None:
        pybtex.plugin._load_entry_point = _original_lookup
        _original_lookup = None


# -- sphinxcontrib-bibtex: bibliography data lent to reading workers (BIBTEX) ----------------
#
# In a parallel read each worker returns its whole environment, pickled, and the main
# process unpickles it only to merge the worker's own documents. Every {bibliography}
# keeps a citation node for every entry of refs.bib, so once the guides are read each
# later chunk carried them all back. Objects the main process already has when it forks
# a worker are pickled as a reference to the main process's own copy.

SHARED_TYPES = (BibData, BibliographyValue)
_shared: dict[int, object] = {}


def share_bibliography_data(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel > 1:
        _note_shared(env)
        for kind in SHARED_TYPES:
            copyreg.pickle(kind, _reduce_shared)


def note_merged_bibliography_data(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                                  other: BuildEnvironment) -> None:
    """After merging a chunk: its bibliographies are the main process's own from now on."""
    if copyreg.dispatch_table.get(BibliographyValue) is _reduce_shared:
        _note_shared(env)


def stop_sharing(*args: Any) -> None:
    """After reading (and at the end of any build): the environment is pickled whole."""
    for kind in SHARED_TYPES:
        if copyreg.dispatch_table.get(kind) is _reduce_shared:
            del copyreg.dispatch_table[kind]
    _shared.clear()


def _note_shared(env: BuildEnvironment) -> None:
    cite = env.domaindata.get("cite")  # sphinxcontrib-bibtex keeps no public accessor for these
    if not isinstance(cite, dict) or "bibliographies" not in cite:
        _missing("the cite domain's bibliographies", BIBTEX)
        return
    for value in [cite.get("bibdata"), *cite["bibliographies"].values()]:
        if isinstance(value, SHARED_TYPES):
            _shared[id(value)] = value


def _reduce_shared(value: Any) -> tuple[Any, tuple[Any, ...]]:
    if _shared.get(id(value)) is value:  # in a worker: the main process has this object
        return _shared_object, (id(value),)
    return type(value)._make, (tuple(value),)  # read by this worker: sent whole


def _shared_object(key: int) -> object:
    effects["bibliography data shared"] += 1  # counted where it matters: unpickled in the main process
    return _shared[key]


# -- sphinxcontrib-bibtex: formatted bibliographies reused (BIBTEX) ---------------------------
#
# Once every page is read, sphinxcontrib-bibtex formats every {bibliography} again: it
# matches each entry of refs.bib against every citation of the site, then runs pybtex's
# style on the cited ones. At 1,000 entries that is 2.4 s of every rebuild, the same
# result each time nothing it reads has changed. What it reads: the bibliography's own
# options, the parsed .bib files (which sphinxcontrib-bibtex itself re-reads only when
# their modification time changes), the keys cited on every page and the order of the
# pages. The result is kept in the cite domain's data (so in the pickled environment)
# with a digest of those inputs, and given back while the digest is the same.
# A bibliography with a formatting error is never kept, so its warning is given again.

CACHE = "scholar_formatted"  # the key of the kept results in the cite domain's data
_original_env_updated: Callable[..., Any] | None = None
_original_formatted_entries: Callable[..., Any] | None = None
_site_inputs: str | None = None  # digest of what every bibliography reads, during env_updated


def reuse_formatted_bibliographies(app: Sphinx | None = None) -> None:
    global _original_env_updated, _original_formatted_entries
    if _original_env_updated is not None:
        return
    if not all(hasattr(BibtexDomain, name) for name in ("env_updated", "get_formatted_entries")):
        _missing("BibtexDomain.env_updated and get_formatted_entries", BIBTEX)
        return
    _original_env_updated = BibtexDomain.env_updated
    _original_formatted_entries = BibtexDomain.get_formatted_entries
    BibtexDomain.env_updated = _env_updated  # type: ignore[method-assign,assignment]
    BibtexDomain.get_formatted_entries = _formatted_entries  # type: ignore[method-assign,assignment]


def restore_formatted_bibliographies() -> None:
    global _original_env_updated, _original_formatted_entries
    if _original_env_updated is not None and _original_formatted_entries is not None:
        BibtexDomain.env_updated = _original_env_updated  # type: ignore[method-assign]
        BibtexDomain.get_formatted_entries = _original_formatted_entries  # type: ignore[method-assign]
        _original_env_updated = _original_formatted_entries = None


def _env_updated(domain: Any) -> Any:
    global _site_inputs
    assert _original_env_updated is not None
    try:
        _site_inputs = _digest(
            [(str(path), bibfile.mtime, list(bibfile.keys)) for path, bibfile in domain.bibdata.bibfiles.items()],
            [(ref.docname, [target.key for target in ref.targets]) for ref in domain.citation_refs],
        )
        kept = domain.data.setdefault(CACHE, {})
        for gone in set(kept) - set(domain.bibliographies):
            del kept[gone]
        return _original_env_updated(domain)
    finally:
        _site_inputs = None


def _formatted_entries(domain: Any, bibliography_key: Any, docnames: list[str], tooltips: bool,
                       tooltips_style: str) -> list[tuple[Any, Any, Any]]:
    assert _original_formatted_entries is not None
    compute = functools.partial(_original_formatted_entries, domain, bibliography_key, docnames,
                                tooltips, tooltips_style)
    kept = domain.data.get(CACHE)
    if _site_inputs is None or kept is None:
        return list(compute())
    bibliography = domain.bibliographies[bibliography_key]
    options = [value for name, value in bibliography._asdict().items() if name not in ("citation_nodes", "filter_")]
    inputs = _digest(_site_inputs, docnames, tooltips, tooltips_style, bibliography_key, options,
                     ast.dump(bibliography.filter_))
    entries = domain.bibdata.data.entries
    previous = kept.get(bibliography_key)
    if previous is not None and previous[0] == inputs and all(key in entries for key, _, _ in previous[1]):
        effects["formatted bibliography reused"] += 1
        return [(entries[key], formatted, tooltip) for key, formatted, tooltip in previous[1]]
    result = list(compute())
    if any(isinstance(formatted.text, Tag) for _, formatted, _ in result):  # a FieldIsMissing entry
        kept.pop(bibliography_key, None)
    else:
        kept[bibliography_key] = (inputs, [(entry.key, formatted, tooltip) for entry, formatted, tooltip in result])
    return result


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


# -- the collector frozen before forking workers ------------------------------------------
#
# A forked worker shares the parent's memory until it writes to a page; the collector
# walking the parent's large heap writes to every page and so copies it, once per chunk.
# Garbage is freed first, since frozen objects are never collected. Not done in a serial
# build, where frozen doctrees would stay until the end (+70% peak memory at 3,000 entries).


def freeze_heap_before_reading(app: Sphinx, *args: Any) -> None:
    if app.parallel > 1:
        _freeze()
        effects["heap frozen before reading"] += 1


def freeze_heap_before_writing(app: Sphinx, *args: Any) -> None:
    if app.parallel > 1:
        _freeze()
        effects["heap frozen before writing"] += 1


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def unfreeze_heap(*args: Any) -> None:
    gc.unfreeze()


# -- Sphinx: the search index after an incremental build (SPHINX) -----------------------------


def _indexer(app: Sphinx) -> Any | None:
    indexer = getattr(app.builder, "indexer", None)
    needed = ("_mapping", "_title_mapping", "_titles", "_index_entries")
    if indexer is not None and not all(hasattr(indexer, name) for name in needed):
        _missing("the search IndexBuilder's _mapping, _title_mapping, _titles and _index_entries", SPHINX)
        return None
    return indexer


def drop_emptied_search_terms(app: Sphinx) -> list[Any]:
    """Forget search terms whose last page was removed, as a clean build would.

    Sphinx prunes removed pages from the search index it reloads but keeps their words
    with empty page lists, so the index would differ from a clean build.
    """
    indexer = _indexer(app)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, docnames in mapping.items() if not docnames]:
                del mapping[word]
                effects["emptied search term dropped"] += 1
    return []


def keep_index_entries_of_unwritten_pages(app: Sphinx) -> list[Any]:
    """Carry over the index entries (glossary terms...) of the pages an update did not write.

    Sphinx reloads the previous search index for the pages it does not write, but not
    their index entries, so after an incremental build a glossary term was no longer found
    by search until the glossary page was written again. Runs at html-collect-pages, before
    the new index is dumped, while the previous one is still on disk.
    """
    indexer = _indexer(app)
    path = Path(app.outdir) / getattr(app.builder, "searchindex_filename", "searchindex.js")
    if indexer is None:
        return []
    unwritten = set(indexer._titles) - set(indexer._index_entries)
    if unwritten and path.is_file():
        _restore_index_entries(app, indexer, path, unwritten)
    # A term several pages index (a glossary term that is also a guide's search term) lists
    # them in the order of this mapping: the pages' order, as a clean build writes them, not
    # the order in which builds happened to write them.
    ordered = sorted(indexer._index_entries.items())
    indexer._index_entries.clear()
    indexer._index_entries.update(ordered)
    return []


def _restore_index_entries(app: Sphinx, indexer: Any, path: Path, unwritten: set[str]) -> None:
    with path.open(encoding="utf-8") as stream:
        frozen = app.builder.indexer_format.load(stream)  # type: ignore[attr-defined]
    docnames = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {docname: [] for docname in unwritten}
    for entry, places in frozen.get("indexentries", {}).items():
        for number, target, main in places:
            if docnames[number] in restored:
                restored[docnames[number]].append((entry, target, "main" if main else ""))
                effects["index entry kept"] += 1
    indexer._index_entries.update({docname: sorted(entries) for docname, entries in restored.items()})


# -- pybtex: syntax errors collected, not raised (PYBTEX, BIBTEX) ------------------------------
#
# sphinxcontrib-bibtex parses the .bib files at builder-inited with pybtex, whose first
# syntax error raises and stops the whole build, naming no file and the wrong line; a key
# repeated in two records stops the parsing of everything after it. pybtex's own
# ``captured_errors`` list makes it collect those errors and go on instead; bibfiles.py
# then says where each problem is and leaves the broken records out.


def collect_bibtex_errors(app: Sphinx) -> None:
    # A file that is not UTF-8 would stop the build with a traceback inside pybtex: it is
    # left out of this build, with a warning at its first unreadable byte, until it is saved.
    readable = bibfiles.readable([Path(app.confdir) / name for name in app.config.bibtex_bibfiles])
    app.config.bibtex_bibfiles = [name for name in app.config.bibtex_bibfiles if Path(app.confdir) / name in readable]
    if not hasattr(pybtex.errors, "captured_errors"):
        _missing("pybtex.errors.captured_errors", PYBTEX)
        return
    pybtex.errors.captured_errors = []


def report_bibtex_errors(app: Sphinx) -> None:
    errors = getattr(pybtex.errors, "captured_errors", None) or []
    if hasattr(pybtex.errors, "captured_errors"):
        pybtex.errors.captured_errors = None
    effects["bibtex errors collected"] += len(errors)
    paths = [Path(app.confdir) / name for name in app.config.bibtex_bibfiles]
    problems = bibfiles.check(paths, errors)
    bibdata = app.env.get_domain("cite").bibdata  # type: ignore[attr-defined]
    for key in problems.broken:
        bibdata.data.entries.pop(key, None)
        for bibfile in bibdata.bibfiles.values():
            bibfile.keys.pop(key, None)
    for key, field in problems.unsafe:
        if key in bibdata.data.entries:
            bibdata.data.entries[key].fields.pop(field, None)
    for (key, field), value in problems.corrected.items():
        entry = bibdata.data.entries.get(key)
        if entry is None:
            continue
        if field in entry.persons:
            entry.persons[field] = [Person(name) for name in re.split(r"\s+and\s+", value) if name.strip()]
        else:
            entry.fields[field] = value


# -- furo and docutils: two ARIA mistakes of the generated HTML (FURO) -------------------------


def fix_aria_roles(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Correct two ARIA mistakes that accessibility audits flag.

    furo renders toctree captions as ``<p class="caption" role="heading">`` without the
    ``aria-level`` that role requires; docutils marks bibliography entries
    ``doc-biblioentry``, a role deprecated by DPUB-ARIA 1.1 that is not a list item of
    their ``role="list"`` container.
    """
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str) and 'role="heading">' in tree:
        context["furo_navigation_tree"] = tree.replace('role="heading">', 'role="heading" aria-level="2">')
        effects["navigation caption given a level"] += 1
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
        effects["bibliography entry role fixed"] += 1


# -- setup --------------------------------------------------------------------------------------


def undo(app: Sphinx, exception: Exception | None) -> None:
    """At the end of every build, successful or not: nothing stays patched."""
    if getattr(pybtex.errors, "captured_errors", None) is not None:
        pybtex.errors.captured_errors = None
    stop_sharing()
    unfreeze_heap()
    restore_plugin_lookup()
    restore_formatted_bibliographies()


def setup(app: Sphinx) -> None:
    memoize_plugin_lookup()
    app.connect("builder-inited", memoize_plugin_lookup)
    reuse_formatted_bibliographies()
    app.connect("builder-inited", reuse_formatted_bibliographies)
    # Around sphinxcontrib-bibtex's own builder-inited handler (priority 500).
    app.connect("builder-inited", collect_bibtex_errors, priority=400)
    app.connect("builder-inited", report_bibtex_errors, priority=550)  # again after a previous build undid it
    app.connect("env-before-read-docs", freeze_heap_before_reading)
    app.connect("env-before-read-docs", share_bibliography_data)
    app.connect("env-merge-info", note_merged_bibliography_data)
    app.connect("env-updated", stop_sharing, priority=100)
    app.connect("write-started", freeze_heap_before_writing)
    app.connect("html-collect-pages", drop_emptied_search_terms)
    app.connect("html-collect-pages", keep_index_entries_of_unwritten_pages)
    app.connect("html-page-context", fix_aria_roles, priority=900)  # after the theme's own handler
    app.connect("build-finished", undo, priority=1000)  # after every other build-finished handler
