"""Directives for entries (event, slot, talk, paper) and for computed pages and lists.

A directive records its entry's own facts in the domain (a typed record, records.py) and
leaves placeholders for everything that depends on other entries (links, backlinks,
schedules), which are filled once all documents are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import bib, cite, model
from .placeholders import make_placeholder
from .records import BibFacts, Event, Paper, PaperLink, Record, Slot, Talk

logger = logging.getLogger(__name__)

# TeX that an abstract copied from arXiv brings along outside its math. Markdown shows it
# as written ("\emph{in-context learning}", "Schr\"{o}dinger"), and so does every export:
# a text command, or an accent (Markdown's own escape turns '\"' into '"', hence the second form).
TEX_IN_PROSE = re.compile(
    r"\\(?:emph|textit|textbf|textsc|texttt|textrm|cite[pt]?|ref|url|href)[{]|[{]\\(?:em|it|bf)\s"
    r"|\\(?:aka|etal)(?![A-Za-z])|\\[\"'`^~=.][{]?[A-Za-z]|[\"'`^~][{][A-Za-z][}]")



def text_with_math(body: nodes.Element) -> str:
    """The body as plain text with its math between dollars, as it was written.

    ``astext`` drops the dollars, and plain-text outputs (mathtext.py) need them to tell
    the math from the prose.
    """
    copy = body.deepcopy()
    for node in list(copy.findall(nodes.math)):
        node.replace_self(nodes.Text(f"${node.astext()}$"))
    for node in list(copy.findall(nodes.math_block)):
        node.replace_self(nodes.Text(f"$${node.astext()}$$"))
    return copy.astext()

class Field:
    """How one option is parsed, and whether an entry must have it."""

    def __init__(self, parse: Callable[[str], Any] = str.strip, required: bool = False):
        self.parse, self.required = parse, required


SOURCE = Field(model.text)

#: The attribute that marks the section an entry directive made (not written to HTML).
ENTRY = "scholar-entry"

#: Kinds of entry that are a page each: their id comes from the file (or names it).
ONE_PER_PAGE = ("event", "talk", "paper")


class EntryDirective(SphinxDirective):
    """Common parts: option validation with file and line, the page section, the body."""

    kind: ClassVar[str] = ""
    fields: ClassVar[dict[str, Field]] = {}
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Options reach the directive as raw text and are validated here, so a bad value
        # becomes a warning naming the line instead of an error that drops the entry.
        cls.option_spec = {name: directives.unchanged for name in cls.fields}

    @property
    def docname(self) -> str:
        return self.env.docname

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

    def option_lines(self) -> dict[str, int]:
        return {name: self.option_line(name) for name in self.options}

    def parse_fields(self) -> dict[str, Any]:
        """Every option as a typed value (None when absent or invalid; each problem warned)."""
        values: dict[str, Any] = {}
        for name, spec in self.fields.items():
            raw = self.options.get(name)
            key = name.replace("-", "_")
            values[key] = None
            if raw is None or not raw.strip():
                if spec.required:
                    self.warn(f"missing required option :{name}:", subtype="missing")
                continue
            try:
                values[key] = spec.parse(raw)
            except model.Invalid as error:
                self.warn(str(error), self.option_line(name), subtype="invalid")
        if values.get("source"):
            self.check_source(values["source"])
        return values

    def check_source(self, name: str) -> None:
        folder = self.config.scholar_sources
        if "/" in name or not (Path(self.env.srcdir) / folder / name).is_file():
            self.warn(f"source {name!r} is not a file in {folder}/ (the listings the entries come from)",
                      self.option_line("source"), subtype="unknown")

    def checked_interval(self, start: str | None, end: str | None, what: str) -> str | None:
        """``end``, or None (with a warning) when it precedes ``start``."""
        try:
            model.check_interval(start, end, what)
        except model.Invalid as error:
            self.warn(str(error), self.option_line("end"), subtype="invalid")
            return None
        return end

    def page_section(self, title: str) -> nodes.section:
        section = nodes.section(ids=[nodes.make_id(title) or self.kind])
        section[ENTRY] = self.kind
        section += nodes.title(title, title)
        self.set_source_info(section)
        return section

    def parse_body(self) -> nodes.container:
        body = nodes.container(classes=[f"scholar-{self.kind}-body"])
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, body)
            self.check_prose(body)
        return body

    def check_prose(self, body: nodes.container) -> None:
        """Warn once per paragraph of TeX shown as written outside math."""
        for paragraph in body.findall(nodes.paragraph):
            prose = "".join(node.astext() for node in paragraph.findall(nodes.Text)
                            if not isinstance(node.parent, (nodes.math, nodes.literal)))
            found = TEX_IN_PROSE.search(prose)
            if found:
                self.warn(f"TeX '{found.group()}' outside math is shown as written: write Markdown "
                          "(*emphasis*) or the character itself (ö), or put math between $ signs",
                          paragraph.line, subtype="tex")

    def mark_orphan(self) -> None:
        # Entry pages are reached through generated lists, not the sidebar tree: keeping
        # them out of the toctree keeps every page's navigation the same size.
        self.env.metadata[self.docname]["orphan"] = True

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
        return section, body

    def store(self, record: Record) -> None:
        domain = self.env.get_domain("scholar")
        if self.kind in ONE_PER_PAGE:
            earlier = domain.entry_on(self.docname)  # type: ignore[attr-defined]
            if earlier is not None:
                kind, line = earlier
                self.warn(f"a page holds one entry, and this one already has a {kind} (line {line}); "
                          "this directive is ignored: move it to a file of its own", subtype="duplicate")
                return
        domain.add_record(self.kind, record)  # type: ignore[attr-defined]


class EventDirective(EntryDirective):
    """An event; its id is the name of the folder holding its ``index.md``."""

    kind = "event"
    required_arguments = 1
    optional_arguments = 0
    fields = {
        "start": Field(model.date),
        "end": Field(model.date),
        "timezone": Field(model.timezone),
        "location": Field(model.text),
        "url": Field(model.link),
        # "yes" when the source lists the event's talks as recorded talks (a series of videos).
        "recorded": Field(model.yes_no),
        "source": SOURCE,
    }

    def run(self) -> list[nodes.Node]:
        facts = self.parse_fields()
        facts["end"] = self.checked_interval(facts["start"], facts["end"], "the event")
        facts["recorded"] = bool(facts["recorded"])
        event_id = event_id_of(self.docname)
        title = model.text(self.arguments[0])
        section = self.page_section(title)
        section += make_placeholder("event-header", event_id)
        body = self.parse_body()
        section += body
        section += make_placeholder("schedule", event_id)
        self.mark_orphan()  # reached from the events index, so the sidebar does not grow
        self.store(Event(event_id, self.docname, self.lineno, self.option_lines(),
                         title=title, description=body.astext(), **facts))
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
    fields = {"date": Field(model.date, required=True), "start": Field(model.time), "end": Field(model.time),
              "room": Field(model.text)}

    def run(self) -> list[nodes.Node]:
        facts = self.parse_fields()
        facts["end"] = self.checked_interval(facts["start"], facts["end"], "the slot")
        self.store(Slot(f"{self.docname}:{self.lineno}", self.docname, self.lineno, self.option_lines(),
                        event=event_id_of(self.docname), title=model.text(self.arguments[0]), **facts))
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
        # Parallel tracks: talks in different rooms may share a time.
        "room": Field(model.text),
        "themes": Field(model.id_list),
        "papers": Field(model.paper_links),
        # Where the talk can be watched or its slides read; only links checked to be the talk's.
        "recording": Field(model.link),
        "slides": Field(model.link),
        "source": SOURCE,
    }

    def run(self) -> list[nodes.Node]:
        facts = self.parse_fields()
        facts["status"] = facts["status"] or "scheduled"
        title = self.checked_title(facts["status"], model.text(self.arguments[0]) if self.arguments else None)
        if facts["status"] == "scheduled" and not facts["themes"] and "themes" not in self.options:
            # A TBD talk may wait for its themes: with no title or abstract they would be guesses.
            self.warn("missing required option :themes:", subtype="missing")
        if (facts["start"] or facts["end"]) and not facts["date"]:
            self.warn("a start or end time needs a :date:", self.option_line("start"), subtype="invalid")
        facts["end"] = self.checked_interval(facts["start"], facts["end"], "the talk")
        for name in ("speakers", "themes", "papers"):
            facts[name] = facts[name] or []
        facts["papers"] = self.once_each(facts["papers"])
        talk = Talk(self.checked_id(), self.docname, self.lineno, self.option_lines(), title=title, **facts)
        section, body = self.entry_page(talk.page_title, talk.id, "talk-papers")
        self.store(Talk(**{**vars(talk), "abstract": text_with_math(body)}))
        return [section]


    def checked_id(self) -> str:
        """The file name, which is the talk's id (in URLs, calendars and BibTeX keys)."""
        talk_id = self.docname.rsplit("/", 1)[-1]
        try:
            model.identifier(talk_id)
        except model.Invalid:
            self.warn(f"the file name {talk_id!r} is the talk's id and must use lowercase letters, digits, "
                      "'-', '_' and '.': rename the file", subtype="invalid")
        return talk_id

    def once_each(self, links: list[PaperLink]) -> list[PaperLink]:
        """The papers of :papers:, a key given twice kept once (with a warning)."""
        kept: dict[str, PaperLink] = {}
        for link in links:
            if link.key in kept:
                self.warn(f"paper {link.key!r} is given twice in :papers:; it is listed once",
                          self.option_line("papers"), subtype="duplicate")
            kept.setdefault(link.key, link)
        return list(kept.values())

    def checked_title(self, status: str, title: str | None) -> str | None:
        """A scheduled talk has a title; a TBD one has none (its title is ignored, with a warning)."""
        if status == "tbd" and title:
            self.warn("a talk marked :status: tbd has no title; the title is ignored", self.option_line("status"))
            return None
        if status == "scheduled" and not title:
            self.warn("missing title (give it as the argument, or mark the talk :status: tbd)", subtype="missing")
        return title


