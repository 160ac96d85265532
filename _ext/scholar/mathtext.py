"""TeX math as plain text: the one conversion every plain-text output uses.

Titles and abstracts are prose with math between ``$`` signs. Where the site shows them
as HTML, MathJax typesets the math. Where they leave the site as plain text (meta tags,
JSON-LD, COinS, CSL-JSON, Atom summaries, calendar descriptions), the math is turned into
the Unicode a reader would write: ``$p \\asymp \\sqrt{n}$`` becomes ``p ≍ √(n)`` and
``$\\mathrm{NTK}$`` becomes ``NTK``. Prose outside the dollars is Markdown, not LaTeX, so
``50%`` and ``&`` mean themselves; it gets the typography Sphinx gives it in the HTML
(docutils' smartquotes: ``--`` an en dash, ``---`` an em dash, curly quotes, ``...`` an
ellipsis), so that a title reads the same on the page and in a reference manager.
``catalog.json`` is data, not a plain-text rendering, and keeps the TeX source.

pylatexenc does the conversion; relations and arrows are given spaces around them (its
defaults glue ``x \\in \\mathbb{R}`` into ``x ∈ℝ``), ``\\|`` becomes a norm bar, and letters
in another font stay plain letters (``\\mathcal{O}`` is ``O``; ``\\mathbb{R}`` stays ``ℝ``).
"""

from __future__ import annotations

import functools
import re

from docutils.utils import smartquotes
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context_db
from pylatexenc.macrospec import MacroSpec

# Font macros the parser must know take an argument, or their text is lost with a warning.
_FONTS = ("mathcal", "mathscr", "mathfrak", "mathsf", "mathbf", "boldsymbol", "bm", "mathit", "mathrm", "mathtt",
          "mathbb")

# A control word is ASCII letters, as TeX and MathJax read it: "\hatρ" is \hat applied to ρ.
# pylatexenc would read a macro "hatρ", so a space is put where the control word ends.
_CONTROL_WORD_END = re.compile(r"(\\[A-Za-z]+)(?=[^\x00-\x7f])")

# Inline ($...$) or display ($$...$$) math, as MyST's dollarmath reads it.
_MATH = re.compile(r"(\$\$.+?\$\$|\$[^$]+\$)", re.DOTALL)

_SPACED = {
    "in": "∈", "notin": "∉", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "asymp": "≍",
    "approx": "≈", "sim": "∼", "simeq": "≃", "to": "→", "rightarrow": "→", "mapsto": "↦",
    "subset": "⊂", "subseteq": "⊆", "times": "×", "neq": "≠", "ne": "≠", "equiv": "≡",
    "propto": "∝", "lesssim": "≲", "gtrsim": "≳", "ll": "≪", "gg": "≫", "cdot": "·",
}


@functools.cache
def _converter() -> LatexNodes2Text:
    context = get_default_latex_context_db().filter_context()  # a copy, not the shared default
    macros = [MacroTextSpec(name, f" {symbol} ") for name, symbol in _SPACED.items()]
    macros += [MacroTextSpec(name, "‖") for name in ("|", "lVert", "rVert", "Vert")]
    # Letters in another font stay letters ("O(n)", not "𝒪(n)"): searchable, and what a reader types.
    macros += [MacroTextSpec(name, "%s") for name in _FONTS if name != "mathbb"]
    context.add_context_category("scholar-relations", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces="macros")


def math_to_text(text: str | None) -> str:
    """``text`` with its math as Unicode and its white space collapsed."""
    if not text:
        return ""
    pieces = [_math_piece(piece) if _MATH.fullmatch(piece) else _prose(piece) for piece in _MATH.split(text)]
    return " ".join("".join(pieces).split())


def _prose(text: str) -> str:
    """Dashes, quotes and ellipses as Sphinx's default ``smartquotes_action`` ("qDe") sets them."""
    return smartquotes.smartyPants(text, "qDe", "en") if text else text


@functools.cache
def _walker_context():  # type: ignore[no-untyped-def]
    context = walker_context_db().filter_context()
    context.add_context_category("scholar-fonts", prepend=True, macros=[
        MacroSpec(name, "{") for name in _FONTS])
    return context


@functools.lru_cache(maxsize=4096)
def _math_piece(math: str) -> str:
    try:
        math = _CONTROL_WORD_END.sub(r"\1 ", math)
        nodes = LatexWalker(math, latex_context=_walker_context(), tolerant_parsing=True).get_latex_nodes()[0]
        return _converter().nodelist_to_text(nodes)
    except Exception:  # noqa: BLE001  (pylatexenc's parse errors have no common base) keep the TeX
        return math.strip("$")
