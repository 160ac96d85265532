"""Reading paths, provenance of paper facts, and what a reader can get of each entry."""

from __future__ import annotations

import pytest

from conftest import build, copy_root
from helpers import article, catalog, page, text, warnings


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "curriculum", tmp_path_factory.mktemp("curriculum")))


def test_builds_without_warnings(site):
    assert warnings(site) == []


def path_items(site, docname="guides/engines"):
    [path, *rest] = article(site, docname).find_all("ol", class_="scholar-path")
    return [path, *rest]


def test_steps_become_one_numbered_list_across_the_page(site):
    lists = path_items(site)
    assert [ol.get("start") for ol in lists] == [None, "3", "4"]  # one per level heading, numbered on
    items = [li for ol in lists for li in ol.find_all("li", recursive=False)]
    assert [li.find("input")["data-entry"] for li in items] == [
        "paper:editors1843", "talk:lovelace-notes", "paper:completed2021", "talk:babbage-difference",
        "paper:unverified2019"]
    assert [li.find(class_="scholar-level").get_text() for li in items] == [
        "Introductory", "Introductory", "Core", "Advanced", "Advanced"]


def step_text(site, entry):
    item = next(li for ol in path_items(site) for li in ol.find_all("li", recursive=False)
                if li.find("input")["data-entry"] == entry)
    return text(item)


def test_a_step_says_what_a_reader_can_get(site):
    assert "arXiv:2103.00001" in step_text(site, "paper:completed2021")
    unverified = next(li for ol in path_items(site) for li in ol.find_all("li", recursive=False)
                      if li.find("input")["data-entry"] == "paper:unverified2019")
    assert "Find it: arXiv, Semantic Scholar, Google Scholar" in text(unverified)
    search = unverified.find("a", string="arXiv")["href"]
    assert search.startswith("https://arxiv.org/search/?query=") and "searchtype=title" in search
    assert ("Abstract only: the series lists it as a recorded talk, but no recording link has been verified."
            in step_text(site, "talk:lovelace-notes"))
    recorded = step_text(site, "talk:babbage-difference")
    assert "Recording" in recorded and "Abstract only" not in recorded


def test_a_step_says_why_and_cites_its_paper(site):
    assert "The first description of the engine; start here." in step_text(site, "paper:editors1843")
    bibliography = article(site, "guides/engines").find("div", class_="citation-list")
    cited = {a.get_text() for a in bibliography.find_all("span", class_="label")}
    assert len(cited) == 3  # the three paper steps, and only they


def test_progress_is_announced_for_the_whole_path(site):
    body = article(site, "guides/engines")
    [progress] = body.find_all("p", class_="scholar-progress")
    assert progress["data-entries"].split() == [
        "paper:editors1843", "talk:lovelace-notes", "paper:completed2021", "talk:babbage-difference",
        "paper:unverified2019"]
    assert progress.find_next("ol")["class"] == ["arabic", "scholar-path"]
    landing = article(site, "index").find("span", class_="scholar-progress")
    assert landing["data-entries"] == progress["data-entries"]


def test_completed_authors_say_what_the_listing_gave(site):
    content = text(article(site, "papers/completed2021"))
    assert ("Authors: Ada Lovelace, Charles Babbage, Mary Somerville (the listing names 1 and truncates with "
            "“et al.”; the full list is from the verified record)") in content
    assert ("Provenance: From the source listing listing.txt; checked against https://arxiv.org/abs/2103.00001 "
            "(title, abstract, v1 date 2021-03-02 = listing, first author as listed; taken from that record, "
            "not the listing: arXiv id, full author list).") in content


def test_count_only_listing_and_added_year_are_marked(site):
    content = text(article(site, "papers/counted2020"))
    assert "(the listing gives only the number, 2; the full list is from the verified record)" in content
    assert "Date: 30 June 2020 (the year is from the verified record; the listing gives none)" in content


def test_unverified_paper_offers_title_searches_only(site):
    links = {a.get_text(): a["href"] for a in article(site, "papers/unverified2019").find_all("a", class_="external")
             if "scholar-file" not in a["class"]}  # the page's own downloads are not searches
    assert set(links) == {"arXiv", "Semantic Scholar", "Google Scholar"}
    assert links["arXiv"] == ("https://arxiv.org/search/?query=A+Paper+Nobody+Could+Find%3A+O%28n%29+Steps"
                              "&searchtype=title")
    assert "no verified identifier" in text(article(site, "papers/unverified2019"))


def test_editors_entry_says_so(site):
    content = text(article(site, "papers/editors1843"))
    assert "Provenance: Added by the editors, as background reading for the engines guide; not from a source" in content
    assert "Find it: no verified identifier; search by title: arXiv, Semantic Scholar, Google Scholar" in content


def test_catalog_keeps_listing_facts_beside_verified_ones(site):
    papers = {p["key"]: p for p in catalog(site)["papers"]}
    completed = papers["completed2021"]
    assert completed["authors"] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert completed["authors_complete"] is True and completed["n_authors"] == 3
    assert completed["listing"] == {"authors": ["Ada Lovelace"], "authors_complete": False, "n_authors": None}
    assert completed["verified"] == {
        "url": "https://arxiv.org/abs/2103.00001", "added": ["eprint", "author"],
        "checks": "title, abstract, v1 date 2021-03-02 = listing, first author as listed"}
    assert papers["counted2020"]["listing"] == {"authors": [], "authors_complete": False, "n_authors": 2}
    assert papers["unverified2019"]["verified"] is None and papers["unverified2019"]["arxiv"] is None
    assert papers["editors1843"]["source"] is None
    assert papers["editors1843"]["added_by"] == "the editors, as background reading for the engines guide"


def test_recorded_event_says_no_recording_is_linked(site):
    assert "Recordings: the source lists these as recorded talks" in text(article(site, "talks/series/index"))


def test_a_series_of_recordings_is_no_event_in_its_structured_data(site):
    """It has no date and no place: search engines would list an Event without either as broken."""
    import json

    [data] = [json.loads(s.get_text()) for s in page(site, "talks/series/index").find_all(
        "script", type="application/ld+json")]
    assert data == {"@context": "https://schema.org", "@type": "CreativeWorkSeries", "name": "Recorded Lectures",
                    "url": "index.html"}


def test_people_without_a_registry_record_get_pages(site):
    # Emmy Noether is named only as an author in refs.bib, not in people.yaml.
    people = {p["id"]: p for p in catalog(site)["people"]}
    assert people["emmy-noether"]["papers"] == ["counted2020"]
    assert page(site, "people/emmy-noether").find("h1")


def test_a_book_is_a_book_in_its_structured_data_with_its_publisher(site):
    import json

    [data] = [json.loads(s.get_text()) for s in page(site, "papers/editors1843").find_all("script",
                                                                                         type="application/ld+json")]
    assert data["@type"] == "Book" and data["publisher"] == {"@type": "Organization", "name": "Taylor"}
    assert [a["name"] for a in data["author"]] == ["Ada Lovelace"] and data["datePublished"] == "1843"
