"""One name and one publication, the same in every format: tests/roots/test-citations.

Its works hold a surname with a particle (von Oswald), compound surnames (Ben Arous,
García Fernández), a journal article with volume, issue and pages, a conference paper, a
book and a preprint; its talks a speaker whose family name only people.yaml gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

from pybtex.database import parse_string

from helpers import article, catalog, page, warnings
from zotero_model import coins, embedded_metadata

JOURNAL = "papers/oswald2021journal"
FAMILIES = ["von Oswald", "Ben Arous", "García Fernández"]


def meta(app, docname: str, name: str) -> list[str]:
    return [tag["content"] for tag in page(app, docname).find_all("meta", attrs={"name": name})]


def csl(app, docname: str) -> dict:
    [item] = json.loads((Path(app.outdir) / f"{docname}.csl.json").read_text(encoding="utf-8"))
    return item


def bib_entries(app, filename: str):
    return parse_string((Path(app.outdir) / filename).read_text(encoding="utf-8"), "bibtex").entries


def test_the_site_builds_without_a_warning(citations_site):
    assert warnings(citations_site) == []


def test_every_format_splits_a_name_where_its_family_name_begins(citations_site):
    assert meta(citations_site, JOURNAL, "citation_author") == [
        "von Oswald, Johannes", "Ben Arous, Gérard", "García Fernández, Jesús"]
    assert [name["family"] for name in csl(citations_site, JOURNAL)["author"]] == FAMILIES
    entry = bib_entries(citations_site, "refs.bib")["oswald2021journal"]
    assert [" ".join(p.prelast_names + p.last_names) for p in entry.persons["author"]] == FAMILIES
    [span] = [s for s in page(citations_site, "papers").find_all(class_="Z3988")
              if "Volume" in dict(parse_qsl(s["title"]))["rft.title"]]
    assert [v for k, v in parse_qsl(span["title"]) if k == "rft.creator"] == [
        "von Oswald, Johannes", "Ben Arous, Gérard", "García Fernández, Jesús"]
    # The pages and JSON-LD show a name as it is written.
    [ld] = [json.loads(s.get_text()) for s in page(citations_site, JOURNAL).find_all("script", type="application/ld+json")]
    assert [a["name"] for a in ld["author"]] == ["Johannes von Oswald", "Gérard Ben Arous", "Jesús García Fernández"]
    reference = article(citations_site, JOURNAL).find(class_="scholar-reference").get_text()
    assert reference.startswith("von Oswald, J., Ben Arous, G. and García Fernández, J.")


def test_a_speakers_family_name_comes_from_people_yaml(citations_site):
    talk = "talks/ws2025/ben-arous-dynamics"
    assert meta(citations_site, talk, "z:presenters") == ["Ben Arous, Gérard"]
    assert csl(citations_site, talk)["author"] == [{"family": "Ben Arous", "given": "Gérard"}]
    [person] = bib_entries(citations_site, "talks.bib")["ben-arous-dynamics"].persons["author"]
    assert person.last_names == ["Ben", "Arous"] and person.first_names == ["Gérard"]
    # Without a record, the name is split as BibTeX splits it: the particle joins the surname.
    assert meta(citations_site, "talks/ws2025/de-hoop-operators", "z:presenters") == ["de Hoop, Maarten"]


def test_volume_issue_and_pages_reach_every_format(citations_site):
    tags = {name: meta(citations_site, JOURNAL, name) for name in
            ("citation_volume", "citation_issue", "citation_firstpage", "citation_lastpage")}
    assert tags == {"citation_volume": ["12"], "citation_issue": ["3"], "citation_firstpage": ["235"],
                    "citation_lastpage": ["250"]}
    item = csl(citations_site, JOURNAL)
    assert (item["type"], item["volume"], item["issue"], item["page"]) == ("article-journal", "12", "3", "235-250")
    listed = next(c for c in coins(page(citations_site, "papers")) if c["itemType"] == "journalArticle")
    assert (listed["volume"], listed["issue"], listed["pages"]) == ("12", "3", "235-250")
    [paper] = [p for p in catalog(citations_site)["papers"] if p["key"] == "oswald2021journal"]
    assert paper["publication"] == {"type": "journalArticle", "venue": "Journal of Test Results", "volume": "12",
                                    "issue": "3", "pages": "235-250", "publisher": None,
                                    "doi": "10.1234/jtr.2021.235", "date": "2021"}
    assert paper["author_names"][0] == {"family": "von Oswald", "given": "Johannes"}
    # "Cite this" is no preprint: it names the journal, volume, issue and pages.
    reference = article(citations_site, JOURNAL).find(class_="scholar-reference").get_text()
    assert "Journal of Test Results, 12(3), pp. 235–250" in reference and "Preprint" not in reference


def test_a_conference_paper_has_one_shape_from_its_page_and_from_a_list(citations_site):
    docname = "papers/hoop2023conference"
    saved = embedded_metadata(page(citations_site, docname), f"http://site/{docname}.html")
    listed = next(c for c in coins(page(citations_site, "papers")) if c["itemType"] == "conferencePaper")
    venue = "Proceedings of the Test Conference on Learning"
    assert saved["itemType"] == "conferencePaper" and saved["proceedingsTitle"] == listed["proceedingsTitle"] == venue
    assert csl(citations_site, docname)["container-title"] == venue


def test_list_pages_offer_papers_and_talks_and_never_one_item_alone(citations_site):
    person = coins(page(citations_site, "people/gerard-ben-arous"))
    assert sorted(item["itemType"] for item in person) == ["journalArticle", "presentation"]
    schedule = coins(page(citations_site, "talks/ws2025/index"))
    assert sorted(item["title"] for item in schedule) == ["Dynamics of Learning in High Dimension", "Learning Operators"]
    # The talk to be announced is on the schedule but offered nowhere as a work.
    assert "lovelace-tbd" in str(page(citations_site, "talks/ws2025/index"))
    assert not meta(citations_site, "talks/ws2025/lovelace-tbd", "z:itemType")
    # A page listing one work would have Zotero save that work as if it were the page.
    assert page(citations_site, "people/roman-tester").find(class_="Z3988") is None
    assert article(citations_site, "people/roman-tester").find("a", href="../papers/tester2019book.html")


def test_a_book_is_a_book_with_its_publisher_everywhere(citations_site):
    docname = "papers/tester2019book"
    assert meta(citations_site, docname, "z:itemType") == ["book"]
    assert meta(citations_site, docname, "citation_publisher") == ["Test University Press"]
    item = csl(citations_site, docname)
    assert (item["type"], item["publisher"]) == ("book", "Test University Press")
    [ld] = [json.loads(s.get_text()) for s in page(citations_site, docname).find_all("script", type="application/ld+json")]
    assert ld["@type"] == "Book" and ld["publisher"]["name"] == "Test University Press"
    assert bib_entries(citations_site, "refs.bib")["tester2019book"].type == "book"


def test_a_preprint_published_at_a_conference_is_cited_as_published_everywhere(citations_site):
    """The published version's type, venue and year in every format; the preprint's id beside
    them, and arXiv's DOI nowhere (it names the preprint, not the published paper)."""
    docname, venue = "papers/turing2021published", "Advances in Test Systems 35 (TS 2022)"
    entry = bib_entries(citations_site, "refs.bib")["turing2021published"]
    assert entry.type == "inproceedings" and entry.fields["booktitle"] == venue
    assert (entry.fields["year"], entry.fields["date"], entry.fields["eprint"]) == ("2022", "2022", "2106.00001")
    assert "doi" not in entry.fields and "month" not in entry.fields
    item = csl(citations_site, docname)
    assert (item["type"], item["container-title"], item["issued"]) == ("paper-conference", venue, {"date-parts": [[2022]]})
    assert "DOI" not in item
    assert meta(citations_site, docname, "citation_conference_title") == [venue]
    assert meta(citations_site, docname, "citation_publication_date") == ["2022"]
    [paper] = [p for p in catalog(citations_site)["papers"] if p["key"] == "turing2021published"]
    assert (paper["venue"], paper["publication"]["type"], paper["publication"]["date"]) == (venue, "conferencePaper", "2022")


def test_a_record_with_no_named_author_sorts_and_prints_without_its_title_twice(basic_site):
    """natbib's styles print ``key`` in the author's place: it was the title, printed twice."""
    entry = parse_string((Path(basic_site.outdir) / "refs.bib").read_text(encoding="utf-8"), "bibtex").entries
    assert entry["count2020only"].fields["key"] == "[No author named]"
    assert "author" not in entry["count2020only"].persons


def test_a_journal_article_keeps_its_own_doi_and_no_arxiv_doi(citations_site):
    entry = bib_entries(citations_site, "refs.bib")["oswald2021journal"]
    assert entry.type == "article" and entry.fields["doi"] == "10.1234/jtr.2021.235"
    assert (entry.fields["volume"], entry.fields["number"], entry.fields["pages"]) == ("12", "3", "235--250")
