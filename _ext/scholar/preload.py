"""Scripts fetched as soon as the page starts to arrive, not once it has all arrived.

Furo writes the page's scripts at the end of ``<body>``: a browser asks for them only when
the whole page has come in, then waits a round trip for each. On a slow connection the
read boxes, stars and filters (scholar.js, which runs after them) would wait seconds after
the text shows. A ``<link rel="preload">`` in the head for each script that the page runs
in order lets the browser fetch them while the page itself is still arriving. MathJax,
loaded ``async`` and large, is not preloaded: it would take the bandwidth the page needs.

A page with no code block (a guide, a person, an event) does not load sphinx-copybutton's
script, its clipboard library and its stylesheet: on such a connection each file is a
round trip the page's own controls wait behind, for a button the page does not have.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"[^>]*>')


_COPY_BUTTON_FILES = ("clipboard.min.js", "copybutton.js", "copybutton.css")


def _name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1].split("?", 1)[0]


def drop_copy_button_without_code(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                                  doctree: Any) -> None:
    if doctree is None or doctree.next_node(nodes.literal_block) is not None:
        return  # Sphinx's own pages (search, index), or a page with code to copy
    for key in ("script_files", "css_files"):
        if key in context:  # a new list: the builder's own is the same for every page
            context[key] = [asset for asset in context[key] if _name(asset) not in _COPY_BUTTON_FILES]


def preload_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    js_tag = context.get("js_tag")
    if js_tag is None:
        return
    links = []
    for script in context.get("script_files", []):
        if getattr(script, "attributes", {}).get("async"):
            continue
        match = _SRC.search(js_tag(script))
        if match:
            links.append(f'<link rel="preload" as="script" href="{html.escape(html.unescape(match[1]))}">')
    if links:
        context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", drop_copy_button_without_code, priority=890)
    app.connect("html-page-context", preload_scripts, priority=900)  # once every script is added
