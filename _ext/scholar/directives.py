"""Directives for entries (event, slot, talk, paper) and for computed pages and lists.

A directive records its entry's own facts in the domain and leaves placeholders for
everything that depends on other entries (links, backlinks, schedules), which are filled
once all documents are read.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import bib, cite, model, sanitize
from .catalog import paper_title, talk_title
from .placeholders import make_placeholder

logger = logging.getLogger(__name__)


class Field:
    """How one option is parsed, and whether an entry must have it."""

    def __init__(self, parse=str.strip, required: bool = False):
        self.parse, self.required = parse, required


def _text(value: str) -> str:
    return " ".join(value.split())


class EntryDirective(SphinxDirective):
    """Common parts: option validation with file and line, the page section, the body."""

    kind = ""
    fields: dict[str, Field] = {}
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Options reach the directive as raw text and are validated here, so a bad value
        # becomes a warning naming the line instead of an error that drops the entry.
        cls.option_spec = {name: directives.unchanged for name in cls.fields}

    @property
    def docname(self) -> str:
        return self.env.docname

    @property
    def domain(self):
        return self.env.get_domain("scholar")

    def warn(self, message: str, line: int | None = None, subtype: str = "entry") -> None:
        logger.warning(
            "%s: %s", self.kind, message,
            location=(self.docname, line or self.lineno), type="scholar", subtype=subtype,
        )

    def option_line(self, name: str) -> int:
        """The line of option ``name`` in the source, for precise warnings."""
        for offset, text in enumerate(self.block_text.splitlines()):
            if text.lstrip().startswith(f":{name}:"):
                return self.lineno + offset
        return self.lineno

    def parse_fields(self) -> dict:
        values = self._parse_options()
        if values.get("source") and not self._source_exists(values["source"]):
            folder = self.config.scholar_sources
            self.warn(f"source {values['source']!r} is not a file in {folder}/ (the listings the entries come from)",
                      self.option_line("source"), subtype="unknown")
        return values

    def _source_exists(self, name: str) -> bool:
        folder = Path(self.env.srcdir) / self.config.scholar_sources
        return "/" not in name and (folder / name).is_file()

    def _parse_options(self) -> dict:
        values = {}
        for name, spec in self.fields.items():
            raw = self.options.get(name)
            if raw is None or not raw.strip():
                if spec.required:
                    self.warn(f"missing required option :{name}:", subtype="missing")
                values[name.replace("-", "_")] = None
                continue
            try:
                values[name.replace("-", "_")] = spec.parse(raw)
            except model.Invalid as error:
                self.warn(str(error), self.option_line(name), subtype="invalid")
                values[name.replace("-", "_")] = None
        return values

    def check_interval(self, start, end, what: str, option: str) -> bool:
        try:
            model.check_interval(start, end, what)
        except model.Invalid as error:
            self.warn(str(error), self.option_line(option), subtype="invalid")
            return False
        return True

    def page_section(self, title: str) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(title) or self.kind])
        section += nodes.title(title, title)
        self.set_source_info(section)
        return section

    def parse_body(self) -> nodes.container:
        body = nodes.container(classes=[f"scholar-{self.kind}-body"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, body)
        sanitize.neutralize(body, self.docname, self.lineno)
        return body

    def mark_orphan(self) -> None:
        # Entry pages are reached through generated lists, not the sidebar tree: keeping
        # them out of the toctree keeps every page's navigation the same size.
        self.env.metadata[self.docname]["orphan"] = True

    def describe(self, text: str) -> None:
        """The page's description for link previews (OpenGraph): its abstract, not its metadata."""
        text = " ".join(text.split())
        if text:
            self.env.metadata[self.docname]["og:description"] = text[:197] + "..." if len(text) > 200 else text

    def entry_page(self, title: str, entry_id: str, backlinks: str) -> tuple[nodes.section, nodes.container]:
        """The page of a talk or paper: header, body, backlinks, citation, related entries."""
        section = self.page_section(title)
        section += make_placeholder(f"{self.kind}-header", entry_id)
        body = self.parse_body()
        section += body
        section += make_placeholder(backlinks, entry_id)
        section += make_placeholder("cite", f"{self.kind}:{entry_id}")
        section += make_placeholder("related", f"{self.kind}:{entry_id}")
        self.mark_orphan()
        self.describe(body.astext())
        return section, body

    def record(self, entry_id: str, **facts) -> None:
        lines = {name: self.option_line(name) for name in self.options}
        self.domain.add_definition(self.kind, entry_id, self.docname, self.lineno, {**facts, "lines": lines})


SOURCE = Field(_text)


