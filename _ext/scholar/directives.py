"""Directives for entries (event, slot, talk, paper) and for computed pages and lists.

A directive records its entry's own facts in the domain and leaves placeholders for
everything that depends on other entries (links, backlinks, schedules), which are filled
once all documents are read.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
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
    }

    def run(self):
        facts = self.parse_fields()
        key = self.arguments[0].strip()
        entry = bib.entries(self.env).get(key)
        if entry is None:
            self.warn(f"unknown BibTeX key {key!r} (not in refs.bib)", subtype="unknown")
            paper = {"title": None, "authors": [], "authors_complete": False, "n_authors": None,
                     "year": None, "month": None, "date": None, "arxiv": None, "category": None,
                     "url": None, "doi": None, "entry_type": "misc"}
        else:
            key = entry.key  # the spelling of refs.bib
            paper = bib.paper_facts(entry)
        section, body = self.entry_page(paper_title(key, paper), key, "paper-talks")
        bibtex = cite.to_bibtex({key: cite.paper_entry(entry)}) if entry is not None else ""
        self.record(key, abstract=body.astext(), bib=paper, bibtex=bibtex, bibhash=bib.fingerprint(entry), **facts)
        return [section]


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
    "person": PersonDirective,
    "theme": ThemeDirective,
    "people-index": list_directive("people-index"),
    "paper-index": list_directive("paper-index"),
    "event-index": list_directive("event-index"),
    "theme-index": list_directive("theme-index"),
    "downloads": list_directive("downloads"),
    "agenda": list_directive("agenda"),
}
