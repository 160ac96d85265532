"""The guides' machinery: the curriculum from themes.yaml, its diagram, coverage tables, abstracts' sources."""

from __future__ import annotations

import pytest

from conftest import build, copy_root
from helpers import article, catalog, page, text, warnings


@pytest.fixture(scope="module")
def guides_site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "guides", tmp_path_factory.mktemp("guides")))


def test_the_landing_page_lists_the_guides_after_what_they_build_on(guides_site):
    titles = [a.get_text() for a in article(guides_site, "index").select(".scholar-themes a.scholar-title")]
    # learning builds on networks, which themes.yaml lists after it
    assert titles == ["Probability in high dimension", "Neural networks", "Learning theory"]


def test_the_diagram_links_every_guide_and_draws_every_prerequisite(guides_site):
    svg = article(guides_site, "guides/probability").find("svg", class_="scholar-curriculum")
    assert [a["href"] for a in svg.find_all("a")][1:] == ["networks.html", "learning.html"]  # the first: this page
    assert len(svg.find_all("path", class_="scholar-curriculum-edge")) == 3
    assert svg.get("role") == "group" and svg.get("aria-label")
    listing = text(article(guides_site, "guides/probability").find("ol", class_="scholar-curriculum-list"))
    assert "Learning theory (builds on Neural networks, Probability in high dimension)" in listing
    assert "Probability in high dimension (no prerequisite guide)" in listing


def test_the_diagram_shows_progress_on_each_reading_path(guides_site):
    svg = article(guides_site, "guides/probability").find("svg", class_="scholar-curriculum")
    assert svg.find_all("text")  # titles are text, so they read in dark mode and scale on a phone


def test_a_coverage_table_shows_the_lists_and_what_is_left_out(guides_site):
    body = text(article(guides_site, "guides/probability"))
    assert "This guide was compared with 2 public reading lists of its topic" in body
    assert "A graduate course: lectures with readings" in body
    assert ("The lists and the editors name 3 works a student of the topic should know, 2 of them on two or more "
            "of the lists: 1 on the site, 2 not yet:") in body
    assert "Missing 2001, A Paper Not Here: covered by the networks guide" in body
    links = [a["href"] for a in article(guides_site, "guides/probability").select(".scholar-reading-lists a")]
    assert links == ["https://example.edu/course-a", "https://example.edu/course-b"]


def test_a_broken_coverage_table_is_a_warning_naming_the_guide(guides_site):
    reported = warnings(guides_site)
    assert any(line.startswith("guides/networks.md:3: WARNING: coverage: networks.yaml is not valid YAML")
               for line in reported), reported
    assert "guides/networks.md:3: WARNING: coverage: no coverage table coverage/networks.yaml for this guide " \
           "[scholar.coverage]" in reported


def test_an_abstract_copied_from_the_works_own_page_says_where_from(guides_site):
    body = text(article(guides_site, "papers/classic1998book"))
    assert "Abstract: The publisher's description, as published at https://www.cambridge.org/the-book " \
           "(not from a source listing)" in body
    [record] = [p for p in catalog(guides_site)["papers"] if p["key"] == "classic1998book"]
    assert record["abstract_source"] == {"url": "https://www.cambridge.org/the-book",
                                         "kind": "publisher-description", "excerpt": False}
    assert page(guides_site, "papers/classic1998book").find("a", href="https://www.cambridge.org/the-book")
