"""BibTeX field text to plain Unicode: fast unit tests, no Sphinx build."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scholar import bib

# Plain text, names with accents and hyphens, and every character the decoder treats specially.
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:-'`~%$\\{}\t\néøłñ") + ["\\'e", '\\"o', "--", "---", "''", "``"])


@settings(max_examples=500, derandomize=True)
@given(st.lists(ALPHABET, max_size=12).map("".join))
def test_the_shortcut_gives_what_the_decoder_gives(text):
    assert bib.latex_to_text(text) == bib.decoded_text(text)


def test_accents_dashes_and_braces():
    assert bib.latex_to_text("Erd{\\H{o}}s--R{\\'e}nyi") == "Erdős–Rényi"
    assert bib.latex_to_text("{G}aussian  processes") == "Gaussian processes"
    assert bib.latex_to_text("Jean-Luc Zoë") == "Jean-Luc Zoë"


def test_math_is_kept_as_written():
    assert bib.latex_to_text("Learning $\\ell_1$ {Sparse} codes") == "Learning $\\ell_1$ Sparse codes"


def test_text_commands_of_titles_are_decoded():
    assert bib.latex_to_text("On \\emph{Sharp} Bounds for {\\d{a}} \\textdollar 5") == "On Sharp Bounds for ạ $5"
    assert bib.latex_to_text("C{\\o}rdoba {\\ss} \\L{}ukasz") == "Cørdoba ß Łukasz"


def test_percent_and_ampersand_are_the_characters_meant():
    assert bib.latex_to_text("50% Fewer {Cogs}") == "50% Fewer Cogs"
    assert bib.latex_to_text("Impact, Order Imbalance & {V}olatility") == "Impact, Order Imbalance & Volatility"
    assert bib.latex_to_text("AT\\&T {B}ell") == "AT&T Bell"


def test_a_command_the_decoder_does_not_know_is_shown_not_dropped():
    assert bib.latex_to_text("the {\\Ocal} macro") == "the \\Ocal macro"
    assert bib.latex_to_text("as in {\\citet{smith2020}}") == "as in \\citet{smith2020}"


def test_the_scan_finds_each_field_and_its_line():
    from scholar import bibfiles

    [record] = bibfiles.scan('@article{key ,\n  title = "A {b} c" # x,\n  year = 2020\n}\n')
    assert record.problem is None
    assert [(f.name, f.value, f.line) for f in record.fields] == [("title", "A {b} cx", 2), ("year", "2020", 3)]
    [broken] = bibfiles.scan("@article{key,\n  title = {T}\n  year = 2020\n}\n")
    assert (broken.problem_line, broken.problem) == (
        2, "a comma is missing after the field 'title' (every field after it would be lost)")
