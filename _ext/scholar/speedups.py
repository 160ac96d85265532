"""Speed-ups that keep builds cheap as the catalog grows.

Memoized pybtex plugin lookup:
pybtex finds its plugins (styles, backends, writers) by reading every installed package's
entry points on each call, about 5 ms each time; sphinxcontrib-bibtex asks again for every
citation it resolves, and this extension for every BibTeX record it writes. Plugins cannot
change while Sphinx runs, so each (group, name) lookup is done once per process.
"""

from __future__ import annotations

import functools
import gc

import pybtex.plugin


def memoize_pybtex_plugin_lookup() -> None:
    lookup = pybtex.plugin._load_entry_point
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)


def freeze_heap_before_forking(app, *args) -> None:
    """Move every object alive now out of the garbage collector's reach, before workers fork.

    A forked worker shares the parent's memory until it writes to a page; the collector
    walking the parent's large heap (the environment, the catalog, the bibliography)
    writes to every page and so copies it, once per chunk of documents. Frozen objects are
    never collected, which costs nothing in a build that ends when it is done.
    """
    if app.parallel > 1:
        gc.freeze()
