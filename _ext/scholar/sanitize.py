"""Imported text is shown, never executed: raw HTML becomes text, odd links become text."""

from __future__ import annotations

from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

SAFE_SCHEMES = {"http", "https", "mailto"}


def neutralize(tree: nodes.Element, docname: str, fallback_line: int) -> None:
    """Replace raw HTML and non-http(s) links inside ``tree`` by plain text, with a warning."""
    for raw in list(tree.findall(nodes.raw)):
        _warn("raw HTML is not allowed in an entry; it is shown as text", raw, docname, fallback_line)
        text = nodes.literal(raw.astext(), raw.astext())
        replacement = text if isinstance(raw.parent, nodes.TextElement) else nodes.paragraph("", "", text)
        raw.replace_self(replacement)
    for reference in list(tree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if uri and not _safe(uri):
            _warn(f"link {uri!r} is not an http(s) URL; it is shown as text", reference, docname, fallback_line)
            reference.replace_self(nodes.Text(reference.astext()))


def _safe(uri: str) -> bool:
    scheme = urlsplit(uri).scheme.lower()
    return not scheme or scheme in SAFE_SCHEMES


def _warn(message: str, node: nodes.Node, docname: str, fallback_line: int) -> None:
    line = node.line or fallback_line
    logger.warning(message, location=(docname, line), type="scholar", subtype="unsafe")
