"""A complete, ordered sitemap from sphinx-sitemap, on every kind of build.

sphinx-sitemap collects page addresses as pages are written, so an incremental build
publishes a sitemap of the few pages it rewrote, and a parallel build lists pages in the
order the workers finished. Just before it writes the file, its queue is refilled with
every page of the site, sorted.
"""

from __future__ import annotations

import queue

from sphinx.application import Sphinx

SITEMAP_PRIORITY = 400  # before sphinx-sitemap's own build-finished handler (500)


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    while True:
        try:
            links.get_nowait()
        except queue.Empty:
            break
    excluded = set(app.config.sitemap_excludes)
    for link in sorted(app.builder.get_target_uri(docname) for docname in app.env.found_docs):
        if link not in excluded:
            links.put((link, None))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", complete_sitemap, priority=SITEMAP_PRIORITY)
