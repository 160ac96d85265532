"""The safety boundary: what the text of an entry, a guide or an import can make the site do.

Entries are written by many hands and the importers carry text from other sites (schedule
exports, reference-manager libraries), so no page may read a file of the build machine,
run a script in a reader's browser, or link to an unsafe scheme. Every page is parsed by
:class:`SafeMystParser`, MyST-Parser's own parser with a renderer that

- runs only the directives and roles named in the configuration
  (``scholar_allowed_directives``, ``scholar_allowed_roles``, defaults below); any other,
  ``include``, ``literalinclude``, ``raw``, ``csv-table``, ``{download}``, ``{eval-rst}``
  among them, is a warning and is not run;
- shows raw HTML as text, with a warning (an HTML comment alone stays a comment).

Then, before Sphinx collects images and downloads (``doctree-read``, priority 100), and
again once views and bibliographies are filled in (``doctree-resolved``), every page's
links, images, downloads and formulas are checked:

- a link is kept only with a safe scheme (:func:`safe_link`: http(s), mailto, or a
  relative link inside the site); otherwise it becomes its text;
- an image or a download is kept only when its file is inside the source folder and not
  in a hidden folder (``.git``, ``.venv``); otherwise it is left out;
- a formula that uses a TeX command with which MathJax makes links, styles or loads
  code (``\\href``, ``\\style``, ``\\require``...) is shown as text.

Each refusal is a warning naming the file and line, so ``make html`` fails until the
entry is fixed, and the rest of the site is built. Like every page with a warning, a page
with a refusal is read again by the next build (warned.py), so a no-op rebuild reports it
again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .model import SAFE_SCHEMES, safe_link
from .snippets import TRUSTED

logger = logging.getLogger(__name__)

#: Directives the site's pages may use besides the extension's own (which are added to
#: the list at start-up): admonitions, glossaries, figures, tables, code, the toctree
#: and sphinxcontrib-bibtex's bibliography.
ALLOWED_DIRECTIVES = (
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso",
    "tip", "warning", "versionadded", "versionchanged", "deprecated",
    "math", "glossary", "figure", "image", "table", "list-table", "code-block", "code", "rubric",
    "epigraph", "highlights", "pull-quote", "topic", "sidebar", "container", "toctree", "bibliography",
)

#: Roles the site's pages may use besides the extension's own: citations, glossary terms,
#: cross-references, math and inline formatting.
ALLOWED_ROLES = (
    "cite", "cite:p", "cite:ps", "cite:t", "cite:ts", "cite:ct", "cts", "cite:cts", "cite:alp",
    "cite:alps", "cite:author", "cite:authors", "cite:authorpar", "cite:authorpars", "cite:cauthor",
    "cite:cauthors", "cite:year", "cite:years", "cite:yearpar", "cite:yearpars", "cite:label",
    "cite:labelpar", "cite:labelpars", "cite:textcite", "cite:empty", "footcite", "footcite:p",
    "footcite:t", "doc", "ref", "term", "numref", "eq", "math", "abbr", "sub", "sup", "emphasis",
    "strong", "literal", "code", "dfn", "guilabel", "kbd",
)

#: TeX commands with which MathJax makes links, sets styles, classes or ids, or loads code.
UNSAFE_TEX = re.compile(r"\\(href|url|class|cssId|style|data|require|unicode|html)\b")

#: An HTML comment standing alone, which MyST would publish as raw HTML.
_HTML_COMMENT = re.compile(r"\s*<!--(?:(?!-->).)*-->\s*", re.DOTALL)

def json_text(data: Any, **options: Any) -> str:
    """JSON whose text cannot close a ``<script>`` element or open a tag, wherever it is put.

    The exports carry titles and abstracts written by others; a page or a reader that
    inlines ``catalog.json`` or a JSON-LD block must not find markup in it.
    """
    text = json.dumps(data, ensure_ascii=False, **options)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def warn(message: str, location: Any, subtype: str = "unsafe") -> None:
    logger.warning(message, location=location, type="scholar", subtype=subtype)


# -- the parser -------------------------------------------------------------------------------


class SafeRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, running only the allowed directives and roles, with raw HTML as text."""

    def _refuse(self, message: str, line: int | None) -> None:
        warn(message, (self.sphinx_env.docname, line))

    def _allowed(self, kind: str) -> frozenset[str]:
        configured = getattr(self.sphinx_env.config, f"scholar_allowed_{kind}")
        return frozenset(name.lower() for name in (*configured, *OWN[kind]))

    def run_directive(self, name: str, first_line: str, content: str, position: int,
                      additional_options: dict[str, str] | None = None, *,
                      block_text: str | None = None) -> list[nodes.Element]:
        if name.lower() not in self._allowed("directives"):
            self._refuse(f"the directive {name!r} is not allowed in the site's pages; it is not run "
                         "(allowed: scholar_allowed_directives in conf.py)", position)
            return []
        return super().run_directive(name, first_line, content, position, additional_options,
                                     block_text=block_text)

    def render_fence(self, token: SyntaxTreeNode) -> None:
        name = (token.info or "").strip().split(maxsplit=1)[0] if (token.info or "").strip() else ""
        if name == "{eval-rst}":
            self._refuse("the directive 'eval-rst' is not allowed in the site's pages; it is not run",
                         token_line(token))
            return None
        return super().render_fence(token)

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        name = token.meta["name"]
        if name.lower() not in self._allowed("roles"):
            line = token_line(token) if token.map else self._current_line()
            self._refuse(f"the role {name!r} is not allowed in the site's pages; its text is shown as it is "
                         "(allowed: scholar_allowed_roles in conf.py)", line)
            self.current_node += nodes.literal(token.content, token.content)
            return None
        return super().render_myst_role(token)

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        self._html_as_text(token, block=True)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        self._html_as_text(token, block=False)

    def _html_as_text(self, token: SyntaxTreeNode, block: bool) -> None:
        if _HTML_COMMENT.fullmatch(token.content):
            self.current_node += nodes.comment(token.content, token.content.strip()[4:-3].strip())
            return
        line = token_line(token) if token.map else self._current_line()
        self._refuse("raw HTML is not allowed in the site's pages; it is shown as text", line)
        text = nodes.literal(token.content, token.content)
        self.current_node += nodes.paragraph("", "", text) if block else text

    def _current_line(self) -> int | None:
        return self.current_node.line or self.document.current_line


