"""Event pages: header and schedule; the list of events; the agenda stars and reader times."""

from __future__ import annotations

from docutils import nodes

from .. import snippets
from .base import Data, Renderer, Row, date_range, human_date, plural


def event_header(r: Renderer, view: Data) -> list[nodes.Node]:
    rows: list[Row] = []
    if view["start"]:
        rows.append(("Dates", date_range(view["start"], view["end"])))
    if view["location"]:
        rows.append(("Location", view["location"]))
    if view["timezone"]:
        rows.append(("Times in", view["timezone"]))
    if view["url"]:
        rows.append(("Website", [r.external(view["url"], view["url"])]))
    rows.append(("Talks", str(view["n_talks"])))
    if view["recorded"]:
        rows.append(("Recordings", "the source lists these as recorded talks; no recording is linked here yet"))
    if view["calendar"]:
        rows.append(("Calendar", [r.file_link("All talks of this event (.ics)", view["calendar"])]))
    return [r.fields(rows)]


def schedule(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    result: list[nodes.Node] = [r.heading("Schedule" if any(d["date"] for d in view) else "Talks")]
    if any(item.get("start_iso") for day in view for item in day["items"]):
        result.extend(agenda_note(r))
    for day in view:
        if day["date"]:
            result.append(r.heading(human_date(day["date"], weekday=True), classes=["scholar-day"]))
        bullets = nodes.bullet_list(classes=["scholar-schedule"])
        for item in day["items"]:
            bullets += nodes.list_item("", schedule_line(r, item), classes=[f"scholar-{item['kind']}"])
        result.append(bullets)
    return result


def schedule_line(r: Renderer, item: Data) -> nodes.paragraph:
    line = nodes.paragraph()
    if item["start"]:
        span = item["start"] + (f"–{item['end']}" if item["end"] else "")
        line += nodes.inline(span, span, classes=["scholar-time"])
        line += nodes.Text(" ")
    if item.get("room"):
        line += nodes.inline(item["room"], item["room"], classes=["scholar-room"])
        line += nodes.Text(" · ")
    if item["kind"] == "talk":
        if item.get("start_iso") and has_agenda(r):  # only a talk with a time has a calendar entry
            line += snippets.html("star", talk_id=item["id"], title=item["title"])
        line += r.link(item["title"], item["docname"], classes=["scholar-title"])
        line += nodes.Text(" — ")
        line += r.links(item["speakers"])
        line += reader_time(item)
        if item.get("coins"):
            line += snippets.trusted(item["coins"])
    else:
        line += nodes.inline(item["title"], item["title"], classes=["scholar-slot"])
    return line


def has_agenda(r: Renderer) -> bool:
    """Stars only where they lead somewhere: a site without an agenda page has none."""
    return "agenda" in r.builder.env.found_docs


def agenda_note(r: Renderer, talk: Data | None = None) -> list[nodes.Node]:
    """What the ☆ does and where the agenda is; on a talk's page, with the talk's own star."""
    if not has_agenda(r):
        return []
    agenda_uri = r.builder.get_relative_uri(r.docname, "agenda")
    if talk is None:
        return [snippets.html("agenda-note", agenda_uri=agenda_uri)]
    return [snippets.html("talk-agenda", agenda_uri=agenda_uri, talk_id=talk["id"], title=talk["title"])]


def reader_time(view: Data) -> list[nodes.Node]:
    """A slot that scholar.js fills with the time in the reader's own zone."""
    if not view.get("start_iso"):
        return []
    zone = view.get("timezone") or view.get("zone") or ""
    return [snippets.html("reader-time", start=view["start_iso"], end=view["end_iso"], zone=zone)]


def event_index(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    lines = []
    for item in view:
        line = nodes.paragraph()
        line += r.link(item["title"], item["docname"])
        details = [date_range(item["start"], item["end"]) if item["start"] else "recorded talks, no dates"]
        details += [item["location"]] if item["location"] else []
        details.append(plural(item["n_talks"], "talk"))
        line += nodes.Text(" — " + "; ".join(details))
        lines.append(line)
    return [r.bullets(lines, ["scholar-events"])]


def agenda(r: Renderer, view: Data) -> list[nodes.Node]:
    return [snippets.html("agenda")]
