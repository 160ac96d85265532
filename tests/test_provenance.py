"""Every provenance link the site shows goes to the fact's own source, never a mirror, proxy or shop.

The hosts allowed are listed, with why, in tools/authoritative_hosts.txt; where an editor
read a fact on another page, tools/verified.yaml records it as ``read_on`` and the site
does not link it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
HOSTS = [line.split("#")[0].strip() for line in (REPO / "tools" / "authoritative_hosts.txt").read_text().splitlines()
         if line.split("#")[0].strip()]
LINKED_FIELDS = ("verifiedurl", "abstractsource", "publishedurl")


def authoritative(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("https", "http") and parts.port is None and any(host == h or host.endswith("." + h) for h in HOSTS)


def linked_urls() -> list[tuple[str, str, str]]:
    found = []
    for name in ("refs.bib", "editors.bib"):
        text = (REPO / name).read_text(encoding="utf-8")
        for key, body in re.findall(r"^@\w+\{([^,]+),\n(.*?)^\}", text, re.M | re.S):
            for field, value in re.findall(r"^\s*(" + "|".join(LINKED_FIELDS) + r")\s*=\s*\{([^}]*)\}", body, re.M):
                found.append((f"{name}: {key}", field, value.strip()))
    return found


def test_the_files_hold_provenance_links():
    fields = {field for _, field, _ in linked_urls()}
    assert {"verifiedurl", "abstractsource"} <= fields  # the test below checks something


@pytest.mark.parametrize(("where", "field", "url"), linked_urls())
def test_every_linked_provenance_page_is_an_authoritative_host(where, field, url):
    assert authoritative(url), f"{where}: {field} {url} is not on tools/authoritative_hosts.txt"


def test_arxiv_links_are_the_abstract_page_without_version():
    for where, _field, url in linked_urls():
        if "arxiv.org" in url:
            assert re.fullmatch(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})", url), (where, url)


def test_verified_records_link_only_what_the_bib_files_link():
    """verified.yaml's ``page`` is the page the site links; anything else read is ``read_on``."""
    verified = yaml.safe_load((REPO / "tools" / "verified.yaml").read_text(encoding="utf-8"))
    for section in ("papers", "references"):
        for key, record in verified[section].items():
            page = record.get("page")
            if page and record.get("status") == "verified":
                assert authoritative(page), f"verified.yaml {section}.{key}: page {page}"


BANNED = re.compile(r"scribd|123doc|vdocuments|pdfslide|studylib|docslib|workers\.dev|anonyproxies|bingheai"
                    r"|rhythmusic|http3\.lol|https?://\d+\.\d+\.\d+\.\d+|eskareads|https?://[^/]+:\d+")


def urls(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls(item)
    elif isinstance(value, str) and re.match(r"https?://", value.strip()):
        yield value.strip()


def test_no_proxy_or_document_sharing_page_is_recorded_as_a_page_read():
    """Not even as ``read_on``: a proxy or a pirate copy is not a place to read a fact from."""
    verified = yaml.safe_load((REPO / "tools" / "verified.yaml").read_text(encoding="utf-8"))
    assert not [url for url in urls(verified) if BANNED.search(url)]
    for name in ("refs.bib", "editors.bib"):
        assert not BANNED.findall((REPO / name).read_text(encoding="utf-8")), name


# The editors' references for which no allowed page has yet given the work's own abstract
# (or, for a book, the publisher's description or table of contents). Each page of these
# says that no abstract was found; take a key off the list when its abstract is added.
ABSTRACT_NOT_YET_FOUND = {"barron1993universal", "couillet2022random",
                          "strang2019linear", "vershynin2018high", "wainwright2019high"}


def paper_body(key: str) -> str:
    """The text of papers/<key>.md inside its ``{paper}`` directive, after the options."""
    lines = (REPO / "papers" / f"{key}.md").read_text(encoding="utf-8").strip().splitlines()
    assert lines[0].startswith("```{paper}") and lines[-1] == "```", key
    body = lines[1:-1]
    while body and body[0].startswith(":"):
        body.pop(0)
    return "\n".join(body).strip()


def test_every_editors_reference_has_its_own_abstract_and_says_where_it_was_copied_from():
    text = (REPO / "editors.bib").read_text(encoding="utf-8")
    verified = yaml.safe_load((REPO / "tools" / "verified.yaml").read_text(encoding="utf-8"))["references"]
    without = set()
    for key, body in re.findall(r"^@\w+\{([^,]+),\n(.*?)^\}", text, re.M | re.S):
        source = re.search(r"^\s*abstractsource\s*=\s*\{([^}]*)\}", body, re.M)
        abstract = paper_body(key)
        assert bool(source) == bool(abstract), f"{key}: an abstract and its abstractsource go together"
        if not abstract:
            without.add(key)
            continue
        record = verified[key].get("abstract") or {}
        assert record.get("page") == source.group(1).strip(), f"{key}: verified.yaml's abstract page"
        kind = re.search(r"^\s*abstractkind\s*=\s*\{([^}]*)\}", body, re.M)
        assert record.get("kind") == (kind.group(1).strip() if kind else "abstract"), key
    assert without == ABSTRACT_NOT_YET_FOUND
