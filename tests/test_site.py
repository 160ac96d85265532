"""The real site: every seed item is an entry, every theme has a guide, builds are deterministic."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

from conftest import REPO, build, copy_site
from helpers import article, catalog, page, text, warnings
from test_incremental import edit, output_files, output_files_in, same_files

SOURCES = {
    "rovinj": "000_defcf751eea584e2.txt",
    "utaustin": "001_6dd1f85b16cc44d6.txt",
    "tilos": "002_e5a8963b632db77d.txt",
    "publications": "003_ef54b0d1d99c6463.txt",
    "daily": "004_203764438dbd6878.txt",
}
@pytest.fixture(scope="module")
def site(real_site):
    return real_site


def test_the_site_builds_without_any_warning(site):
    assert warnings(site) == []


def test_every_talk_of_the_three_talk_sources_is_in_the_catalog(site):
    # Counted per listing, which does not change: an editor's new talks come from other sources.
    talks = catalog(site)["talks"]
    by_source = {name: [t for t in talks if t["source"] == file] for name, file in SOURCES.items()}
    assert [len(by_source[n]) for n in ("rovinj", "utaustin", "tilos")] == [24, 14, 16]
    tbd = sorted(t["id"] for t in talks if t["status"] == "tbd")
    assert tbd == ["brbic-tbd", "da-silveira-tbd", "flammarion-tbd"]
    assert all(t["title"] is None for t in talks if t["status"] == "tbd")


def test_every_paper_of_the_two_lists_is_in_the_catalog(site):
    papers = catalog(site)["papers"]
    from_lists = [p for p in papers if p["source"] in (SOURCES["publications"], SOURCES["daily"])]
    assert len(from_lists) == 86  # no true duplicates between the two lists
    assert len([p for p in from_lists if p["source"] == SOURCES["publications"]]) == 50
    cited_by_talks = sorted(p["key"] for p in papers if p["source"] == SOURCES["rovinj"])
    assert cited_by_talks == ["arxiv2402.03902", "arxiv2407.11542"]
    # The daily listing gives a number of authors and no names; that stays visible.
    daily = [p for p in papers if p["source"] == SOURCES["daily"]]
    assert all(p["listing"]["authors"] == [] for p in daily)
    assert sorted(p["key"] for p in daily if not p["listing"]["n_authors"]) == [
        "dalemeetslangevin", "emergenttransferphysics"]  # two entries give no count either
    for paper in daily:  # names only where a verified record gave them, as many as counted
        assert paper["authors"] == [] or "author" in paper["verified"]["added"]
        if paper["authors"] and paper["listing"]["n_authors"]:
            assert len(paper["authors"]) == paper["listing"]["n_authors"]


def test_every_person_once(site):
    people = catalog(site)["people"]
    spellings = [name.casefold() for p in people for name in [p["name"], *p["aliases"]]]
    assert len(spellings) == len(set(spellings))
    mahoney = next(p for p in people if p["name"] == "Michael W. Mahoney")
    assert "Michael Mahoney" in mahoney["aliases"] and len(mahoney["talks"]) == 2
    bruna = next(p for p in people if p["name"] == "Joan Bruna")
    assert bruna["talks"] and len(bruna["papers"]) > 30  # speaker and author: one page


def test_every_theme_has_a_hand_written_guide(site):
    for theme in catalog(site)["themes"]:
        assert theme["url"] == f"guides/{theme['id']}.html"
        assert (REPO / "guides" / f"{theme['id']}.md").exists()


def test_every_entry_has_a_theme_except_tbd_talks(site):
    data = catalog(site)
    assert all(p["themes"] for p in data["papers"])
    assert all(t["themes"] for t in data["talks"] if t["status"] != "tbd")


def cited_keys(guide: Path) -> set[str]:
    """The keys a guide cites: in its text, and through its reading path's paper steps."""
    text = guide.read_text()
    cited = {key.strip() for group in re.findall(r"\{cite:[a-z]+\}`([^`]+)`", text) for key in group.split(",")}
    return cited | set(re.findall(r"^```\{step\} paper:(\S+)$", text, re.M))


