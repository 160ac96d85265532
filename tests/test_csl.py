"""CSL-JSON downloads, validated against the CSL-JSON schema, and the formatted reference."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from helpers import article, catalog

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8"))


def csl_file(app, relpath: str) -> list[dict]:
    return json.loads((Path(app.outdir) / relpath).read_text(encoding="utf-8"))


def test_every_download_validates_against_the_csl_schema(basic_site):
    files = sorted(Path(basic_site.outdir).rglob("*.csl.json"))
    assert len(files) >= 5
    for path in files:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)


def test_the_whole_catalog_has_every_paper_and_every_announced_talk(basic_site):
    data = catalog(basic_site)
    ids = sorted(item["id"] for item in csl_file(basic_site, "catalog.csl.json"))
    announced = [t["id"] for t in data["talks"] if t["status"] != "tbd"]
    assert ids == sorted([p["key"] for p in data["papers"]] + announced)
    # a talk still to be announced has nothing to cite, as in talks.bib
    assert "bruna-tbd" not in ids and not (Path(basic_site.outdir) / "talks/ev2024/bruna-tbd.csl.json").exists()


def test_a_preprint_and_a_talk_as_csl_items(basic_site):
    [paper] = csl_file(basic_site, "papers/bruna2022single.csl.json")
    assert paper["type"] == "article" and paper["publisher"] == "arXiv"
    assert paper["author"] == [{"family": "Bietti", "given": "Alberto"}, {"family": "Bruna", "given": "Joan"}]
    assert paper["note"] == "Incomplete author list: the source names only the first authors"
    assert paper["issued"] == {"date-parts": [[2022, 10, 27]]} and paper["DOI"] == "10.48550/arXiv.2210.15651"
    [talk] = csl_file(basic_site, "talks/ev2024/lee-causal.csl.json")
    assert talk["type"] == "speech" and talk["genre"] == "Talk"
    assert (talk["event-title"], talk["event-place"]) == ("Test Workshop 2024", "Rovinj, Croatia")
    assert talk["author"] == [{"family": "Lee", "given": "Jason"}]


def test_a_guide_offers_the_works_it_cites(basic_site):
    ids = sorted(item["id"] for item in csl_file(basic_site, "guides/diffusion.csl.json"))
    assert ids == ["bruna2022single", "count2020only"]


def test_cite_this_shows_a_formatted_reference_and_both_formats(basic_site):
    page = article(basic_site, "papers/bruna2022single")
    reference = page.find(class_="scholar-reference").get_text(" ", strip=True)
    assert reference.startswith("Bietti, A. and Bruna, J. (2022)")
    assert "Learning Single-Index Models with Shallow Neural Networks" in reference
    # the listing cut the author list short, which the style cannot say: the page does
    assert reference.endswith("(Incomplete author list: the source names only the first authors.)")
    counted = article(basic_site, "papers/count2020only").find(class_="scholar-reference").get_text(" ", strip=True)
    assert counted.endswith("(No author named: the source gives only their number (4).)")
    download = page.find("a", string="download it (.csl.json)")
    assert download["href"] == "bruna2022single.csl.json"  # beside the page
    [item] = csl_file(basic_site, "papers/bruna2022single.csl.json")
    assert item["id"] == "bruna2022single" and item["title"].startswith("Learning Single-Index Models")
    assert page.get_text().count("Single-index models") == 1  # the abstract is not shown twice


def test_the_real_catalog_validates(real_site):
    items = csl_file(real_site, "catalog.csl.json")
    jsonschema.validate(items, SCHEMA)
    assert {item["type"] for item in items} >= {"article", "paper-conference", "speech"}


def test_a_formatted_reference_is_text_not_markup():
    """citeproc-py's HTML formatter does not escape: a title such as "k < n" must stay text."""
    from bs4 import BeautifulSoup

    from scholar.csl import formatted

    item = {"id": "x", "type": "article", "title": "When k < n & <b>m</b> grows", "issued": {"date-parts": [[2020]]},
            "author": [{"family": "Lovelace", "given": "Ada"}], "URL": "https://example.org/?a=1&b=2"}
    html = BeautifulSoup(formatted(item), "html.parser")
    assert html.find("b") is None
    assert "“When k < n & <b>m</b> grows”" in html.get_text()
    assert "https://example.org/?a=1&b=2" in html.get_text()
