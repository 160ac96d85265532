"""Speed-ups that keep builds cheap as the catalog grows.

Memoized pybtex plugin lookup:
pybtex finds its plugins (styles, backends, writers) by reading every installed package's
entry points on each call, about 5 ms each time; sphinxcontrib-bibtex asks again for every
citation it resolves, and this extension for every BibTeX record it writes. Plugins cannot
change while Sphinx runs, so each (group, name) lookup is done once per process.

Bibliography data sent back by reference:
in a parallel read, each worker returns its whole environment, pickled, and the main
process unpickles it only to merge the worker's own documents. Every ``{bibliography}``
directive of sphinxcontrib-bibtex keeps a citation node for every entry of ``refs.bib``,
so once the guides are read, each later chunk carried them all back: at 3,000 entries,
0.4 s of unpickling per chunk in the main process. Objects the main process already has
when it forks a worker are pickled as a reference to the main process's own copy.
"""

from __future__ import annotations

import copyreg
import functools
import gc

import pybtex.plugin
from sphinxcontrib.bibtex.bibfile import BibData
from sphinxcontrib.bibtex.directives import BibliographyValue

#: Types whose objects the main process lends to its reading workers.
SHARED_TYPES = (BibData, BibliographyValue)
#: id() -> object, in the main process, of every shared object a worker may pickle.
_shared: dict[int, object] = {}


def memoize_pybtex_plugin_lookup() -> None:
    lookup = pybtex.plugin._load_entry_point
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)


def freeze_heap_before_forking(app, *args) -> None:
    """Before a parallel read or write: move every live object out of the collector's reach.

    A forked worker shares the parent's memory until it writes to a page; the collector
    walking the parent's large heap (the environment, the catalog, the bibliography)
    writes to every page and so copies it, once per chunk of documents. Garbage is freed
    first, since frozen objects are never collected. Not done in a serial build: there
    Sphinx keeps every doctree read in memory until it is written, and frozen doctrees
    would stay until the end of the build (+70% peak memory at 3,000 entries).
    """
    if app.parallel > 1:
        gc.collect()
        gc.freeze()


def share_bibliography_data(app, env, docnames) -> None:
    """Before a parallel read: pickle known bibliography data by reference (see above)."""
    if app.parallel > 1:
        _note_shared(env)
        for kind in SHARED_TYPES:
            copyreg.pickle(kind, _reduce_shared)


def note_merged_bibliography_data(app, env, docnames, other) -> None:
    """After merging a chunk: its bibliographies are the main process's own from now on."""
    if copyreg.dispatch_table.get(BibliographyValue) is _reduce_shared:
        _note_shared(env)


def stop_sharing(app, env) -> None:
    """After reading: the environment is pickled to disk whole, so nothing is shared."""
    for kind in SHARED_TYPES:
        if copyreg.dispatch_table.get(kind) is _reduce_shared:
            del copyreg.dispatch_table[kind]
    _shared.clear()


def _note_shared(env) -> None:
    cite = env.domaindata.get("cite", {})
    for value in [cite.get("bibdata"), *cite.get("bibliographies", {}).values()]:
        if isinstance(value, SHARED_TYPES):
            _shared[id(value)] = value


def _reduce_shared(value):
    if _shared.get(id(value)) is value:  # in a worker: the main process has this object
        return _shared_object, (id(value),)
    return type(value)._make, (tuple(value),)  # read by this worker: sent whole


def _shared_object(key: int):
    return _shared[key]