class PaperDirective(EntryDirective):
    """A paper; the argument is its key in ``refs.bib``, which holds its bibliographic facts."""

    kind = "paper"
    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    fields = {
        "themes": Field(model.id_list, required=True),
        "year-inferred": Field(model.text),
        "source": SOURCE,
        # Who added an entry that no source listing holds, and why (e.g. background reading).
        "added-by": Field(model.text),
    }

    def run(self) -> list[nodes.Node]:
        facts = self.parse_fields()
        facts["themes"] = facts["themes"] or []
        key = self.arguments[0].strip()
        entry = bib.entries(self.env).get(key)
        if entry is None:
            self.warn(f"unknown BibTeX key {key!r} (no record with this key in the .bib files)", subtype="unknown")
            paper = Paper(key, self.docname, self.lineno, self.option_lines(), bib=BibFacts(), **facts)
        else:
            if not entry.fields.get("title"):
                self.warn(f"the BibTeX record {entry.key!r} has no title; add one", subtype="missing")
            paper = Paper(entry.key, self.docname, self.lineno, self.option_lines(),  # refs.bib's spelling
                          bib=bib.paper_facts(entry), bibtex=cite.to_bibtex({entry.key: cite.paper_entry(entry)}),
                          bibhash=bib.fingerprint(entry), **facts)
        section, body = self.entry_page(paper.page_title, paper.id, "paper-talks")
        self.store(Paper(**{**vars(paper), "abstract": text_with_math(body)}))
        return [section]