# Every guide page but the list of entries that fit no guide.
GUIDES = sorted(p.stem for p in (REPO / "guides").glob("*.md") if p.stem != "other")


@pytest.mark.parametrize("theme_id", GUIDES)
def test_guide_bibliography_lists_exactly_what_it_cites(site, theme_id):
    cited = cited_keys(REPO / "guides" / f"{theme_id}.md")
    assert cited, "a guide cites its papers"
    body = article(site, f"guides/{theme_id}")
    entries = body.find("div", class_="citation-list").find_all("div", class_="citation")
    assert len(entries) == len(cited)
    download = parse_file(Path(site.outdir) / f"guides/{theme_id}.bib", "bibtex")
    assert set(download.entries) == cited


@pytest.mark.parametrize("theme_id", sorted(p.stem for p in (REPO / "guides").glob("*.md")))
def test_guide_lists_every_tagged_entry_and_each_links_back(site, theme_id):
    data = catalog(site)
    theme = next(t for t in data["themes"] if t["id"] == theme_id)
    body = article(site, f"guides/{theme_id}")
    lists = body.find_all("ul", class_="scholar-entries")
    listed = {a["href"] for ul in lists[-2:] for a in ul.find_all("a", class_="scholar-title")}
    urls = {t["url"] for t in data["talks"] if t["id"] in theme["talks"]}
    urls |= {p["url"] for p in data["papers"] if p["key"] in theme["papers"]}
    assert {f"../{url}" for url in urls} == listed
    for url in urls:
        entry = article(site, url.removesuffix(".html"))
        assert any(a["href"].endswith(f"guides/{theme_id}.html") for a in entry.find_all("a", href=True))


def test_landing_page_leads_with_the_guides(site):
    body = article(site, "index")
    lists = [ul for ul in body.find_all("ul") if {"scholar-themes", "scholar-events"} & set(ul.get("class", []))]
    assert ["scholar-themes" in ul["class"] for ul in lists] == [True, False]
    lines = [text(li) for li in lists[0].find_all("li")]
    assert lines[0].startswith("Start here: foundations and a curriculum — ")
    assert re.search(r"— \d+ talks?, \d+ papers?\.", lines[0])


def test_landing_page_and_navigation_follow_the_curriculum_of_themes_yaml(site):
    """Each guide comes after the guides it builds on, on the landing page and in the sidebar."""
    import yaml

    from scholar.registry import Theme, curriculum

    data = yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8"))
    themes = {key: Theme(key, value["title"], builds_on=value.get("builds_on") or []) for key, value in data.items()}
    expected = [themes[key].title for key in curriculum(themes)]
    landing = [a.get_text() for a in article(site, "index").select("ul.scholar-themes a.scholar-title")]
    assert landing == expected
    position = {theme_id: number for number, theme_id in enumerate(curriculum(themes))}
    assert all(position[need] < position[key] for key, theme in themes.items() for need in theme.builds_on)
    toctree = re.findall(r"^guides/([a-z-]+)$", (REPO / "index.md").read_text(encoding="utf-8"), re.M)
    assert toctree == curriculum(themes)


def test_a_parallel_build_in_another_process_equals_the_serial_build(site, tmp_path):
    """Another process (another hash seed) and two workers: the same bytes as the session's build."""
    src = copy_site(tmp_path / "parallel")
    out = tmp_path / "parallel-html"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", "2", "-n",
                    "-d", str(tmp_path / "parallel-doctrees"), str(src), str(out)],
                   check=True, env={**os.environ, "PYTHONHASHSEED": "12345"}, capture_output=True)
    assert same_files(output_files_in(out), output_files(site)) == []


