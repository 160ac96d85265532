"""Memoized pybtex plugin lookup.

pybtex finds its plugins (styles, backends, writers) by reading every installed package's
entry points on each call, about 5 ms each time; sphinxcontrib-bibtex asks again for every
citation it resolves, and this extension for every BibTeX record it writes. Plugins cannot
change while Sphinx runs, so each (group, name) lookup is done once per process.
"""

from __future__ import annotations

import functools

import pybtex.plugin


def memoize_pybtex_plugin_lookup() -> None:
    lookup = pybtex.plugin._load_entry_point
    if not hasattr(lookup, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(lookup)
