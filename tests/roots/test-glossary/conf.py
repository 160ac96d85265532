extensions = ["myst_parser", "sphinxcontrib.bibtex", "scholar"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
source_suffix = {".md": "markdown"}
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
html_theme = "furo"
