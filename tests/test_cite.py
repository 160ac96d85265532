"""Exports for reference managers, parsed with independent parsers and checked against catalog.json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pybtex.database import parse_string

from helpers import article, catalog, page

INTERNAL_FIELDS = {"authorcount", "themes", "source", "notes", "keywords"}


def bibtex_block(app, docname: str) -> str | None:
    block = article(app, docname).find("div", class_="highlight-bibtex")
    return block.get_text() if block else None


def zotero_embedded_metadata(soup) -> dict:
    """The item Zotero's "Embedded Metadata" translator makes of a page's Highwire tags.

    A transcription of its rules for the tags used here: the item type comes from the
    most specific tag present (citation_title alone means a journal article), authors
    are one per citation_author tag, the date is citation_publication_date, else
    citation_date, else citation_online_date or citation_year.
    """
    def values(name):
        return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]

    item_type = None
    for tag, kind in (("citation_journal_title", "journalArticle"), ("citation_technical_report_institution", "report"),
                      ("citation_conference_title", "conferencePaper"), ("citation_book_title", "bookSection"),
                      ("citation_dissertation_institution", "thesis")):
        if values(tag):
            item_type = kind
    if item_type is None and values("citation_title"):
        item_type = "journalArticle"
    creators = []
    for value in values("citation_author"):
        for name in re.split(r"\s*;\s*", value):
            if "," in name:
                last, first = [part.strip() for part in name.split(",", 1)]
            else:
                first, _, last = name.rpartition(" ")
            creators.append({"firstName": first, "lastName": last, "creatorType": "author"})
    date = next(iter(values("citation_publication_date") or values("citation_date")
                     or values("citation_online_date") or values("citation_year")), None)
    return {"itemType": item_type, "title": next(iter(values("citation_title")), None),
            "creators": creators, "date": date, "DOI": next(iter(values("citation_doi")), None)}


def json_ld(app, docname: str) -> list[dict]:
    return [json.loads(s.get_text()) for s in page(app, docname).find_all("script", type="application/ld+json")]


def test_paper_bibtex_parses_and_matches_the_catalog(basic_site):
    for paper in catalog(basic_site)["papers"]:
        data = parse_string(bibtex_block(basic_site, paper["url"].removesuffix(".html")), "bibtex")
        entry = data.entries[paper["key"]]
        assert entry.fields["title"].strip("{}") == paper["title"]
        names = [" ".join(p.first_names + p.last_names) for p in entry.persons.get("author", [])]
        expected = paper["authors"] + ([] if paper["authors_complete"] or not paper["authors"] else ["others"])
        assert [n if n else "others" for n in names] == expected
        assert not INTERNAL_FIELDS & {name.lower() for name in entry.fields}
        if paper["arxiv"]:
            assert entry.fields["doi"] == f"10.48550/arXiv.{paper['arxiv']}"
            assert entry.fields["eprint"] == paper["arxiv"]


def test_talk_bibtex_is_a_presentation_with_event_date_and_place(basic_site):
    block = bibtex_block(basic_site, "talks/ev2024/lee-causal")
    entry = parse_string(block, "bibtex").entries["lee-causal"]
    assert entry.type == "unpublished"
    assert entry.fields["eventtitle"] == "Test Workshop 2024" and entry.fields["venue"] == "Rovinj, Croatia"
    assert entry.fields["date"] == "2024-09-30"
    assert [str(p) for p in entry.persons["author"]] == ["Lee, Jason"]
    assert bibtex_block(basic_site, "talks/ev2024/bruna-tbd") is None  # nothing to cite yet


def test_downloads_hold_every_paper_and_every_titled_talk(basic_site):
    outdir = Path(basic_site.outdir)
    data = catalog(basic_site)
    papers = parse_string((outdir / "refs.bib").read_text(), "bibtex")
    assert sorted(papers.entries) == sorted(p["key"] for p in data["papers"])
    talks = parse_string((outdir / "talks.bib").read_text(), "bibtex")
    assert sorted(talks.entries) == sorted(t["id"] for t in data["talks"] if t["status"] != "tbd")
    for entry in list(papers.entries.values()) + list(talks.entries.values()):
        assert not INTERNAL_FIELDS & {name.lower() for name in entry.fields}


def test_highwire_tags_give_zotero_the_right_item(basic_site):
    for paper in catalog(basic_site)["papers"]:
        item = zotero_embedded_metadata(page(basic_site, paper["url"].removesuffix(".html")))
        assert item["itemType"] == "journalArticle"
        assert item["title"] == paper["title"]
        assert [f"{c['firstName']} {c['lastName']}" for c in item["creators"]] == paper["authors"]
        year = (paper["date"] or "")[:4] or None
        assert item["date"] is None or item["date"].startswith(year or item["date"][:4])
        assert item["DOI"] == (f"10.48550/arXiv.{paper['arxiv']}" if paper["arxiv"] else None)


def test_count_only_paper_has_no_invented_author_tag(basic_site):
    soup = page(basic_site, "papers/count2020only")
    assert soup.find_all("meta", attrs={"name": "citation_author"}) == []
    assert soup.find("meta", attrs={"name": "citation_publication_date"})["content"] == "2020"


def test_arxiv_paper_carries_identifier_tags(basic_site):
    soup = page(basic_site, "papers/bruna2022single")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": re.compile("^citation_")})}
    assert meta["citation_arxiv_id"] == "2210.15651"
    assert meta["citation_pdf_url"] == "https://arxiv.org/pdf/2210.15651"
    assert meta["citation_abstract_html_url"] == "https://arxiv.org/abs/2210.15651"
    assert meta["citation_abstract"].startswith("Single-index models f(x) = φ(x · θ^*)")


@pytest.mark.parametrize("docname", ["talks/ev2024/lee-causal", "talks/ev2024/index", "guides/diffusion", "index",
                                     "people/jason-lee"])
def test_no_highwire_tags_outside_paper_pages(basic_site, docname):
    assert page(basic_site, docname).find("meta", attrs={"name": re.compile("^citation_")}) is None


def test_json_ld_describes_each_kind_of_page(basic_site):
    [paper] = json_ld(basic_site, "papers/bruna2022single")
    assert paper["@type"] == "ScholarlyArticle" and paper["datePublished"] == "2022-10-27"
    assert [a["name"] for a in paper["author"]] == ["Alberto Bietti", "Joan Bruna"]
    assert {"propertyID": "arXiv", "value": "2210.15651", "@type": "PropertyValue"} in paper["identifier"]
    assert "https://arxiv.org/abs/2210.15651" in paper["sameAs"]
    [talk] = json_ld(basic_site, "talks/ev2024/lee-causal")
    assert talk["@type"] == "Event"
    assert talk["startDate"] == "2024-09-30T09:20:00+02:00" and talk["endDate"] == "2024-09-30T10:10:00+02:00"
    assert talk["superEvent"]["name"] == "Test Workshop 2024" and talk["location"]["name"] == "Rovinj, Croatia"
    assert [p["name"] for p in talk["performer"]] == ["Jason Lee"]
    [event] = json_ld(basic_site, "talks/ev2024/index")
    assert event["@type"] == "Event" and event["startDate"] == "2024-09-30" and event["endDate"] == "2024-10-01"
    [person] = json_ld(basic_site, "people/jason-lee")
    assert person == {"@context": "https://schema.org", "@type": "Person", "name": "Jason D. Lee",
                      "alternateName": ["Jason Lee"], "url": "people/jason-lee.html",
                      "affiliation": {"@type": "Organization", "name": "Princeton University"}}


def coins_on(app, docname: str) -> list[dict]:
    spans = page(app, docname).find_all("span", class_="Z3988")
    return [parse_qs(span["title"]) for span in spans]


def test_list_pages_offer_every_listed_paper_as_coins(basic_site):
    data = catalog(basic_site)
    listed = coins_on(basic_site, "papers")
    assert sorted(c["rft.atitle"][0] for c in listed) == sorted(p["title"] for p in data["papers"])
    bruna = next(c for c in listed if c["rft.atitle"][0].startswith("Learning Single-Index"))
    assert bruna["rft.au"] == ["Alberto Bietti", "Joan Bruna"] and bruna["rft.date"] == ["2022-10-27"]
    assert "info:doi/10.48550/arXiv.2210.15651" in bruna["rft_id"]
    guide = {c["rft.atitle"][0] for c in coins_on(basic_site, "guides/diffusion")}
    theme = next(t for t in data["themes"] if t["id"] == "diffusion")
    titles = {p["key"]: p["title"] for p in data["papers"]}
    cited = {"bruna2022single", "count2020only"}
    assert guide == {titles[key] for key in set(theme["papers"]) | cited}


def test_guide_offers_its_cited_works_as_bibtex(basic_site):
    bibfile = Path(basic_site.outdir) / "guides/diffusion.bib"
    assert sorted(parse_string(bibfile.read_text(), "bibtex").entries) == ["bruna2022single", "count2020only"]
    links = [a for a in article(basic_site, "guides/diffusion").find_all("a") if a.get("href") == "diffusion.bib"]
    assert links
    references = article(basic_site, "guides/diffusion").find(class_="citation-list")
    assert references is not None and "Learning Single-Index Models" in references.get_text()
