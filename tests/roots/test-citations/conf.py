# A small site whose works exercise every citation shape: a journal article with volume,
# issue and pages; a conference paper; a book; a preprint; a work whose authors include a
# surname with a particle and a compound surname; talks by speakers whose family name only
# people.yaml can give; a talk to be announced; and the list pages Zotero reads as COinS.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "scholar"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
source_suffix = {".md": "markdown"}
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
html_theme = "furo"