class EventDirective(EntryDirective):
    """An event; its id is the name of the folder holding its ``index.md``."""

    kind = "event"
    required_arguments = 1
    optional_arguments = 0
    fields = {
        "start": Field(model.date),
        "end": Field(model.date),
        "timezone": Field(model.timezone),
        "location": Field(_text),
        "url": Field(model.link),
        # "yes" when the source lists the event's talks as recorded talks (a series of videos).
        "recorded": Field(model.yes_no),
        "source": SOURCE,
    }

    def run(self):
        facts = self.parse_fields()
        if not self.check_interval(facts["start"], facts["end"], "the event", "end"):
            facts["end"] = None
        event_id = event_id_of(self.docname)
        title = _text(self.arguments[0])
        section = self.page_section(title)
        section += make_placeholder("event-header", event_id)
        body = self.parse_body()
        section += body
        section += make_placeholder("schedule", event_id)
        self.mark_orphan()  # reached from the events index, so the sidebar does not grow
        self.record(event_id, title=title, description=body.astext(), **facts)
        return [section]


def event_id_of(docname: str) -> str:
    parts = docname.split("/")
    return parts[-2] if len(parts) >= 2 and parts[-1] == "index" else parts[-1]


class SlotDirective(EntryDirective):
    """A schedule item of the event in the same file that is not a talk (a break, a meal)."""

    kind = "slot"
    required_arguments = 1
    optional_arguments = 0
    has_content = False
    fields = {"date": Field(model.date, required=True), "start": Field(model.time), "end": Field(model.time)}

    def run(self):
        facts = self.parse_fields()
        if not self.check_interval(facts["start"], facts["end"], "the slot", "end"):
            facts["end"] = None
        slot_id = f"{self.docname}:{self.lineno}"
        self.record(slot_id, title=_text(self.arguments[0]), event=event_id_of(self.docname), **facts)
        return []


class TalkDirective(EntryDirective):
    """A talk; its id is the file name. Without a title it must be marked ``:status: tbd``."""

    kind = "talk"
    fields = {
        "event": Field(model.identifier, required=True),
        "speakers": Field(model.speakers, required=True),
        "status": Field(model.status),
        "date": Field(model.date),
        "start": Field(model.time),
        "end": Field(model.time),
        "order": Field(model.positive_int),
        "themes": Field(model.id_list),
        "papers": Field(model.paper_links),
        # Where the talk can be watched or its slides read; only links checked to be the talk's.
        "recording": Field(model.link),
        "slides": Field(model.link),
        "source": SOURCE,
    }

    def run(self):
        facts = self.parse_fields()
        title = _text(self.arguments[0]) if self.arguments else None
        facts["status"] = facts["status"] or "scheduled"
        if facts["status"] == "tbd" and title:
            self.warn("a talk marked :status: tbd has no title; the title is ignored", self.option_line("status"))
            title = None
        if facts["status"] == "scheduled" and not title:
            self.warn("missing title (give it as the argument, or mark the talk :status: tbd)", subtype="missing")
        if facts["status"] == "scheduled" and not facts["themes"] and "themes" not in self.options:
            # A TBD talk may wait for its themes: with no title or abstract they would be guesses.
            self.warn("missing required option :themes:", subtype="missing")
        if (facts["start"] or facts["end"]) and not facts["date"]:
            self.warn("a start or end time needs a :date:", self.option_line("start"), subtype="invalid")
        if not self.check_interval(facts["start"], facts["end"], "the talk", "end"):
            facts["end"] = None
        talk_id = self.docname.rsplit("/", 1)[-1]
        section, body = self.entry_page(talk_title(title, facts["speakers"]), talk_id, "talk-papers")
        self.record(talk_id, title=title, abstract=body.astext(), **facts)
        return [section]


class PaperDirective(EntryDirective):
    """A paper; the argument is its key in ``refs.bib``, which holds its bibliographic facts."""

    kind = "paper"
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    fields = {
        "themes": Field(model.id_list, required=True),
        "year-inferred": Field(_text),
        "source": SOURCE,
        # Who added an entry that no source listing holds, and why (e.g. background reading).
        "added-by": Field(_text),
    }

    def run(self):
        facts = self.parse_fields()
        key = self.arguments[0].strip()
        entry = bib.entries(self.env).get(key)
        if entry is None:
            self.warn(f"unknown BibTeX key {key!r} (not in refs.bib)", subtype="unknown")
            paper = bib.unknown_paper()
        else:
            key = entry.key  # the spelling of refs.bib
            paper = bib.paper_facts(entry)
        section, body = self.entry_page(paper_title(key, paper), key, "paper-talks")
        bibtex = cite.to_bibtex({key: cite.paper_entry(entry)}) if entry is not None else ""
        self.record(key, abstract=body.astext(), bib=paper, bibtex=bibtex, bibhash=bib.fingerprint(entry), **facts)
        return [section]


LEVELS = ("introductory", "core", "advanced")


