"""Reading paths: the ``{step}`` directive and the numbered lists consecutive steps make.

A step names an entry (``paper:<key>`` or ``talk:<id>``), a level and why to read it. The
entry's title, people and what a reader can get of it come from the catalog when the page
is written (the ``step`` view); the level, the text and the reader's tick box are the
page's own. Consecutive steps become one numbered list, numbered across the page.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes

from . import bib, model, snippets
from .directives import EntryDirective, Field
from .placeholders import make_placeholder
from .records import Step

LEVELS = ("introductory", "core", "advanced")


class StepDirective(EntryDirective):
    """One item of a guide's reading path: an entry, its level, and why to read it.

    A paper step cites the paper, so it is in the guide's bibliography.
    """

    kind = "step"
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    fields: ClassVar[dict[str, Field]] = {"level": Field(model.choice(LEVELS), required=True)}

    def run(self) -> list[nodes.Node]:
        facts = self.parse_fields()
        target = self.arguments[0].strip()
        kind, _, entry_id = target.partition(":")
        if kind not in ("paper", "talk") or not entry_id:
            self.warn(f"expected paper:<key> or talk:<id>, got {target!r}", subtype="invalid")
            return []
        step = Step(f"{self.docname}:{self.lineno}", self.docname, self.lineno, self.option_lines(),
                    target_kind=kind, target=entry_id, level=facts["level"],
                    cited=kind == "paper" and entry_id in bib.entries(self.env))
        if not self.content:
            self.warn("say why to read this entry (the step has no text)", subtype="missing")
        item = nodes.container(classes=["scholar-step", f"scholar-level-{step.level or 'unknown'}"])
        item["entry"] = step.entry
        item += self.head(step)
        item += self.parse_body()
        self.store(step)
        return [item]

    def head(self, step: Step) -> nodes.paragraph:
        head = nodes.paragraph(classes=["scholar-step-head"])
        head += snippets.html("read-box", entry=step.entry)
        if step.level:
            head += nodes.inline(step.level.title(), step.level.title(), classes=["scholar-level"])
            head += nodes.Text(" ")
        head += make_placeholder("step", step.entry)
        if step.cited:
            head += nodes.Text(" ")
            citation, messages = self.parse_inline(f"{{cite:p}}`{step.target}`", lineno=self.lineno)
            head += [*citation, *messages]
        return head


def number_steps(doctree: nodes.document) -> None:
    """Turn each run of consecutive steps into a numbered list, numbering across the page,
    and put the reader's progress (filled by scholar.js) before the first list."""
    if next(doctree.findall(_is_step), None) is None:
        return
    entries: list[str] = []
    for parent in list(doctree.findall(nodes.Element)):
        run: list[nodes.Element] = []
        for child in [*parent.children, None]:
            if child is not None and _is_step(child):
                run.append(child)
                continue
            if run:
                _wrap(parent, run, start=len(entries) + 1)
                entries.extend(step["entry"] for step in run)
                run = []
    first = next(doctree.findall(_is_path))
    first.parent.insert(first.parent.index(first), snippets.html("path-progress", entries=entries))


def _is_step(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "scholar-step" in node["classes"]


def _is_path(node: nodes.Node) -> bool:
    return isinstance(node, nodes.enumerated_list) and "scholar-path" in node["classes"]


def _wrap(parent: nodes.Element, run: list[nodes.Element], start: int) -> None:
    listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["scholar-path"])
    if start > 1:
        listing["start"] = start
    parent.insert(parent.index(run[0]), listing)
    for step in run:
        parent.remove(step)
        item = nodes.list_item("", classes=step["classes"])
        item += step.children
        listing += item