class PageDirective(SphinxDirective):
    """Makes the current page the page of a person or a theme, and shows its computed content."""

    kind: ClassVar[str] = ""
    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from .records import PageClaim

        target = self.arguments[0].strip()
        claim = PageClaim(target, self.env.docname, self.lineno, kind=self.kind)
        self.env.get_domain("scholar").add_record(f"{self.kind}-page", claim)  # type: ignore[attr-defined]
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

    view: ClassVar[str] = ""
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [make_placeholder(self.view)]


def list_directive(view: str) -> type[ListDirective]:
    return type(f"{view.title().replace('-', '')}Directive", (ListDirective,), {"view": view})


def check_entry_end(app: Any, doctree: nodes.document) -> None:
    """Text after an entry's directive: most often a fence inside the body closed it early.

    A body that holds a ```` ``` ```` block closes a directive opened with three backticks;
    the rest of the body then stands outside the entry, on the page but not in its
    abstract, the exports or the search.
    """
    docname = app.env.docname
    entry = app.env.get_domain("scholar").entry_on(docname)
    if entry is None:
        return
    kind, line = entry
    children = list(doctree.children)
    first = next((number for number, node in enumerate(children) if isinstance(node, nodes.section)), None)
    if first is None:
        return
    quiet = (nodes.comment, nodes.target, nodes.system_message, nodes.substitution_definition)
    stray = next((node for node in children[first + 1:] if not isinstance(node, quiet) and not node.get(ENTRY)),
                 None)
    if stray is not None:
        stray_line = stray.line or next((n.line for n in stray.findall() if n.line), None)
        logger.warning(
            "%s: text after the %s that starts at line %d: a fence inside its body closed it early? Open the "
            "entry with more backticks than any fence inside it (````{%s} ... ````); the text after it is "
            "not part of the entry", kind, kind, line, kind,
            location=(docname, stray_line or line), type="scholar", subtype="fence")