def test_rebuilding_the_real_site_after_an_edit_and_its_undo_gives_the_same_bytes(site):
    """The real site's incremental path, on the session's own build (a copy would be a new
    source folder, which Sphinx rebuilds from scratch): a talk's abstract and themes are
    edited, the site rebuilt, the edit undone and the site rebuilt again; every file is as the
    clean build wrote it. The small test site checks each kind of edit against a clean build."""
    before = output_files(site)
    talk = Path(site.srcdir) / "talks/rovinj-2024/kempe-synthetic-data.md"
    original = talk.read_text(encoding="utf-8")
    try:
        edit(talk, "As AI model size grows", "As model size grows")
        edit(talk, ":themes: ", ":themes: transformers, ")
        edited = build(Path(site.srcdir), mathjax=True)
        assert "As model size grows" in text(page(edited, "talks/rovinj-2024/kempe-synthetic-data"))
    finally:
        talk.write_text(original, encoding="utf-8")
    assert same_files(output_files(build(Path(site.srcdir), mathjax=True)), before) == []


# -- the curriculum -----------------------------------------------------------------------------


def foundations_section(guide: Path) -> str:
    text = guide.read_text(encoding="utf-8")
    return text.split("## Before you start", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("theme_id", [g for g in GUIDES if g != "foundations"])
def test_every_guide_has_a_foundations_section_cited_in_its_bibliography(site, theme_id):
    guide = REPO / "guides" / f"{theme_id}.md"
    section = foundations_section(guide)
    references = {key.strip() for group in re.findall(r"\{cite:t\}`([^`]+)`", section) for key in group.split(",")}
    assert 2 <= len(references) <= 6, references
    papers = {p["key"]: p for p in catalog(site)["papers"]}
    assert any(papers[key]["added_by"] for key in references), "at least one canonical outside reference"
    assert re.search(r"\{doc\}`(?:[^`<]*<)?foundations>?`", section), "links the Start here page"
    download = parse_file(Path(site.outdir) / f"guides/{theme_id}.bib", "bibtex")
    assert references <= set(download.entries)


@pytest.mark.parametrize("theme_id", GUIDES)
def test_every_guide_links_at_least_five_glossary_terms(site, theme_id):
    body = article(site, f"guides/{theme_id}")
    terms = {a["href"].split("#")[1] for a in body.find_all("a", href=True) if "glossary.html#term-" in a["href"]}
    assert len(terms) >= 5, sorted(terms)


@pytest.mark.parametrize("theme_id", GUIDES)
def test_every_reading_path_starts_introductory_and_says_why(site, theme_id):
    body = article(site, f"guides/{theme_id}")
    items = [li for ol in body.find_all("ol", class_="scholar-path") for li in ol.find_all("li", recursive=False)]
    assert len(items) >= 5
    assert "scholar-level-introductory" in items[0]["class"]
    for item in items:
        why = item.find("div", class_="scholar-step-body")
        assert why is not None and len(text(why).split()) >= 8, text(item)
    assert not re.search(r"\bwatch", (REPO / "guides" / f"{theme_id}.md").read_text(), re.I)


def test_glossary_defines_at_least_forty_concepts_and_each_says_where_to_read_more(site):
    body = article(site, "glossary")
    definitions = body.find_all("dd")
    assert len(definitions) >= 40
    assert all("Read more:" in text(dd) for dd in definitions)


def test_start_here_comes_first(site):
    body = article(site, "index")
    first_link = body.find("a", href=re.compile(r"guides/foundations\.html"))
    assert first_link is not None and "Start here" in text(first_link.find_parent("p"))
    sidebar = page(site, "index").find("div", class_="sidebar-tree").find("a")
    assert sidebar["href"].endswith("guides/foundations.html")


def listing_papers(site) -> list[dict]:
    return [p for p in catalog(site)["papers"] if p["source"]]


def test_every_listing_paper_links_its_paper_or_offers_searches(site):
    linked = searched = 0
    for paper in listing_papers(site):
        links = {a.get_text(): a["href"] for a in article(site, paper["url"][:-5]).find_all("a", class_="external")}
        if paper["arxiv"]:
            assert links[f"arXiv:{paper['arxiv']}"] == f"https://arxiv.org/abs/{paper['arxiv']}"
            assert paper["verified"] and paper["verified"]["url"].startswith("http")
            linked += 1
        else:
            assert {"arXiv", "Semantic Scholar", "Google Scholar"} <= set(links), paper["key"]
            searched += 1
    assert linked and searched  # both kinds are there, so both branches were checked


def test_no_identifier_contradicts_the_listing_date(site):
    months = ["", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    for paper in listing_papers(site):
        if not paper["verified"] or "eprint" not in paper["verified"]["added"]:
            continue
        checks = paper["verified"]["checks"]
        if "year" in paper["verified"]["added"]:  # the listing gave month and day only
            bib = parse_file(REPO / "refs.bib", "bibtex").entries[paper["key"]].fields
            assert months.index(bib["month"]) == int(paper["date"][5:7]) and int(bib["day"]) == int(paper["date"][8:])
        elif paper["listing"]["authors"] or paper["listing"]["n_authors"]:
            offset = re.search(r"v1 date (\d{4}-\d{2}-\d{2}) one day (?:after|before) the listing's (\d{4}-\d{2}-\d{2})",
                               checks)
            if offset:  # a daily listing, one day off: recorded as date_offset in verified.yaml
                v1, listed = (dt.date.fromisoformat(day) for day in offset.groups())
                assert abs((v1 - listed).days) == 1 and listed.isoformat() == paper["date"], paper["key"]
            else:
                assert f"v1 date {paper['date']} = the listing's" in checks, paper["key"]


def test_a_person_address_that_changed_still_leads_to_the_person(site):
    old = Path(site.outdir) / "people" / "ulf-g-meiner.html"
    assert 'content="0; url=ulf-g-meissner.html"' in old.read_text(encoding="utf-8")
    assert "Meißner" in text(page(site, "people/ulf-g-meissner"))


def test_a_build_for_the_placeholder_address_says_so_and_the_site_has_a_favicon(site):
    assert "set SITE_URL to the address the site is published at" in site.status.getvalue()
    assert warnings(site) == []  # a message, not a warning
    assert page(site, "index").find("link", rel="icon")["href"] == "_static/favicon.svg"


def test_event_pages_explain_the_stars_and_only_talks_with_a_time_have_one(site):
    dated = page(site, "talks/rovinj-2024/index")
    note = dated.find("p", class_="scholar-agenda-note")
    assert note.find("a")["href"] == "../../agenda.html" and "kept in this browser" in note.get_text()
    assert dated.select("button.scholar-star")
    # A recorded-talk series has no times: nothing to put in a calendar, so no stars and no note.
    recorded = page(site, "talks/tilos-recorded-talks/index")
    assert not recorded.select("button.scholar-star") and recorded.find("p", class_="scholar-agenda-note") is None


def _search_index(site) -> dict:
    script = (Path(site.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("(") + 1:script.rindex(")")])


def _object_anchor(index: dict, prefix: str, objtype: int, anchor: str, name: str) -> str:
    """The anchor Sphinx's searchtools.js links an object to: "" means its full name."""
    fullname = f"{prefix}.{name}" if prefix else name
    if anchor == "":
        return fullname
    return f"{index['objnames'][str(objtype)][1]}-{fullname}" if anchor == "-" else anchor


def test_every_search_result_leads_to_an_anchor_that_exists(site):
    """Section titles, index entries and objects all send the reader to page#anchor."""
    index = _search_index(site)
    ids_of: dict[int, set[str]] = {}

    def ids(number: int) -> set[str]:
        if number not in ids_of:
            html = (Path(site.outdir) / f"{index['docnames'][number]}.html").read_text(encoding="utf-8")
            ids_of[number] = set(re.findall(r'\sid="([^"]+)"', html))
        return ids_of[number]

    targets = [(number, anchor) for found in index["alltitles"].values() for number, anchor in found]
    targets += [(number, anchor) for found in index["indexentries"].values() for number, anchor, _main in found]
    targets += [(number, _object_anchor(index, prefix, objtype, anchor, name))
                for prefix, group in index["objects"].items() for number, objtype, _prio, anchor, name in group]
    dead = sorted({(index["docnames"][n], a) for n, a in targets if a and a not in ids(n)})
    assert len(targets) > 1000 and dead == []


def test_each_guide_page_carries_its_search_terms_as_main_index_entries(site):
    index = _search_index(site)
    terms = {theme_id: theme["search_terms"] for theme_id, theme in
             yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8")).items() if "search_terms" in theme}
    assert len(terms) >= 10
    for theme_id, words in terms.items():
        for word in words:
            pages = {index["docnames"][n] for n, _anchor, main in index["indexentries"][word.lower()] if main}
            assert f"guides/{theme_id}" in pages, word


def test_a_title_with_a_tex_dash_reads_as_on_its_page_in_every_plain_text_export(site):
    """The listing writes "spring--block"; the page shows an en dash, and so do the exports."""
    outdir = Path(site.outdir)
    shown = text(article(site, "talks/rovinj-2024/shi-spring-block-theory").find("h1"))
    assert shown.startswith("A spring–block theory")
    calendar = (outdir / "calendars/talks/shi-spring-block-theory.ics").read_text(encoding="utf-8")
    assert "SUMMARY:A spring–block theory" in calendar
    assert "\nNAME:A spring–block theory" in calendar and "X-WR-CALNAME:A spring–block theory" in calendar
    csl = json.loads((outdir / "catalog.csl.json").read_text(encoding="utf-8"))
    talk = next(item for item in csl if item["id"] == "shi-spring-block-theory")
    assert talk["title"].startswith("A spring–block theory")
    head = (outdir / "talks/rovinj-2024/shi-spring-block-theory.html").read_text(encoding="utf-8")
    assert "spring--block" not in head.split("<body", 1)[0]  # meta tags and JSON-LD


# What TeX left in plain text looks like: a control word, a TeX dash, a dollar of math, or
# a subscript whose letter was lost ("f__t" from "f_{\\hatρ_t}").
TEX_LEFT_OVER = re.compile(r"\\[A-Za-z]+|(?<![-\w])--(?![-\w])|\w--\w|\$|__")


def test_no_plain_text_export_of_the_real_site_shows_tex(site):
    """Every title, abstract and name of CSL-JSON, the calendars and the feeds, as a reader's app reads it."""
    from xml.etree import ElementTree  # the site's own output, not untrusted input

    from icalendar import Calendar

    outdir = Path(site.outdir)
    csl = json.loads((outdir / "catalog.csl.json").read_text(encoding="utf-8"))
    texts = [(item["id"], value) for item in csl for value in item.values() if isinstance(value, str)]
    for path in outdir.glob("calendars/**/*.ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        texts += [(path.name, str(value)) for component in calendar.walk()
                  for name, value in component.items() if name in {"NAME", "X-WR-CALNAME", "SUMMARY", "DESCRIPTION"}]
    for path in outdir.glob("feeds/**/*.atom"):
        texts += [(path.name, element.text) for element in ElementTree.parse(path).iter()
                  if element.text and element.tag.rpartition("}")[2] in {"title", "summary", "content", "name"}]
    assert len(texts) > 5000
    assert [(where, value) for where, value in texts if TEX_LEFT_OVER.search(value)] == []


def test_a_journal_article_gives_its_publisher_doi_and_journal_in_its_structured_data(site):
    [data] = [json.loads(s.get_text()) for s in page(site, "papers/olshausen1996emergence").find_all(
        "script", type="application/ld+json")]
    assert data["@type"] == "ScholarlyArticle" and data["isPartOf"] == {"@type": "Periodical", "name": "Nature"}
    assert data["identifier"] == [{"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1038/381607a0"}]
    assert data["sameAs"] == ["https://doi.org/10.1038/381607a0"]
