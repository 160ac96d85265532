"""Sphinx configuration of the reading guide."""

import os
import sys
from pathlib import Path

from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Theory of Machine Learning: a reading guide"
author = "The reading guide's editors"
copyright = "2026, the reading guide's editors"

# The address the site is published at: the one place it is set. Absolute links in
# metadata, feeds, calendars and the sitemap are made from it. Read the Docs sets
# READTHEDOCS_CANONICAL_URL; elsewhere set SITE_URL.
PLACEHOLDER_URL = "https://reading-guide.example.org/"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or os.environ.get("SITE_URL") or PLACEHOLDER_URL
if html_baseurl == PLACEHOLDER_URL:
    # A message, not a warning: a local build for reading is fine, a published one is not.
    logging.getLogger(__name__).info(
        "Building for %s, a placeholder: set SITE_URL to the address the site is published at, "
        "or its feeds, calendars, sitemap and citation links will point there.", PLACEHOLDER_URL)

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "sphinx_reredirects",
    "scholar",
]

# Old addresses of pages whose id changed, kept working: each is a page that sends the
# reader on (sphinx-reredirects). A person's id changed when ids began to transliterate
# letters such as 'ß' instead of dropping them; two spellings of one name became one page.
redirects = {
    "people/ulf-g-meiner": "ulf-g-meissner.html",
    "people/andrew-m-saxe": "andrew-saxe.html",
}
redirect_html_template_file = "_ext/scholar/templates/redirect.html"

myst_enable_extensions = ["dollarmath", "colon_fence"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", ".venv", ".pytest_cache", "README.md", "sources", "tests", "tools", ".ci", ".github"]

bibtex_bibfiles = ["refs.bib", "editors.bib"]

# The people registry: what the listings say (written by the importer), then the editors' own.
scholar_people = ["people.imported.yaml", "people.yaml"]
bibtex_default_style = "plain"
# author_year with a letter after the year where two works would share a label
# ("Song et al., 2021a"): labels.py.
bibtex_reference_style = "author_year_distinct"

copybutton_selector = "div.highlight pre"

# Each guide has its own bibliography of what it cites; a paper cited by two guides is in
# both, and each citation links to the bibliography of its own page.
suppress_warnings = ["bibtex.duplicate_citation"]

sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html"]
ogp_site_url = html_baseurl
ogp_site_name = "Theory of ML reading guide"
ogp_enable_meta_description = True

# MathJax is fetched beside the page and runs when it arrives, holding up nothing: with
# Sphinx's default ("defer") the page's own controls would wait for it.
mathjax_options = {"async": "async"}

html_theme = "furo"
html_favicon = "_ext/scholar/static/favicon.svg"
html_title = "Theory of ML reading guide"