class StepDirective(EntryDirective):
    """One item of a guide's reading path: an entry, its level, and why to read it.

    The argument names the entry as ``paper:key`` or ``talk:id``; the body says why to read
    it. Consecutive steps become one numbered list (:func:`number_steps`). A paper step
    cites the paper, so it is in the guide's bibliography. Each step has a box a reader
    ticks once it is read (kept in the browser by scholar.js).
    """

    kind = "step"
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    fields = {"level": Field(model.choice(LEVELS), required=True)}

    def run(self):
        facts = self.parse_fields()
        target = self.arguments[0].strip()
        kind, _, entry_id = target.partition(":")
        if kind not in ("paper", "talk") or not entry_id:
            self.warn(f"expected paper:<key> or talk:<id>, got {target!r}", subtype="invalid")
            return []
        cited = kind == "paper" and entry_id in bib.entries(self.env)
        step = nodes.container(classes=["scholar-step", f"scholar-level-{facts['level'] or 'unknown'}"])
        step["entry"] = target
        head = nodes.paragraph(classes=["scholar-step-head"])
        head += read_box(target)
        if facts["level"]:
            head += nodes.inline(facts["level"].title(), facts["level"].title(), classes=["scholar-level"])
            head += nodes.Text(" ")
        head += make_placeholder("step", target)
        if cited:
            head += nodes.Text(" ")
            head += self.parse_inline(f"{{cite:p}}`{entry_id}`")
        step += head
        if not self.content:
            self.warn("say why to read this entry (the step has no text)", subtype="missing")
        step += self.parse_body()
        self.record(f"{self.docname}:{self.lineno}", target_kind=kind, target=entry_id,
                    level=facts["level"], cited=cited)
        return [step]

    def parse_inline(self, text: str) -> list[nodes.Node]:
        """Markup parsed as the page's own text, e.g. a citation role."""
        holder = nodes.container()
        self.state.nested_parse(StringList([text], source=self.docname), self.content_offset, holder)
        paragraph = holder.next_node(nodes.paragraph)
        return list(paragraph.children) if paragraph is not None else []


def read_box(entry: str) -> nodes.raw:
    """A check box a reader ticks once the entry is read; hidden until scholar.js runs."""
    html_text = (f'<label class="scholar-read" hidden><input type="checkbox" class="scholar-read-box" '
                 f'data-entry="{escape(entry)}"> <span>read</span></label> ')
    return nodes.raw("", html_text, format="html")


def number_steps(doctree: nodes.document) -> None:
    """Turn each run of consecutive steps into a numbered list, numbering across the page,
    and put the reader's progress (filled by scholar.js) before the first list."""
    if next(doctree.findall(_is_step), None) is None:
        return
    entries: list[str] = []
    for parent in list(doctree.findall(nodes.Element)):
        run: list[nodes.container] = []
        for child in list(parent.children) + [None]:
            if _is_step(child):
                run.append(child)
                continue
            if run:
                _wrap(parent, run, start=len(entries) + 1)
                entries.extend(step["entry"] for step in run)
                run = []
    first = next(doctree.findall(lambda node: isinstance(node, nodes.enumerated_list) and "scholar-path" in node["classes"]))
    first.parent.insert(first.parent.index(first), progress_note(entries))


def _is_step(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "scholar-step" in node["classes"]


def progress_note(entries: list[str]) -> nodes.raw:
    """Where scholar.js shows how many of ``entries`` the reader has ticked as read."""
    html_text = (f'<p class="scholar-progress" hidden aria-live="polite" '
                 f'data-entries="{escape(" ".join(entries))}"></p>')
    return nodes.raw("", html_text, format="html")


def _wrap(parent: nodes.Element, run: list[nodes.container], start: int) -> None:
    listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["scholar-path"])
    if start > 1:
        listing["start"] = start
    parent.insert(parent.index(run[0]), listing)
    for step in run:
        parent.remove(step)
        item = nodes.list_item("", classes=step["classes"])
        item += step.children
        listing += item


class PageDirective(SphinxDirective):
    """Makes the current page the page of a person or a theme, and shows its computed content."""

    kind = ""
    required_arguments = 1
    has_content = False

    def run(self):
        target = self.arguments[0].strip()
        domain = self.env.get_domain("scholar")
        domain.add_definition(f"{self.kind}-page", target, self.env.docname, self.lineno, {})
        if self.env.docname.startswith(("people/", "themes/")):
            # Generated pages are reached through the landing page and the people index.
            self.env.metadata[self.env.docname]["orphan"] = True
        return [make_placeholder(self.kind, target)]


class PersonDirective(PageDirective):
    kind = "person"


class ThemeDirective(PageDirective):
    kind = "theme"


class ListDirective(SphinxDirective):
    """A computed list of the whole catalog: all people, all papers, all themes, all events."""

    view = ""
    has_content = False

    def run(self):
        return [make_placeholder(self.view)]


def list_directive(view: str) -> type[ListDirective]:
    return type(f"{view.title().replace('-', '')}Directive", (ListDirective,), {"view": view})


ENTRY_DIRECTIVES = {
    "event": EventDirective,
    "slot": SlotDirective,
    "talk": TalkDirective,
    "paper": PaperDirective,
    "step": StepDirective,
    "person": PersonDirective,
    "theme": ThemeDirective,
    "people-index": list_directive("people-index"),
    "paper-index": list_directive("paper-index"),
    "event-index": list_directive("event-index"),
    "theme-index": list_directive("theme-index"),
    "downloads": list_directive("downloads"),
    "agenda": list_directive("agenda"),
}
