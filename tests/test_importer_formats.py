"""Each source format's parser on a small excerpt written in that format (no files, no Sphinx).

The end-to-end run on the real listings is in test_importer.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importer.formats import FORMATS, Listing
from importer.load import read_manifest
from importer.text import SeedError

SYMPOSIUM = """\
# 1st Symposium on Learning

29/9/24 – 1/10/24

Rovinj, Croatia

---

## Agenda

### Monday, 30 September

<b>8:20 am</b>\tOpening remarks\tIvan Dokmanić
<b>8:30 am</b>\tSynthetic Data – Friend or Foe?\tJulia Kempe
<b>9:20 am</b>\tTBD\tRava da Silveira
<b>10:10 am</b>\tCoffee break

## Abstracts — Monday, 30 September

8:30 am **Julia Kempe** — New York University

### Synthetic Data – Friend or Foe

As AI model size grows, see arxiv:2402.03902.

9:20 am **Rava da Silveira** — CNRS
"""


def parse(format_name: str, text: str, **listing: str):
    return FORMATS[format_name](text, Listing("listing.txt", format_name, **listing))


def test_symposium_agenda():
    parsed = parse("symposium-agenda", SYMPOSIUM, event="sym", timezone="Europe/Zagreb")
    [event] = parsed.events
    assert (event.id, event.start, event.end, event.timezone, event.location) == (
        "sym", "2024-09-29", "2024-10-01", "Europe/Zagreb", "Rovinj, Croatia")
    kempe, tbd = parsed.talks
    # The agenda title wins (the abstract section drops the "?"); an item ends when the next starts.
    assert (kempe.title, kempe.date, kempe.start, kempe.end) == ("Synthetic Data – Friend or Foe?", "2024-09-30",
                                                                 "08:30", "09:20")
    assert kempe.speaker.affiliation == "New York University" and kempe.cited_arxiv == ["2402.03902"]
    assert tbd.title is None and tbd.speaker.name == "Rava da Silveira"
    assert [slot.title for slot in event.slots] == ["Opening remarks (Ivan Dokmanić)", "Coffee break"]


def test_symposium_agenda_refuses_an_abstract_without_agenda_slot():
    with pytest.raises(SeedError, match="abstracts with no agenda slot"):
        parse("symposium-agenda", SYMPOSIUM + "\n11:00 am **Nobody** — Nowhere\n\n### A Talk\n\nText.\n",
              event="sym", timezone="Europe/Zagreb")


WORKSHOP = """\
Events
Workshop
-
Mathematics of Deep Learning Workshop
The University of Texas at Austin Machine Learning Lab
Gates Dell Complex (GDC 6.302)
Austin, TX 78712
United States

A free workshop.
Agenda:
Feb 20, 2025
8:30-9:00am Coffee and Breakfast
9:00-9:45am Joan Bruna, Professor, New York University.
- Title: Posterior Sampling with Denoising Oracles
- Abstract: Score-based diffusion models learn a denoising oracle.
Break for Individual Lunch
2:30-4:00pm - Two graduate student talks, 25 mins each
Elzbieta Polak (Mathematics, UT Austin)
- Title: Optimization of Shallow Neural Networks
- Abstract: Polynomial activations.
\u2013
Patrícia Ewald (Mathematics, UT Austin)
- Title: Geometric interpretations
- Abstract: Truncation maps.
"""


def test_workshop_page():
    parsed = parse("workshop-page", WORKSHOP, event="ws", timezone="America/Chicago")
    [event] = parsed.events
    assert (event.id, event.start, event.end, event.timezone) == ("ws", "2025-02-20", "2025-02-20", "America/Chicago")
    bruna, polak, ewald = parsed.talks
    assert (bruna.start, bruna.end, bruna.speaker.affiliation) == ("09:00", "09:45", "Professor, New York University")
    # Graduate talks share their block's time and keep their order in it.
    assert [(t.start, t.end, t.order) for t in (polak, ewald)] == [("14:30", "16:00", 1), ("14:30", "16:00", 2)]
    assert [slot.title for slot in event.slots] == [
        "Coffee and Breakfast", "Break for Individual Lunch", "Two graduate student talks, 25 mins each"]
    assert event.slots[1].start is None  # an untimed item gets no invented time


SERIES = """\
Recorded Talks: Foundations of AI and Optimization
Flat Minima and Generalization
Maryam Fazel, University of Washington
When do overparameterized networks generalize?
Maryam Fazel is a professor at the University of Washington.
Hunting the Hessian
Madeleine Udell, Stanford University
Ill conditioned loss landscapes are ubiquitous.
This is joint work with others.
"""


def test_talk_series():
    parsed = parse("talk-series", SERIES, event="series")
    [event] = parsed.events
    assert event.recorded and event.start is None
    fazel, udell = parsed.talks
    assert (fazel.title, fazel.speaker.affiliation) == ("Flat Minima and Generalization", "University of Washington")
    assert fazel.bio == "Maryam Fazel is a professor at the University of Washington."
    assert udell.abstract.endswith("This is joint work with others.") and udell.bio is None
    assert fazel.date is None and fazel.start is None  # the series gives no dates


PUBLICATIONS = """\
LGOct 27, 2022
Learning Single-Index Models with Shallow Neural NetworksAlberto Bietti, Joan Bruna, Clayton Sanford et al.
Single-index models are a class of \\emph{functions} with $d$ dimensions.
CLMay 12Code
Geometric Factual Recall in TransformersShauli Ravfogel, Gilad Yehudai, Tal Linzen
Factual recall.
"""


def test_publication_list():
    first, second = parse("publication-list", PUBLICATIONS).papers
    assert first.title == "Learning Single-Index Models with Shallow Neural Networks"
    assert (first.authors, first.authors_truncated) == (["Alberto Bietti", "Joan Bruna", "Clayton Sanford"], True)
    assert (first.category, first.year, first.month, first.day) == ("cs.LG", 2022, 10, 27)
    assert first.abstract == "Single-index models are a class of *functions* with $d$ dimensions."
    assert (second.category, second.year, second.month, second.day) == ("cs.CL", None, 5, 12)  # no year invented


def test_publication_list_refuses_a_broken_record():
    with pytest.raises(SeedError, match="not a multiple of 3"):
        parse("publication-list", PUBLICATIONS + "LGOct 1, 2020\n")


DAILY = """\
Daily Papers
Jun 30
A Neural Network Perturbation Theory
Deep Learning has become attractive.
  • 2 authors
·
Sep 7, 2020
Entropy Dynamics in Reinforcement Fine-Tuning
We study entropy.
polymathic-ai
·
Feb 3 7
"""


def test_daily_papers():
    parsed = parse("daily-papers", DAILY)
    first, second = parsed.papers
    assert (first.author_count, first.year, first.month, first.day) == (2, 2020, 9, 7)
    # "Feb 3 7": the 7 is an upvote count; the listing's own date ("Jun 30") is not a paper's.
    assert (second.author_count, second.year, second.month, second.day) == (None, None, 2, 3)
    assert parsed.notes == ["dropped organisation line 'polymathic-ai' in listing.txt"]


def test_every_format_of_the_manifest_is_registered(tmp_path: Path):
    listings = read_manifest(Path(__file__).parents[1] / "sources" / "manifest.yaml")
    assert {listing.format for listing in listings} == set(FORMATS)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("new.txt: {format: conference-app}\n", encoding="utf-8")
    with pytest.raises(SeedError, match="'format' must be one of daily-papers, publication-list"):
        read_manifest(manifest)
