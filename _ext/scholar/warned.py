"""Warnings that come back: a page that gave a warning is read again by the next build.

Sphinx reports a page's warnings when it reads or writes the page. A rebuild that finds
nothing changed reads and writes nothing, so ``make html -W`` would fail once on a mistake
and pass on the next run with the mistake still there. Every located warning of a build
(from this extension, MyST, docutils or Sphinx) marks its page; the marks are kept beside
the doctrees, and the next build reads those pages again (``env-get-outdated``), which
reports their warnings again, until they are fixed.

The marks are taken from Sphinx's log records, so warnings replayed from parallel workers
are seen too; reading a page again is what a clean build does, so the output is unchanged.
"""

from __future__ import annotations

import json
import logging as stdlib_logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import NAMESPACE, get_node_location

MARKS = "scholar-warned-pages.json"  # in the doctree folder, never published


class _PagesWithWarnings(stdlib_logging.Handler):
    """Notes the page of every located warning this build reports."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=stdlib_logging.WARNING)
        self.app = app
        self.pages: set[str] = set()

    def emit(self, record: stdlib_logging.LogRecord) -> None:
        docname = self.page_of(getattr(record, "location", None))
        if docname:
            self.pages.add(docname)

    def page_of(self, location: Any) -> str | None:
        env = self.app.env
        if env is None:
            return None
        if isinstance(location, tuple):
            location = location[0]
        elif isinstance(location, nodes.Node):
            location = get_node_location(location)
        if not isinstance(location, str) or not location:
            return None
        if location in env.found_docs:
            return location
        # A location Sphinx already wrote out: "<path>:<line>" or "<path>".
        path, _, line = location.rpartition(":")
        return env.path2doc(path if line.isdigit() and path else location)


def _marks_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MARKS


def start_noting(app: Sphinx) -> None:
    handler = _PagesWithWarnings(app)
    stdlib_logging.getLogger(NAMESPACE).addHandler(handler)
    app.scholar_warned_pages = handler  # type: ignore[attr-defined]


def read_again(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
               removed: set[str]) -> list[str]:
    """The pages that had a warning in the last build, still there."""
    try:
        marked = json.loads(_marks_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(docname for docname in marked if docname in env.found_docs and docname not in removed)


def keep_marks(app: Sphinx, exception: Exception | None) -> None:
    handler: _PagesWithWarnings = app.scholar_warned_pages  # type: ignore[attr-defined]
    stdlib_logging.getLogger(NAMESPACE).removeHandler(handler)
    if exception is None:
        _marks_file(app).parent.mkdir(parents=True, exist_ok=True)
        _marks_file(app).write_text(json.dumps(sorted(handler.pages)), encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start_noting, priority=100)  # before the .bib files are read
    app.connect("env-get-outdated", read_again)
    app.connect("build-finished", keep_marks)
