"""MathJax served from the site itself, so formulas are typeset with no network.

Sphinx loads MathJax from a CDN by default: offline, or behind a strict network, every
formula would show as TeX source. The project installs MathJax 3.2.2's files from PyPI
(``django-static-mathjax``, a plain copy of MathJax's ``es5`` build; its Django part is
not used) and this module copies the parts a page needs into ``_static/mathjax``:

``startup.js``
    the loader, the one script a page with math loads; it then loads
``core.js``, ``input/tex.js``, ``output/chtml.js``, ``a11y/assistive-mml.js``
    TeX input, HTML output, and hidden MathML that screen readers read;
``input/tex/extensions``, ``output/chtml/fonts``
    the TeX packages it loads when a formula needs one, and its fonts.

That is MathJax's ``tex-chtml.js`` without its context menu (``ui/menu``, 108 kB of the
263 kB it weighs compressed): on a slow connection a page with one formula would wait for
a menu its reader does not open. The page's math is the same.

The files are staged once beside the doctrees and go through ``html_static_path``, so
Sphinx copies them before it writes the pages (and links the script with its checksum,
the same in clean and incremental builds).
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

PACKAGE = "mathjax"  # the import name of django-static-mathjax
VERSION = "3.2.2"
PARTS = ("startup.js", "core.js", "input/tex.js", "input/tex/extensions", "output/chtml.js", "output/chtml/fonts",
         "a11y/assistive-mml.js", "LICENSE")
# What startup.js loads (MathJax's ``loader.load``); core.js comes with them as their dependency.
COMPONENTS = ["input/tex", "output/chtml", "a11y/assistive-mml"]
CDN_PREFIX = "https://cdn.jsdelivr.net/npm/mathjax@"  # Sphinx's default mathjax_path starts so


def es5_folder() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    return folder if (folder / "es5" / "startup.js").is_file() else None


def serve_mathjax(app: Sphinx) -> None:
    if app.builder.format != "html" or not str(app.config.mathjax_path).startswith(CDN_PREFIX):
        return  # another builder, or a site that chose its own MathJax
    source = es5_folder()
    if source is None:
        logger.warning("MathJax's files are not installed (pip package django-static-mathjax); "
                       "formulas are loaded from the CDN", type="scholar", subtype="mathjax", once=True)
        return
    parts = hashlib.sha256("\n".join(PARTS).encode()).hexdigest()[:8]  # another choice of parts: another copy
    staging = Path(app.doctreedir).parent / f"mathjax-{VERSION}-{parts}"
    target = staging / "mathjax"
    done = staging.parent / f"{staging.name}.complete"  # written last: an interrupted copy is made again
    if not done.is_file():
        for part in PARTS:
            origin = source / part if part == "LICENSE" else source / "es5" / part
            destination = target / part
            destination.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, destination, dirs_exist_ok=True)
            else:
                shutil.copy2(origin, destination)
        done.write_text(VERSION, encoding="utf-8")
    app.config.html_static_path.append(str(staging))
    app.config.mathjax_path = "mathjax/startup.js"  # relative: under _static
    # Sphinx 9 writes its MathJax configuration from mathjax4_config (for MathJax 3 and 4), and
    # MyST-Parser adds its own options to the same setting.
    config = dict(app.config.mathjax4_config or {})
    config.setdefault("loader", {"load": COMPONENTS})
    app.config.mathjax4_config = config


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", serve_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
