"""A glossary term's link carries its definition, and follows it when the glossary changes."""

from __future__ import annotations

import pytest

from conftest import build, copy_root
from helpers import page, warnings
from test_incremental import assert_same_site, clean_build_of


@pytest.fixture
def srcdir(rootdir, tmp_path):
    return copy_root(rootdir, "glossary", tmp_path)


def definitions(app) -> dict[str, str]:
    links = page(app, "reading").select("a.scholar-term")
    return {link.get_text(): link["title"] for link in links}


def test_a_term_link_shows_the_definition_with_its_math_as_text(srcdir):
    app = build(srcdir)
    assert warnings(app) == []
    assert definitions(app) == {
        "score function": "The gradient ∇_x log p(x) of the log-density of a distribution.",
        "Langevin dynamics": "A stochastic differential equation whose stationary distribution is a given density.",
    }


def test_an_edited_definition_reaches_the_pages_that_use_the_term(srcdir, tmp_path):
    build(srcdir)
    glossary = srcdir / "glossary.md"
    glossary.write_text(glossary.read_text().replace("a given density", "the target density"))
    app = build(srcdir)
    assert definitions(app)["Langevin dynamics"].endswith("is the target density.")
    assert_same_site(app, clean_build_of(srcdir, tmp_path))


def test_definitions_read_in_parallel_are_the_same(srcdir, tmp_path):
    assert_same_site(build(srcdir, parallel=2), clean_build_of(srcdir, tmp_path))
