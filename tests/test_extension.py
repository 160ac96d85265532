"""The extension on a small site: directives, roles, backlinks, generated pages, catalog."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpers import article, catalog, link_targets, page, text, warnings

SCHEMA = json.loads((Path(__file__).parents[1] / "_ext/scholar/catalog.schema.json").read_text())


@pytest.fixture(scope="module")
def site(basic_site):
    return basic_site


def test_build_has_no_warning(site):
    assert warnings(site) == []


def test_talk_page_shows_speaker_event_time_themes_and_papers(site):
    body = article(site, "talks/ev2024/lee-causal")
    assert body.find("h1").get_text().startswith("How Transformers Learn Causal Structure")
    content = text(body)
    assert "Speaker: Jason Lee (Princeton University)" in content
    assert "Event: Test Workshop 2024" in content
    assert "When: Monday 30 September 2024, 09:20–10:10 (Europe/Zagreb, UTC+02:00)" in content
    assert "Themes: Transformers" in content
    assert "Papers presented Learning Single-Index Models with Shallow Neural Networks" in content
    assert "(the abstract presents it)" in content
    hrefs = link_targets(body)
    assert "../../people/jason-lee.html" in hrefs
    assert "index.html" in hrefs  # the event
    assert "../../papers/bruna2022single.html" in hrefs
    assert "../../themes/transformers.html" in hrefs
    assert body.find("span", class_="math") is not None  # $x^2$ renders as math


def test_tbd_talk_is_marked_and_has_no_invented_title(site):
    body = article(site, "talks/ev2024/bruna-tbd")
    assert body.find("h1").get_text().startswith("Talk to be announced (Joan Bruna)")
    assert "the programme lists this talk as TBD" in text(body)
    talk = next(t for t in catalog(site)["talks"] if t["id"] == "bruna-tbd")
    assert talk["title"] is None and talk["status"] == "tbd"
    # Not offered to Zotero as a presentation to cite; a scheduled talk is.
    assert page(site, "talks/ev2024/bruna-tbd").find("meta", attrs={"name": "z:itemType"}) is None
    assert page(site, "talks/ev2024/lee-causal").find("meta", attrs={"name": "z:itemType"})["content"] == "presentation"


def test_paper_page_takes_its_facts_from_refs_bib(site):
    body = article(site, "papers/bruna2022single")
    content = text(body)
    assert body.find("h1").get_text().startswith("Learning Single-Index Models with Shallow Neural Networks")
    assert "Authors: Alberto Bietti, Joan Bruna et al. (the source truncates the author list)" in content
    assert "Date: 27 October 2022" in content
    hrefs = link_targets(body)
    assert "https://arxiv.org/abs/2210.15651" in hrefs
    assert "../people/alberto-bietti.html" in hrefs and "../people/joan-bruna.html" in hrefs
    assert "Presented in talks How Transformers Learn Causal Structure" in content


def test_paper_known_by_author_count_names_nobody(site):
    content = text(article(site, "papers/count2020only"))
    assert "Authors: 4 authors (the source gives no names)" in content
    paper = next(p for p in catalog(site)["papers"] if p["key"] == "count2020only")
    assert paper["authors"] == [] and paper["n_authors"] == 4 and paper["authors_complete"] is False


def test_aliases_give_one_person_page_listing_both_spellings(site):
    body = article(site, "people/jason-lee")
    content = text(body)
    assert "Also written: Jason Lee" in content
    assert "Talks (2)" in content
    assert "How Transformers Learn Causal Structure" in content and "A second talk" in content
    person = next(p for p in catalog(site)["people"] if p["id"] == "jason-lee")
    assert person["talks"] == ["lee-causal", "lee-second"]
    assert not (Path(site.srcdir) / "people" / "jason-d-lee.md").exists()


def test_person_page_lists_papers(site):
    content = text(article(site, "people/joan-bruna"))
    assert "Papers (1)" in content and "Learning Single-Index Models" in content
    assert "Talks (1)" in content and "Talk to be announced (Joan Bruna)" in content


def test_event_schedule_is_grouped_by_day_in_time_order_with_slots(site):
    body = article(site, "talks/ev2024/index")
    days = [text(h) for h in body.find_all(class_="scholar-day")]
    assert days == ["Monday 30 September 2024", "Tuesday 1 October 2024"]
    items = [text(li).replace("☆ ", "") for li in body.find_all("ul", class_="scholar-schedule")[0].find_all("li")]
    stars = [b["data-talk"] for b in body.find_all("button", class_="scholar-star")]
    assert stars == ["bruna-tbd", "lee-causal", "lee-second"]
    assert items == [
        "08:30–09:20 Talk to be announced (Joan Bruna) — Joan Bruna",
        "09:20–10:10 How Transformers Learn Causal Structure — Jason Lee",
        "10:10–10:40 Coffee break",
    ]


def test_talk_and_person_pages_carry_explained_agenda_stars(site):
    talk = article(site, "talks/ev2024/lee-causal")
    note = talk.find("p", class_="scholar-agenda-note")
    assert note.find("button", class_="scholar-star")["data-talk"] == "lee-causal"
    assert note.find("a")["href"] == "../../agenda.html" and "Star this talk" in text(note)
    person = article(site, "people/jason-lee")
    stars = [b["data-talk"] for b in person.find_all("button", class_="scholar-star")]
    assert stars == ["lee-second", "lee-causal"]  # newest first, as the list is
    assert "adds a talk to my agenda" in text(person.find("p", class_="scholar-agenda-note"))


def test_theme_pages_generated_only_without_a_guide(site):
    assert (Path(site.srcdir) / "themes" / "transformers.md").exists()
    assert not (Path(site.srcdir) / "themes" / "diffusion.md").exists()
    guide = text(article(site, "guides/diffusion"))
    assert "All talks on this theme (2)" in guide and "All papers on this theme (1)" in guide
    generated = text(article(site, "themes/transformers"))
    assert "All talks on this theme (2)" in generated and "A Paper Known by Its Author Count" in generated


def test_theme_lists_are_newest_first(site):
    body = article(site, "themes/transformers")
    talks = [text(a) for a in body.find_all("ul", class_="scholar-entries")[0].find_all("a")]
    assert talks == ["A second talk", "How Transformers Learn Causal Structure"]


def test_roles_resolve_to_titles(site):
    body = article(site, "index")
    content = text(body)
    assert "See How Transformers Learn Causal Structure, Learning Single-Index Models with Shallow Neural Networks, Jason D. Lee" in content
    hrefs = link_targets(body)
    for target in ("talks/ev2024/lee-causal.html", "papers/bruna2022single.html", "people/jason-lee.html",
                   "talks/ev2024/index.html", "guides/diffusion.html"):
        assert target in hrefs


def test_generated_pages_are_reachable_and_searchable(site):
    people_index = link_targets(article(site, "people/index"))
    assert {"alberto-bietti.html", "jason-lee.html", "joan-bruna.html"} <= set(people_index)
    nav = link_targets(page(site, "talks/ev2024/lee-causal").find(class_="sidebar-tree"))
    assert any("people/index.html" in href for href in nav)
    searchindex = (Path(site.outdir) / "searchindex.js").read_text()
    assert "people/jason-lee" in searchindex and "Jason D. Lee" in searchindex


def test_entries_are_in_the_object_inventory(site):
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.load((Path(site.outdir) / "objects.inv").open("rb"), "", lambda *a: "/".join(a))
    assert "lee-causal" in inventory["scholar:talk"]
    assert "bruna2022single" in inventory["scholar:paper"]
    assert "jason-lee" in inventory["scholar:person"]


def test_catalog_matches_its_schema_and_the_sources(site):
    data = catalog(site)
    jsonschema.validate(data, SCHEMA)
    assert [t["id"] for t in data["talks"]] == ["bruna-tbd", "lee-causal", "lee-second"]
    assert data["events"][0]["talks"] == ["bruna-tbd", "lee-causal", "lee-second"]
    assert data["events"][0]["timezone"] == "Europe/Zagreb"
    talk = next(t for t in data["talks"] if t["id"] == "lee-causal")
    # 30 September 2024 is summer time in Zagreb: UTC+2
    assert (talk["starts_at"], talk["ends_at"]) == ("2024-09-30T09:20:00+02:00", "2024-09-30T10:10:00+02:00")
    paper = next(p for p in data["papers"] if p["key"] == "bruna2022single")
    assert paper["talks"] == ["lee-causal"]
    assert paper["authors"] == ["Alberto Bietti", "Joan Bruna"] and paper["authors_complete"] is False
    assert paper["arxiv"] == "2210.15651" and paper["category"] == "cs.LG" and paper["date"] == "2022-10-27"
    theme = next(t for t in data["themes"] if t["id"] == "diffusion")
    assert theme["url"] == "guides/diffusion.html"
    assert theme["talks"] == ["bruna-tbd", "lee-second"] and theme["papers"] == ["bruna2022single"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Lénaïc Chizat", "lenaic-chizat"),
    ("Łukasz Dębowski", "lukasz-debowski"),
    ("Søren Hauberg", "soren-hauberg"),
    ("Ulf-G. Meißner", "ulf-g-meissner"),
])
def test_person_ids_transliterate_letters_instead_of_dropping_them(name, expected):
    from scholar.names import person_id

    assert person_id(name) == expected


def test_csl_json_is_offered_as_a_download(site):
    link = page(site, "papers/bruna2022single").find("a", string="download it (.csl.json)")
    assert link["href"] == "bruna2022single.csl.json" and link.has_attr("download")


def test_a_talk_without_an_end_says_so_and_its_calendar_has_only_a_start(site):
    content = text(article(site, "talks/ev2024/lee-second"))
    assert "08:30 (Europe/Zagreb, UTC+02:00); the programme gives no end time" in content
    calendar = (Path(site.outdir) / "calendars/talks/lee-second.ics").read_text(encoding="utf-8")
    assert "DTSTART" in calendar and "DTEND" not in calendar and "DURATION" not in calendar
