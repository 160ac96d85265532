"""Two works by the same authors in the same year get labels a reader can tell apart."""

from __future__ import annotations

from conftest import build, copy_root
from helpers import article, text, warnings

TWINS = """
@misc{twin2021second,
  title = {{Zeta: The Second Paper}},
  author = {Alberto Bietti and Joan Bruna and Jason Lee},
  year = {2021},
}

@misc{twin2021first,
  title = {{Alpha: The First Paper}},
  author = {Alberto Bietti and Joan Bruna and Jason Lee},
  year = {2021},
}
"""


def test_works_that_would_share_a_label_get_a_letter_and_keep_their_year(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path)
    (srcdir / "refs.bib").write_text((srcdir / "refs.bib").read_text() + TWINS)
    for key in ("twin2021first", "twin2021second"):
        (srcdir / f"papers/{key}.md").write_text(f"```{{paper}} {key}\n:themes: diffusion\n\nAn abstract.\n```\n")
    guide = srcdir / "guides/diffusion.md"
    guide.write_text(guide.read_text().replace(
        "Cited here:", "Twins: {cite:t}`twin2021second` and {cite:p}`twin2021first`. Cited here:"))
    app = build(srcdir, bibtex_reference_style="author_year_distinct")
    assert warnings(app) == []
    body = text(article(app, "guides/diffusion"))
    # Letters in the order of the titles: "Alpha" is a, "Zeta" is b, whatever the order cited.
    assert "Twins: Bietti et al. [ 2021b ] and [ Bietti et al., 2021a ]." in body
    # The guide's BibTeX and CSL-JSON keep the works' real year.
    exported = (srcdir / "_build/html/guides/diffusion.bib").read_text(encoding="utf-8")
    assert exported.count('year = "2021"') == 2 and "2021a" not in exported
    csl = (srcdir / "_build/html/guides/diffusion.csl.json").read_text(encoding="utf-8")
    assert "2021a" not in csl and "2021b" not in csl


def test_the_plain_author_year_style_is_left_as_it_is(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path)
    (srcdir / "refs.bib").write_text((srcdir / "refs.bib").read_text() + TWINS)
    guide = srcdir / "guides/diffusion.md"
    guide.write_text(guide.read_text().replace("Cited here:", "Twins: {cite:t}`twin2021second`. Cited here:"))
    app = build(srcdir, bibtex_reference_style="author_year")
    assert "Twins: Bietti et al. [ 2021 ]." in text(article(app, "guides/diffusion"))
