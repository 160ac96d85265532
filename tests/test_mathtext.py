"""Titles and abstracts as plain text (meta tags, CSL-JSON, calendars, feeds): no Sphinx build."""

from __future__ import annotations

import pytest

from scholar.mathtext import math_to_text


@pytest.mark.parametrize(("written", "plain"), [
    # A control word ends at the first letter that is not ASCII, as TeX and MathJax read it.
    ("$f_{\\hatρ_t^m}$", "f_ρ̂_t^m"),
    ("$\\|f_{ρ_t^{MF}} - f_{\\hatρ_t^m}\\|$", "‖f_ρ_t^MF - f_ρ̂_t^m‖"),
    ("$\\alphaβ$", "α β"),
    ("$\\hat{\\rho}_t$", "ρ̂_t"),
    ("$p \\asymp \\sqrt{n}$", "p ≍ √(n)"),
    ("$x \\in \\mathbb{R}^d$", "x ∈ ℝ^d"),
    ("$\\mathcal{O}(n)$", "O(n)"),
    ("$\\frac{1}{n}$", "1/n"),
])
def test_math_becomes_the_unicode_a_reader_would_write(written, plain):
    assert math_to_text(written) == plain


@pytest.mark.parametrize(("written", "plain"), [
    ("A spring--block theory", "A spring–block theory"),
    ("rates --- and limits...", "rates — and limits…"),
    ("50% of the \"data\" & more", "50% of the “data” & more"),
])
def test_prose_gets_the_typography_of_the_page(written, plain):
    assert math_to_text(written) == plain


def test_prose_and_math_keep_their_spacing():
    assert math_to_text("Rates  $O(1/n)$ for\n $d \\geq 2$.") == "Rates O(1/n) for d ≥ 2."
