"""The curriculum as a picture: the guides in order, with an arrow from each guide to those built on it.

Drawn at build time as inline SVG (no external service, no script): one box per guide, in
the curriculum's order from top to bottom, so that it reads on a phone as a list does;
arrows run in the left margin from a guide to every guide that builds on it. Colours
come from the theme's CSS variables (scholar.css), so the picture follows light and dark
mode. Each box links to its guide and shows the reader's progress on its reading path
(filled in by scholar.js from what they ticked). An ordered list below says the same in
words, for screen readers and for printing.
"""

from __future__ import annotations

import textwrap
from html import escape

from docutils import nodes

from .. import snippets
from .base import Data, Renderer

BOX_LEFT, BOX_WIDTH, BOX_HEIGHT, ROW = 92, 300, 58, 76
LINE_CHARACTERS = 40


def curriculum(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    rows = {item["id"]: number for number, item in enumerate(view)}
    height = ROW * len(view)
    parts = [f'<svg class="scholar-curriculum" viewBox="0 0 {BOX_LEFT + BOX_WIDTH + 4} {height}" '
             f'width="{BOX_LEFT + BOX_WIDTH + 4}" role="group" aria-label="The guides in order, with what each '
             'builds on">',
             '<defs><marker id="scholar-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" '
             'class="scholar-curriculum-head"/></marker></defs>']
    edges = [(rows[need], rows[item["id"]]) for item in view for need in item["builds_on"] if need in rows]
    parts += [_arrow(start, end, _port(start, end, edges, outgoing=True), _port(start, end, edges, outgoing=False))
              for start, end in edges]
    for number, item in enumerate(view):
        parts.append(_box(r, number, item))
    parts.append("</svg>")
    listing = nodes.enumerated_list(classes=["scholar-curriculum-list"])
    titles = {item["id"]: item["title"] for item in view}
    for item in view:
        line = nodes.paragraph()
        line += r.link(item["title"], item["docname"])
        needs = [titles[need] for need in item["builds_on"] if need in titles]
        line += nodes.Text(f" (builds on {', '.join(needs)})" if needs else " (no prerequisite guide)")
        listing += nodes.list_item("", line)
    figure = nodes.container(classes=["scholar-curriculum-figure"])
    figure += snippets.trusted("".join(parts))
    return [figure, listing]


def _port(start: int, end: int, edges: list[tuple[int, int]], outgoing: bool) -> float:
    """Where an arrow meets a box's left edge: arrows leave from its upper half and arrive in
    its lower half, each at its own height, so that every arrow can be followed."""
    row = start if outgoing else end
    ends = sorted(other for first, other in ((a, b) if outgoing else (b, a) for a, b in edges) if first == row)
    index = ends.index(end if outgoing else start)
    top = row * ROW + 2
    low, high = (top + 6, top + BOX_HEIGHT / 2 - 2) if outgoing else (top + BOX_HEIGHT / 2 + 2, top + BOX_HEIGHT - 6)
    return low + (high - low) * (index + 1) / (len(ends) + 1)


def _arrow(start: int, end: int, y1: float, y2: float) -> str:
    """From the left edge of one box to the left edge of a later one, bowing further out the longer it is."""
    bow = BOX_LEFT - min(BOX_LEFT - 6, 10 + 6 * (end - start))
    return (f'<path class="scholar-curriculum-edge" d="M{BOX_LEFT},{y1:.1f} C{bow},{y1:.1f} {bow},{y2:.1f} '
            f'{BOX_LEFT},{y2:.1f}" marker-end="url(#scholar-arrow)"/>')


def _box(r: Renderer, row: int, item: Data) -> str:
    top = row * ROW + 2
    lines = textwrap.wrap(item["title"], LINE_CHARACTERS)[:2]
    text = "".join(f'<tspan x="{BOX_LEFT + 10}" dy="{0 if number == 0 else 15}">{escape(line)}</tspan>'
                   for number, line in enumerate(lines))
    progress = (f'<tspan class="scholar-progress" data-entries="{escape(" ".join(item["steps"]))}"></tspan>'
                if item["steps"] else "")
    box = (f'<rect x="{BOX_LEFT}" y="{top}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="6"/>'
           f'<text x="{BOX_LEFT + 10}" y="{top + 18}">{text}</text>'
           f'<text class="scholar-curriculum-note" x="{BOX_LEFT + 10}" y="{top + BOX_HEIGHT - 7}">'
           f'{row + 1}.{progress}</text>')
    if not item["docname"]:
        return f'<g class="scholar-curriculum-node">{box}</g>'
    href = escape(r.builder.get_relative_uri(r.docname, item["docname"]))
    return f'<a class="scholar-curriculum-node" href="{href}">{box}</a>'
