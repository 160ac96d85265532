"""The renderer of one page, with the small pieces every view's rendering uses.

Renderers only format: every decision about what to show was made by the view, so the
digest of the view is a faithful digest of the rendered output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from .. import model, snippets

Data = dict[str, Any]
Row = tuple[str, "list[nodes.Node] | str"]


class Renderer:
    """Renders the views of one page; links are made relative to that page."""

    def __init__(self, builder: Builder, docname: str):
        self.builder, self.docname = builder, docname

    def link(self, title: str, docname: str | None, classes: Iterable[str] = ()) -> nodes.Element:
        if not docname:
            return nodes.inline(title, title, classes=list(classes))
        uri = self.builder.get_relative_uri(self.docname, docname)
        return nodes.reference(title, title, internal=True, refuri=uri, classes=list(classes))

    def links(self, items: list[Data], separator: str = ", ") -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for number, item in enumerate(items):
            if number:
                result.append(nodes.Text(separator))
            result.append(self.link(item["title"], item["docname"]))
        return result

    def file_uri(self, path: str) -> str:
        """The address, from this page, of a file of the site that is not a page."""
        return relative_uri(self.builder.get_target_uri(self.docname), path)

    def file_link(self, title: str, path: str) -> nodes.reference:
        """A link to a file of the site that is not a page (a calendar, a feed, a .bib)."""
        return nodes.reference(title, title, refuri=self.file_uri(path), classes=["scholar-file"])

    def download_link(self, title: str, path: str) -> nodes.raw:
        """A link that saves the file instead of showing it (a browser shows JSON as text)."""
        return snippets.html("download", uri=self.file_uri(path), title=title)

    @staticmethod
    def external(title: str, uri: str) -> nodes.reference:
        return nodes.reference(title, title, refuri=uri, classes=["external"])

    @staticmethod
    def fields(rows: list[Row], classes: Iterable[str] = ("scholar-meta",)) -> nodes.field_list:
        field_list = nodes.field_list(classes=list(classes))
        for name, value in rows:
            body = nodes.paragraph()
            body += [nodes.Text(value)] if isinstance(value, str) else value
            field_list += nodes.field("", nodes.field_name(name, name), nodes.field_body("", body))
        return field_list

    @staticmethod
    def heading(text: str, classes: Iterable[str] = ()) -> nodes.rubric:
        return nodes.rubric(text, text, classes=["scholar-heading", *classes])

    @staticmethod
    def note(text: str, classes: Iterable[str]) -> nodes.paragraph:
        return nodes.paragraph(text, text, classes=list(classes))

    def entry_list(self, items: list[Data], empty: str | None = None, classes: Iterable[str] = (),
                   coins: bool = True, stars: bool = False) -> list[nodes.Node]:
        """A list of talks and papers; each citable one carries a COinS span unless ``coins``
        is false, and talks with a time an agenda star when ``stars`` is true."""
        if not items:
            return [self.note(empty, ["scholar-empty"])] if empty else []
        bullets = nodes.bullet_list(classes=["scholar-entries", *classes])
        for item in items:
            line = self.entry_line(item)
            if stars and item["kind"] == "talk" and item["timed"]:
                line.insert(0, snippets.html("star", talk_id=item["id"], title=item["title"]))
            if coins and item.get("coins"):
                line += snippets.trusted(item["coins"])
            bullets += nodes.list_item("", line, classes=[f"scholar-{item['kind']}"])
        return [bullets]

    def entry_line(self, item: Data) -> nodes.paragraph:
        line = nodes.paragraph()
        line += self.link(item["title"], item["docname"], classes=["scholar-title"])
        details: list[str | None] = [people_text(item)] if item["kind"] == "paper" else [", ".join(item["people"])]
        if item["kind"] == "talk" and item["event"]:
            details.append(item["event"])
        details.append(human_date(item["date"]) if item["date"] else (str(item.get("year") or "") or None))
        shown = [d for d in details if d]
        if shown:
            line += nodes.Text(" — " + ", ".join(shown))
        if item.get("reason"):
            line += nodes.Text(" ")
            line += nodes.emphasis(f"({item['reason']})", f"({item['reason']})")
        return line

    def bullets(self, lines: list[nodes.paragraph], classes: Iterable[str]) -> nodes.bullet_list:
        bullets = nodes.bullet_list(classes=list(classes))
        for line in lines:
            bullets += nodes.list_item("", line)
        return bullets


# -- text formatting -------------------------------------------------------------------------

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def human_date(iso: str, weekday: bool = False) -> str:
    day = dt.date.fromisoformat(iso)
    text = f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{day.strftime('%A')} {text}" if weekday else text


def date_range(start: str, end: str | None) -> str:
    if not end or end == start:
        return human_date(start)
    return f"{human_date(start)} – {human_date(end)}"


def when(date: str, start: str | None, end: str | None, timezone: str | None, order: int | None) -> str:
    text = human_date(date, weekday=True)
    if start:
        text += f", {start}" + (f"–{end}" if end else "")
        if timezone:
            text += f" ({timezone}, UTC{model.utc_offset(date, start, timezone)})"
        if not end:
            # Calendars then hold the start alone: no end is made up.
            text += "; the programme gives no end time"
    if order:
        text += f"; talk {order} of its block"
    return text


def people_text(item: Data) -> str | None:
    if item["people"]:
        return ", ".join(item["people"]) + ("" if item["complete"] else " et al.")
    if item["n_authors"]:
        return f"{item['n_authors']} authors"
    return None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
