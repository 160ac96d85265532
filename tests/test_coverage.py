"""Every guide is compared with the field's reading lists, and says what it leaves out.

The data is coverage/<theme>.yaml (see _ext/scholar/coverage.py); these are the rules an
editor's change must keep.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GUIDES = sorted(p.stem for p in (REPO / "guides").glob("*.md") if p.stem != "other")
KEYS = set(re.findall(r"^@\w+\{([^,]+),", (REPO / "refs.bib").read_text() + (REPO / "editors.bib").read_text(),
                      re.M))


def coverage(theme: str) -> dict:
    return yaml.safe_load((REPO / "coverage" / f"{theme}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("theme", GUIDES)
def test_each_guide_shows_what_it_leaves_out(theme):
    text = (REPO / "guides" / f"{theme}.md").read_text(encoding="utf-8")
    section = re.search(r"^## What this guide leaves out\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section, f"guides/{theme}.md has no 'What this guide leaves out' section"
    assert re.search(r"^```\{coverage\} " + re.escape(theme) + r"\n```", section[1], re.M)
    assert section[1].split("```{coverage}")[0].strip(), "a sentence on the gaps comes before the table"


@pytest.mark.parametrize("theme", GUIDES)
def test_each_guide_is_compared_with_two_reading_lists_or_more(theme):
    data = coverage(theme)
    assert data["theme"] == theme
    lists = data["reading_lists"]
    assert len(lists) >= 2
    assert all(entry["url"].startswith("https://") or entry["url"].startswith("http://") for entry in lists)
    ids = {entry["id"] for entry in lists}
    for work in data["canonical"]:
        assert set(work["listed_by"]) <= ids, work


@pytest.mark.parametrize("theme", GUIDES)
def test_every_canonical_work_is_on_the_site_or_left_out_with_a_reason(theme):
    for work in coverage(theme)["canonical"]:
        assert work["status"] in ("on-site", "left-out"), work
        if work["status"] == "on-site":
            assert work["key"] in KEYS, work
        else:
            assert work["reason"].strip() and work["reason"] != "no reason recorded", work
