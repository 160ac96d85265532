"""Small helpers for reading what a test build produced."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def article(app, docname: str) -> BeautifulSoup:
    """The page's main content, without the navigation."""
    soup = page(app, docname)
    return (soup.find("article") or soup.find("div", attrs={"itemprop": "articleBody"})
            or soup.find("div", class_="body") or soup.body)


def text(node) -> str:
    """Visible text with whitespace collapsed; no space before punctuation that markup split off."""
    words = " ".join(node.get_text(" ").replace("¶", "").split())
    return re.sub(r" ([:,.;)])", r"\1", re.sub(r"\( ", "(", words))


def catalog(app) -> dict:
    return json.loads((Path(app.outdir) / "catalog.json").read_text(encoding="utf-8"))


def status(app) -> str:
    """Sphinx's status output without escape sequences (CI=true turns colour on)."""
    return strip_escape_sequences(app.status.getvalue())


def warnings(app) -> list[str]:
    """Warning lines with the colour codes and the temporary directory removed."""
    raw = strip_escape_sequences(app.warning.getvalue())
    srcdir = str(app.srcdir)
    return [line.replace(srcdir + "/", "") for line in raw.splitlines() if "WARNING" in line]


def link_targets(node) -> list[str]:
    return [a["href"] for a in node.find_all("a", href=True)]