class SafeMystParser(MystParser):
    """MyST-Parser's Sphinx parser with :class:`SafeRenderer` (its ``parse`` names the renderer)."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        from myst_parser.config.main import TopmatterReadError, merge_file_level, read_topmatter
        from myst_parser.warnings_ import create_warning

        config = document.settings.env.myst_config
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            pass  # reported during the render
        else:
            if topmatter:
                def report(wtype: Any, msg: str) -> None:
                    create_warning(document, msg, wtype, line=1, append_to=document)
                config = merge_file_level(config, topmatter, report)
        parser = create_md_parser(config, SafeRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


#: The extension's own directives and roles, always allowed (set by its ``setup``).
OWN: dict[str, tuple[str, ...]] = {"directives": (), "roles": ()}


# -- the doctree checks -----------------------------------------------------------------------


def check_read(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx collects the page's images and downloads (its collectors run at 500)."""
    check_tree(app, doctree, app.env.docname)


def check_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Once views and bibliographies are filled in: what they made from records and BibTeX."""
    check_tree(app, doctree, docname)


def check_tree(app: Sphinx, tree: nodes.Element, docname: str) -> None:
    """Refuse the raw HTML, unsafe links, outside files and unsafe math of one page."""
    def refuse(message: str, node: nodes.Node) -> None:
        warn(message, _where(node, docname))

    srcdir = Path(app.srcdir).resolve()
    for raw in [node for node in tree.findall(nodes.raw) if not node.get(TRUSTED)]:
        refuse("raw HTML is not allowed in the site's pages; it is shown as text", raw)
        text = nodes.literal(raw.astext(), raw.astext())
        raw.replace_self(text if isinstance(raw.parent, nodes.TextElement) else nodes.paragraph("", "", text))
    for reference in list(tree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is not None and not safe_link(uri, mailto=True):
            refuse(f"link {uri!r} is not an http(s) URL; it is shown as text", reference)
            reference.replace_self(nodes.inline("", "", *reference.children))
    for download in list(tree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if not _inside(srcdir, docname, target):
            refuse(f"download {target!r} is not a file of the site's sources, or is one a browser would run "
                   "(HTML, SVG, JavaScript); it is not published", download)
            download.replace_self(nodes.inline("", "", *download.children))
    for image in list(tree.findall(nodes.image)):
        uri = image.get("uri", "")
        remote = urlsplit(uri).scheme.lower() in SAFE_SCHEMES
        if not (safe_link(uri, absolute=True) if remote else _inside(srcdir, docname, uri, image=True)):
            refuse(f"image {uri!r} is not a file of the site's sources or an http(s) URL, or is an SVG "
                   "with scripts; it is left out", image)
            image.parent.remove(image)
    for math in list(tree.findall(_is_math)):
        if UNSAFE_TEX.search(math.astext()):
            command = UNSAFE_TEX.search(math.astext())[0]  # type: ignore[index]
            refuse(f"math with {command} is not allowed (MathJax would make a link, a style or load code "
                   "from it); it is shown as text", math)
            math.replace_self(nodes.literal(math.astext(), math.astext()))


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


#: Files a browser runs when a reader opens them from the site: never published as downloads.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl")
#: What makes an SVG image run code when it is opened on its own.
_SVG_ACTIVE = re.compile(rb"<script|<foreignObject|\son\w+\s*=|javascript:|<iframe|<embed|<object", re.IGNORECASE)


def _inside(srcdir: Path, docname: str, target: str, *, image: bool = False) -> bool:
    """Whether a relative or site-absolute path names a file of the sources, outside hidden
    folders, that a browser does not run (an SVG image without scripts is fine)."""
    if not target or urlsplit(target).scheme or target.startswith("//"):
        return False
    # Sphinx reads a path relative to the page, or to the sources when it starts with "/";
    # MyST may already have made it relative to the sources.
    name = unquote(target)
    candidates = [srcdir / name.lstrip("/")] if name.startswith("/") else [(srcdir / docname).parent / name,
                                                                           srcdir / name]
    path = next((candidate.resolve() for candidate in candidates if candidate.resolve().is_file()),
                candidates[0].resolve())
    try:
        relative = path.relative_to(srcdir)
    except ValueError:
        return False
    if any(part.startswith(".") for part in relative.parts):
        return False
    if path.suffix.lower() == ".svg" and image:
        return path.is_file() and not _SVG_ACTIVE.search(path.read_bytes())
    return path.suffix.lower() not in ACTIVE_SUFFIXES


def _where(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    line = node.line
    parent = node.parent
    while line is None and parent is not None:
        line, parent = parent.line, parent.parent
    return (docname, line)


def skip_unreadable_pages(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """A page that is not UTF-8 (saved in Latin-1 or Windows-1250) would stop the whole build
    with a traceback inside Sphinx's reader: it is a warning at its first unreadable byte
    and is not read. It is not in the environment, so every build tries it again."""
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        try:
            data = path.read_bytes()
            data.decode(app.config.source_encoding)
        except OSError:
            continue  # Sphinx reports a page it cannot open
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            logger.warning("byte 0x%02x is not UTF-8: save the page as UTF-8; until then it is not built",
                           data[error.start], location=f"{path}:{line}",
                           type="scholar", subtype="encoding")
            docnames.remove(docname)
            env.found_docs.discard(docname)  # nor written: it has no doctree


def setup(app: Sphinx, directives: list[str], roles: list[str]) -> None:
    """The parser and the checks; ``directives`` and ``roles`` are the extension's own."""
    OWN.update(directives=tuple(directives), roles=tuple(roles))
    app.setup_extension("myst_parser")  # its parser first, so that this one replaces it
    app.add_config_value("scholar_allowed_directives", list(ALLOWED_DIRECTIVES), "env", types=[list, tuple])
    app.add_config_value("scholar_allowed_roles", list(ALLOWED_ROLES), "env", types=[list, tuple])
    app.add_source_parser(SafeMystParser, override=True)
    app.connect("env-before-read-docs", skip_unreadable_pages)
    app.connect("doctree-read", check_read, priority=100)
    app.connect("doctree-resolved", check_resolved, priority=900)
