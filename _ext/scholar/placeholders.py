"""The node that stands for computed content until the whole catalog is known."""

from __future__ import annotations

from docutils import nodes


class placeholder(nodes.General, nodes.Element):
    """Computed content (a list, a schedule, an entry's header), filled after reading.

    ``view`` names what it shows and ``key`` which entry; both are plain strings, so the
    doctree never holds another document's data. It is replaced in ``doctree-resolved``.
    """


def make_placeholder(view: str, key: str = "") -> placeholder:
    return placeholder(view=view, key=key)
