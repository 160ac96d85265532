"""Renderers: each turns one view's data (views.py) into docutils nodes.

``base`` holds the page's :class:`Renderer` and the pieces every renderer uses; the other
modules hold one function per view, grouped by the pages they appear on.
"""

from .base import Renderer

__all__ = ["Renderer"]
