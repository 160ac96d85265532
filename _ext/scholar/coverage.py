"""A guide's coverage against the field's reading lists, and what it leaves out.

Each guide is compared with public reading lists of its topic (course syllabi, lecture
notes, a survey's references), recorded as data in ``coverage/<theme>.yaml``:

.. code-block:: yaml

   reading_lists:
     - {id: stat946, title: "STAT 946 ...", url: "https://...", what: "a research seminar"}
   canonical:        # the works two or more of the lists name (or a topic they agree on)
     - work: "Chen, Chewi, Li, Li, Salim and Zhang 2023, Sampling is as easy as learning the score"
       listed_by: [stat946, mit-6s982]
       status: on-site          # or left-out
       key: chen2023sampling    # on-site: the site's BibTeX key
       reason: "..."            # left-out: why (out of scope, covered by <guide>, not yet added)

The ``{coverage}`` directive, placed under a guide's "What this guide leaves out"
heading, shows the lists compared and every canonical work the site does not hold, with
its reason; tests/test_coverage.py holds the data to these rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .render.base import plural

logger = logging.getLogger(__name__)

FOLDER = "coverage"


def load(srcdir: Path, theme: str) -> dict[str, Any] | None:
    path = srcdir / FOLDER / f"{theme}.yaml"
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else None


class CoverageDirective(SphinxDirective):
    """``{coverage} <theme>``: the reading lists compared, and the works left out with why."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        theme = self.arguments[0].strip()
        path = Path(self.env.srcdir) / FOLDER / f"{theme}.yaml"
        self.env.note_dependency(str(path))
        try:
            data = load(Path(self.env.srcdir), theme)
        except yaml.YAMLError as error:
            data = None
            logger.warning("coverage: %s is not valid YAML (%s)", path.name, error,
                           location=(self.env.docname, self.lineno), type="scholar", subtype="coverage")
        if data is None:
            logger.warning("coverage: no coverage table %s/%s.yaml for this guide", FOLDER, theme,
                           location=(self.env.docname, self.lineno), type="scholar", subtype="coverage")
            return []
        return self.lists(data.get("reading_lists") or []) + self.left_out(data.get("canonical") or [])

    def lists(self, reading_lists: list[dict[str, Any]]) -> list[nodes.Node]:
        if not reading_lists:
            return []
        intro = nodes.paragraph(text=f"This guide was compared with {len(reading_lists)} public reading lists of "
                                     "its topic; the works they agree on are on the site or named below:")
        items = nodes.bullet_list(classes=["scholar-reading-lists"])
        for entry in reading_lists:
            line = nodes.paragraph()
            title = str(entry.get("title", entry.get("id", "")))
            url = str(entry.get("url") or "")
            line += nodes.reference(title, title, refuri=url) if url.startswith(("https://", "http://")) else \
                nodes.Text(title)
            if entry.get("what"):
                line += nodes.Text(f": {entry['what']}")
            items += nodes.list_item("", line)
        return [intro, items]

    def left_out(self, canonical: list[dict[str, Any]]) -> list[nodes.Node]:
        missing = [entry for entry in canonical if entry.get("status") == "left-out"]
        held = sum(1 for entry in canonical if entry.get("status") == "on-site")
        agreed = sum(1 for entry in canonical if len(entry.get("listed_by") or []) >= 2)
        # "Agree" only when it is true: works one list or the editors name are counted apart.
        named = (f"The lists agree on {plural(len(canonical), 'work')}" if agreed == len(canonical) else
                 f"The lists and the editors name {plural(len(canonical), 'work')} a student of the topic should "
                 f"know, {agreed} of them on two or more of the lists")
        summary = nodes.paragraph(text=f"{named}: {held} on the site, {len(missing)} not yet:" if missing else
                                       f"{named}, all on the site.")
        result: list[nodes.Node] = [summary]
        if missing:
            items = nodes.bullet_list(classes=["scholar-left-out"])
            for entry in missing:
                line = nodes.paragraph()
                line += nodes.emphasis(text=str(entry.get("work", "")))
                line += nodes.Text(f": {entry.get('reason', 'no reason recorded')}")
                items += nodes.list_item("", line)
            result.append(items)
        return result
