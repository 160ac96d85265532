"""Small pieces of HTML that docutils nodes cannot express: form controls, data attributes.

Each is a Jinja template in ``templates/``, rendered with autoescaping, so text from an
entry (a title in an ARIA label) is always escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    keep_trailing_newline=False,
    undefined=jinja2.StrictUndefined,  # a missing value is a bug, not an empty string
)


def html(template: str, **context: Any) -> nodes.raw:
    """A raw HTML node made from ``templates/<template>.html``."""
    return trusted(_TEMPLATES.get_template(f"{template}.html").render(**context))


def trusted(html: str) -> nodes.raw:
    """HTML the extension made itself, with every text in it escaped.

    The mark lets the safety checks (safety.py) tell it from raw HTML that came from a
    page's text, which is refused.
    """
    node = nodes.raw("", html, format="html")
    node[TRUSTED] = True
    return node


TRUSTED = "scholar-trusted"  # the attribute that marks the extension's own HTML
