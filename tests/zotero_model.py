"""What Zotero saves from a page: a transcription of its translators, checked against the real ones.

The rules below are those of zotero/translators' "Embedded Metadata.js" (which hands the
page's ``z:``, ``og:`` and Dublin Core meta tags to "RDF.js") and "COinS.js" with
zotero/utilities' ``parseContextObject``, for the tags this site writes. tests/test_cite.py
checks this model against what the real translation-server returned for the same pages
(recorded in tests/data/zotero/ by tools/zotero_check.py), then uses it on every page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin

# A Highwire venue tag decides the type and outranks everything else (Embedded Metadata's hwType).
HIGHWIRE_TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
                  "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
                  "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
                  "citation_dissertation_institution": "thesis"}
HIGHWIRE_FIELDS = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
                   "citation_journal_title": "publicationTitle", "citation_conference_title": "conferenceName",
                   "citation_inbook_title": "publicationTitle", "citation_publisher": "publisher",
                   "citation_abstract": "abstractNote", "citation_doi": "DOI", "citation_public_url": "url",
                   "citation_volume": "volume", "citation_issue": "issue"}
# Zotero's base fields under the name each item type gives them (the server answers with these).
TYPE_FIELDS = {"preprint": {"publisher": "repository"}, "conferencePaper": {"publicationTitle": "proceedingsTitle"}}
CREATOR_TAGS = {"presentation": ("z:presenters", "presenter")}


def _name(text: str, creator_type: str) -> dict:
    """zotero/utilities' cleanAuthor, as every translator here calls it: a name holding a
    comma is "Family, Given" (split at the comma); any other is split at its last space."""
    text = " ".join(text.split()).strip(" .,/[]:")
    if "," in text:
        text = re.sub(r"\.([^ ])", r". \1", text, count=1)
        last, first = (re.split(r", ?", text) + [""])[:2]
    else:
        first, _, last = text.rpartition(" ")
    if re.fullmatch(r"[A-Z]{1,3}", first) and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{letter}." for letter in first)  # "JD" is initials
    if first:  # a period after every initial
        parts = re.split(r"(?:[\s.]+|(?=-))", first.strip(" .").rstrip(" ,"))
        first = " ".join(part + ("." if re.fullmatch(r"-?[A-Z]", part) else "") for part in parts)
        first = first.replace(" -", "-").strip()
    return {"firstName": first, "lastName": last, "creatorType": creator_type}


def embedded_metadata(soup, page_url: str) -> dict:
    metas: list[tuple[str, str]] = []
    for meta in soup.find_all("meta"):
        name, content = meta.get("name") or meta.get("property"), meta.get("content")
        if name and content:
            metas.append((name, content))

    def first(name: str) -> str | None:
        return next((content for tag, content in metas if tag == name), None)

    hw_type = None
    for tag, _ in metas:
        hw_type = HIGHWIRE_TYPES.get(tag, hw_type)
    og_type = {"website": "webpage"}.get(first("og:type") or "")
    guess = "journalArticle" if first("citation_title") else "webpage"
    item_type = hw_type or first("z:itemType") or og_type or guess
    item: dict = {"itemType": item_type}
    for tag, content in metas:  # RDF: og:title is the title; every other z: tag fills its field
        if tag == "og:title":
            item.setdefault("title", content)
        elif tag.startswith("z:") and tag not in ("z:itemType", "z:presenters"):
            item[tag[2:]] = content
    creator_tag, creator_type = CREATOR_TAGS.get(item_type, ("", ""))
    item["creators"] = [_name(content, creator_type) for tag, content in metas if tag == creator_tag]
    for tag, content in metas:  # Highwire tags come after, and win
        if tag in HIGHWIRE_FIELDS:
            item[HIGHWIRE_FIELDS[tag]] = content
    pages = [first(tag) for tag in ("citation_firstpage", "citation_lastpage")]
    if pages[0]:
        item["pages"] = "-".join(page for page in pages if page)
    authors = [_name(content, "author") for tag, content in metas if tag == "citation_author"]
    if authors:
        item["creators"] = authors
    item.setdefault("abstractNote", first("description"))
    if soup.title and soup.title.string:  # a page with no title tag is saved under the document's
        item.setdefault("title", soup.title.string.strip())
    item.setdefault("url", first("citation_abstract_html_url") or page_url)
    item["url"] = urljoin(page_url, item["url"])
    renamed = TYPE_FIELDS.get(item_type, {})
    return {renamed.get(key, key): value for key, value in item.items() if value is not None}


def coins(soup) -> list[dict]:
    """Each COinS span's item, as parseContextObject reads it (keys in order)."""
    items = []
    for span in soup.find_all("span", class_="Z3988"):
        pairs = parse_qsl(span["title"])
        formats = {"info:ofi/fmt:kev:mtx:journal": "journalArticle", "info:ofi/fmt:kev:mtx:dc": "webpage"}
        item: dict = {"itemType": formats[dict(pairs)["rft_val_fmt"]], "creators": []}
        for key, value in pairs:
            if key == "rft_id" and value.startswith("info:doi/"):
                item["DOI"] = value.removeprefix("info:doi/")
            elif key == "rft_id" and re.match(r"https?://", value):
                item["url"] = value
            elif key == "rft.title":
                in_container = item["itemType"] in ("journalArticle", "bookSection", "conferencePaper")
                item["publicationTitle" if in_container else "title"] = value
            elif key in ("rft.au", "rft.creator"):
                item["creators"].append(_name(value, "author"))
            elif key == "rft.date":
                item["date"] = value
            elif key in ("rft.volume", "rft.issue", "rft.pages"):
                item[key.removeprefix("rft.")] = value
            elif key == "rft.description":
                item["abstractNote"] = value
            elif key in ("rft.pub", "rft.publisher"):
                item["publisher"] = value
            elif key == "rft.source":
                item["publicationTitle"] = value
            elif key == "rft.type":
                item["itemType"] = value
        renamed = TYPE_FIELDS.get(item["itemType"], {})
        items.append({renamed.get(key, key): value for key, value in item.items()})
    return items
