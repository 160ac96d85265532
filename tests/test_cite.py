"""Exports for reference managers, parsed with independent parsers and checked against catalog.json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from pybtex.database import parse_string

from helpers import article, catalog, page
from zotero_model import coins, embedded_metadata

RECORDED = Path(__file__).parent / "data" / "zotero"
# The fields the model must get as the real translators did.
COMPARED = ("itemType", "title", "creators", "date", "DOI", "url", "abstractNote", "extra", "archiveID", "repository",
            "conferenceName", "proceedingsTitle", "publicationTitle", "volume", "issue", "pages", "publisher",
            "meetingName", "place", "presentationType")
SITE = "http://127.0.0.1:8003/"  # where the recordings' pages were served (left out of them)

INTERNAL_FIELDS = {"authorcount", "themes", "source", "notes", "keywords"}


def bibtex_block(app, docname: str) -> str | None:
    block = article(app, docname).find("div", class_="highlight-bibtex")
    return block.get_text() if block else None


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
    # the event's capitals protected (pandoc's citeproc lower-cases unprotected titles)
    assert entry.fields["eventtitle"] == "{Test Workshop 2024}" and entry.fields["venue"] == "Rovinj, Croatia"
    assert entry.fields["note"] == "Talk at Test Workshop 2024, Rovinj, Croatia"  # what plain styles print
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


def _compared(item: dict) -> dict:
    return {name: item[name] for name in COMPARED if item.get(name) not in (None, "", [])}


def _strip_site(item: dict) -> dict:
    return {name: value.removeprefix(SITE) if isinstance(value, str) else value for name, value in item.items()}


@pytest.mark.parametrize("recording", sorted(RECORDED.glob("*/*.json")),
                         ids=lambda path: f"{path.parent.name}:{path.stem}")
def test_the_zotero_model_gives_what_the_real_translators_gave(request, recording):
    """Each page of a small site, read by the model, gives the items the real server returned."""
    site = request.getfixturevalue(f"{recording.parent.name}_site")
    docname = recording.stem.replace("--", "/")
    real = [_compared(item) for item in json.loads(recording.read_text(encoding="utf-8"))]
    soup = page(site, docname)
    if soup.find("span", class_="Z3988"):  # a list: COinS.js outranks Embedded Metadata
        model = [_compared(item) for item in coins(soup)]
        assert sorted(model, key=lambda i: i["title"]) == sorted(real, key=lambda i: i["title"])
    else:
        model = _compared(_strip_site(embedded_metadata(soup, f"{SITE}{docname}.html")))
        assert [model] == real


def test_a_preprint_saves_as_a_preprint_with_its_identifiers(basic_site):
    item = embedded_metadata(page(basic_site, "papers/bruna2022single"), "http://site/papers/bruna2022single.html")
    assert item["itemType"] == "preprint" and item["repository"] == "arXiv"
    assert item["archiveID"] == "arXiv:2210.15651" and item["DOI"] == "10.48550/arXiv.2210.15651"
    assert item["url"] == "https://arxiv.org/abs/2210.15651"
    assert [c["lastName"] for c in item["creators"]] == ["Bietti", "Bruna"]
    assert item["extra"] == "Incomplete author list: the source names only the first authors"
    assert item["abstractNote"].startswith("Single-index models f(x) = ϕ(x · θ^*)")


def test_a_talk_saves_as_a_presentation_never_as_a_paper(basic_site):
    soup = page(basic_site, "talks/ev2024/lee-causal")
    assert soup.find("span", class_="Z3988") is None  # else COinS.js would save a listed paper instead
    item = embedded_metadata(soup, "http://site/talks/ev2024/lee-causal.html")
    assert item["itemType"] == "presentation"
    assert item["creators"] == [{"firstName": "Jason", "lastName": "Lee", "creatorType": "presenter"}]
    assert (item["meetingName"], item["place"], item["date"]) == ("Test Workshop 2024", "Rovinj, Croatia",
                                                                   "2024-09-30")


def test_entry_pages_are_described_by_their_abstract(basic_site):
    soup = page(basic_site, "talks/ev2024/lee-causal")
    descriptions = [m["content"] for m in soup.find_all("meta", attrs={"name": "description"})]
    assert descriptions == ["We prove that gradient descent on a two-layer transformer learns x^2 structure."]
    assert soup.find("meta", property="og:description")["content"] == descriptions[0]
    assert len(soup.find_all("meta", property="og:title")) == 1  # sphinxext-opengraph added none of its own


def test_count_only_paper_has_no_invented_author_tag(basic_site):
    soup = page(basic_site, "papers/count2020only")
    assert soup.find_all("meta", attrs={"name": "citation_author"}) == []
    assert soup.find("meta", attrs={"name": "citation_publication_date"})["content"] == "2020"


def test_arxiv_paper_carries_identifier_tags(basic_site):
    soup = page(basic_site, "papers/bruna2022single")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": re.compile("^citation_")})}
    assert meta["citation_arxiv_id"] == "2210.15651"
    assert meta["citation_pdf_url"] == "https://arxiv.org/pdf/2210.15651"
    assert meta["citation_abstract"].startswith("Single-index models f(x) = ϕ(x · θ^*)")


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
    assert paper["creditText"] == "Alberto Bietti, Joan Bruna et al."  # the list is incomplete
    [nameless] = json_ld(basic_site, "papers/count2020only")  # four authors, none named
    assert nameless["author"] == [] and nameless["creditText"] == "No author named: the source gives only their number (4)"
    [talk] = json_ld(basic_site, "talks/ev2024/lee-causal")
    assert talk["@type"] == "Event"
    assert talk["startDate"] == "2024-09-30T09:20:00+02:00" and talk["endDate"] == "2024-09-30T10:10:00+02:00"
    assert talk["superEvent"]["name"] == "Test Workshop 2024" and talk["location"]["name"] == "Rovinj, Croatia"
    assert talk["eventStatus"] == "https://schema.org/EventScheduled"
    assert talk["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"  # it names a place
    assert [p["name"] for p in talk["performer"]] == ["Jason Lee"]
    [event] = json_ld(basic_site, "talks/ev2024/index")
    assert event["@type"] == "Event" and event["startDate"] == "2024-09-30" and event["endDate"] == "2024-10-01"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["name"] == "Rovinj, Croatia"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    [person] = json_ld(basic_site, "people/jason-lee")
    assert person == {"@context": "https://schema.org", "@type": "Person", "name": "Jason D. Lee",
                      "alternateName": ["Jason Lee"], "url": "jason-lee.html",  # relative to the page itself
                      "affiliation": {"@type": "Organization", "name": "Princeton University"}}


def test_list_pages_offer_every_listed_work_with_its_url_and_abstract(basic_site):
    data = catalog(basic_site)
    listed = coins(page(basic_site, "papers"))
    assert sorted(c["title"] for c in listed) == sorted(p["title"] for p in data["papers"])
    bruna = next(c for c in listed if c["title"].startswith("Learning Single-Index"))
    assert bruna["itemType"] == "preprint" and bruna["date"] == "2022-10-27"
    assert [c["lastName"] for c in bruna["creators"]] == ["Bietti", "Bruna"]
    assert bruna["DOI"] == "10.48550/arXiv.2210.15651" and bruna["url"] == "https://arxiv.org/abs/2210.15651"
    # COinS has no Extra field: the caveat a page puts there comes first in the abstract.
    caveat, abstract = bruna["abstractNote"].split("\n\n", 1)
    assert caveat == "Incomplete author list: the source names only the first authors"
    assert abstract.startswith("Single-index models")
    # A paper with no identifier is found at its page on the site (an absolute URL, which
    # Zotero keeps, on a site with html_baseurl; this test site has none).
    spans = [dict(parse_qsl(span["title"])) for span in page(basic_site, "papers").find_all(class_="Z3988")]
    unfound = [span for span in spans if span["rft.type"] == "document"]
    assert unfound and all(span["rft_id"].endswith(".html") for span in unfound)
    guide = {c["title"] for c in coins(page(basic_site, "guides/diffusion"))}
    theme = next(t for t in data["themes"] if t["id"] == "diffusion")
    titles = {p["key"]: p["title"] for p in data["papers"]}
    cited = {"bruna2022single", "count2020only"}
    talks = {t["id"]: t for t in data["talks"]}
    announced = {talks[t]["title"] for t in theme["talks"] if talks[t]["status"] != "tbd"}
    assert announced and guide == {titles[key] for key in set(theme["papers"]) | cited} | announced


def test_guide_offers_its_cited_works_as_bibtex(basic_site):
    bibfile = Path(basic_site.outdir) / "guides/diffusion.bib"
    assert sorted(parse_string(bibfile.read_text(), "bibtex").entries) == ["bruna2022single", "count2020only"]
    links = [a for a in article(basic_site, "guides/diffusion").find_all("a") if a.get("href") == "diffusion.bib"]
    assert links
    references = article(basic_site, "guides/diffusion").find(class_="citation-list")
    assert references is not None and "Learning Single-Index Models" in references.get_text()


def test_a_fields_latex_is_written_as_the_record_holds_it():
    """pybtex's writer encoded LaTeX a second time: 'Morgan \\& Claypool' became '\\\\&'."""
    from pybtex.database import Entry

    from scholar.cite import to_bibtex

    record = Entry("book", fields={"publisher": r"Morgan \& Claypool", "title": "{Impact & Volatility, 50\\% off}",
                                   "note": r"an \emph{aside}", "url": "https://example.org/~a#b"})
    written = parse_string(to_bibtex({"k": record}), "bibtex").entries["k"].fields
    assert written["publisher"] == r"Morgan \& Claypool"
    assert written["title"] == r"{Impact \& Volatility, 50\% off}"  # a listing's bare & escaped once
    assert written["note"] == r"an \emph{aside}" and written["url"] == "https://example.org/~a#b"
