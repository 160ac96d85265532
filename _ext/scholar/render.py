"""Turn views (plain data from :mod:`views`) into docutils nodes.

Renderers only format: every decision about what to show was made by the view, so the
digest of the view is a faithful digest of the rendered output.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from docutils import nodes
from sphinx.util.osutil import relative_uri

from . import cite, metadata, model


class Renderer:
    """Renders the views of one page; links are made relative to that page."""

    def __init__(self, builder, docname: str):
        self.builder, self.docname = builder, docname

    # -- small pieces ------------------------------------------------------------------

    def link(self, title: str, docname: str | None, classes=()) -> nodes.Node:
        if not docname:
            return nodes.inline(title, title, classes=list(classes))
        uri = self.builder.get_relative_uri(self.docname, docname)
        return nodes.reference(title, title, internal=True, refuri=uri, classes=list(classes))

    def links(self, items: list[dict], separator: str = ", ") -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for number, item in enumerate(items):
            if number:
                result.append(nodes.Text(separator))
            result.append(self.link(item["title"], item["docname"]))
        return result

    def file_link(self, title: str, path: str) -> nodes.reference:
        """A link to a file of the site that is not a page (a calendar, a feed, a .bib)."""
        uri = relative_uri(self.builder.get_target_uri(self.docname), path)
        return nodes.reference(title, title, refuri=uri, classes=["scholar-file"])

    @staticmethod
    def external(title: str, uri: str) -> nodes.reference:
        return nodes.reference(title, title, refuri=uri, classes=["external"])

    @staticmethod
    def fields(rows: list[tuple[str, list[nodes.Node] | str]], classes=("scholar-meta",)) -> nodes.field_list:
        field_list = nodes.field_list(classes=list(classes))
        for name, value in rows:
            body = nodes.paragraph()
            body += [nodes.Text(value)] if isinstance(value, str) else value
            field_list += nodes.field("", nodes.field_name(name, name), nodes.field_body("", body))
        return field_list

    @staticmethod
    def heading(text: str, classes=()) -> nodes.rubric:
        return nodes.rubric(text, text, classes=["scholar-heading", *classes])

    def entry_list(self, items: list[dict], empty: str | None = None, classes=(), coins=True) -> list[nodes.Node]:
        """A list of talks and papers; papers carry a COinS span unless ``coins`` is false."""
        if not items:
            return [nodes.paragraph(empty, empty, classes=["scholar-empty"])] if empty else []
        bullets = nodes.bullet_list(classes=["scholar-entries", *classes])
        for item in items:
            line = self.entry_line(item)
            if coins and item["kind"] == "paper":
                line += nodes.raw("", metadata.coins(item), format="html")
            bullets += nodes.list_item("", line, classes=[f"scholar-{item['kind']}"])
        return [bullets]

    def entry_line(self, item: dict) -> nodes.paragraph:
        line = nodes.paragraph()
        line += self.link(item["title"], item["docname"], classes=["scholar-title"])
        details = [people_text(item)] if item["kind"] == "paper" else [", ".join(item["people"])]
        if item["kind"] == "talk" and item["event"]:
            details.append(item["event"])
        details.append(human_date(item["date"]) if item["date"] else (str(item.get("year") or "") or None))
        details = [d for d in details if d]
        if details:
            line += nodes.Text(" — " + ", ".join(details))
        if item.get("reason"):
            line += nodes.Text(" ")
            line += nodes.emphasis(f"({item['reason']})", f"({item['reason']})")
        return line

    # -- one method per view -----------------------------------------------------------

    def talk_header(self, view: dict) -> list[nodes.Node]:
        speakers: list[nodes.Node] = []
        for number, speaker in enumerate(view["speakers"]):
            if number:
                speakers.append(nodes.Text("; "))
            speakers.append(self.link(speaker["title"], speaker["docname"]))
            if speaker["affiliation"]:
                speakers.append(nodes.Text(f" ({speaker['affiliation']})"))
        rows = [("Speakers" if len(view["speakers"]) > 1 else "Speaker", speakers)]
        if view["event"]:
            rows.append(("Event", [self.link(view["event"]["title"], view["event"]["docname"])]))
        if view["date"]:
            text = when(view["date"], view["start"], view["end"], view["timezone"], view["order"])
            rows.append(("When", [nodes.Text(text), *reader_time(view)]))
        if view["themes"]:
            rows.append(("Themes", self.links(view["themes"])))
        if view["calendar"]:
            rows.append(("Calendar", [self.file_link("Add this talk to a calendar (.ics)", view["calendar"])]))
        result: list[nodes.Node] = [self.fields(rows)]
        if view["status"] == "tbd":
            note = "Title and abstract to be announced: the programme lists this talk as TBD."
            result.append(nodes.paragraph(note, note, classes=["scholar-tbd"]))
        for bio in view["bios"]:
            result.append(self.heading(f"About {bio['name']}"))
            result.extend(nodes.paragraph(p, p) for p in bio["bio"].split("\n\n") if p.strip())
        return result

    def talk_papers(self, view: list[dict]) -> list[nodes.Node]:
        if not view:
            return []
        return [self.heading("Papers presented"), *self.entry_list(view)]

    def paper_header(self, view: dict) -> list[nodes.Node]:
        rows: list[tuple[str, list[nodes.Node] | str]] = []
        authors = self.paper_authors(view)
        if authors:
            rows.append(("Authors", authors))
        date_text = paper_date(view)
        if date_text:
            rows.append(("Date", date_text))
        if view["venue"]:
            rows.append(("Published in", view["venue"]))
        if view["published"]:
            rows.append(("Published version", self.published(view["published"])))
        if view["arxiv"]:
            arxiv = view["arxiv"]
            rows.append(("arXiv", [self.external(f"arXiv:{arxiv}", f"https://arxiv.org/abs/{arxiv}"),
                                   nodes.Text(" ("), self.external("PDF", f"https://arxiv.org/pdf/{arxiv}"), nodes.Text(")")]))
        if view["doi"]:
            rows.append(("DOI", [self.external(view["doi"], f"https://doi.org/{view['doi']}")]))
        if view["category"]:
            rows.append(("Category", view["category"]))
        if view["url"]:
            rows.append(("Link", [self.external(view["url"], view["url"])]))
        if view["search"]:
            rows.append(("Find it", self.search_links(view["search"])))
        if view["themes"]:
            rows.append(("Themes", self.links(view["themes"])))
        rows.append(("Provenance", self.provenance(view)))
        result: list[nodes.Node] = [self.fields(rows)]
        missing = [what for what, absent in (
            ("title", False), ("authors", not view["authors"] and not view["n_authors"]),
            ("date", not date_text), ("abstract", not view["has_abstract"])) if absent]
        if missing:
            note = f"The source gives no {', no '.join(missing)} for this paper."
            result.append(nodes.paragraph(note, note, classes=["scholar-missing"]))
        return result

    def paper_authors(self, view: dict) -> list[nodes.Node]:
        """The authors, saying where the list comes from when the listing's differs."""
        authors: list[nodes.Node] = self.links(view["authors"])
        if view["authors"] and not view["authors_complete"]:
            authors.append(nodes.Text(" et al. (the source truncates the author list)"))
        elif not view["authors"] and view["n_authors"]:
            authors = [nodes.Text(f"{view['n_authors']} authors (the source gives no names)")]
        completed = view["verified"] and "author" in view["verified"]["added"]
        if authors and completed:
            note = f" ({listing_authors_text(view['listing'])}; the full list is from the verified record)"
            authors.append(nodes.inline(note, note, classes=["scholar-added"]))
        return authors

    def provenance(self, view: dict) -> list[nodes.Node]:
        """Where the page's facts come from: a source listing or the editors, and any verified record."""
        if view["source"]:
            text = f"From the source listing {view['source']}"
        elif view["added_by"]:
            text = f"Added by {view['added_by']}; not from a source listing"
        else:
            text = "No source recorded"
        verified = view["verified"]
        if not verified:
            return [nodes.Text(text + ".")]
        result: list[nodes.Node] = [nodes.Text(text + "; checked against "), self.external(verified["url"], verified["url"])]
        details = [verified["checks"]] if verified["checks"] else []
        added = ", ".join(ADDED_NAMES.get(name, name) for name in verified["added"])
        if added and view["source"]:
            details.append(f"taken from that record, not the listing: {added}")
        result.append(nodes.Text(f" ({'; '.join(details)})." if details else "."))
        return result

    def published(self, version: dict) -> list[nodes.Node]:
        """A published version of a preprint, linked to the page that states it."""
        title = version["venue"]
        result: list[nodes.Node] = [self.external(title, version["url"]) if version["url"] else nodes.Text(title)]
        if version["doi"]:
            result += [nodes.Text(", "), self.external(f"doi:{version['doi']}", f"https://doi.org/{version['doi']}")]
        note = " (from the verified record, not the listing)"
        result.append(nodes.inline(note, note, classes=["scholar-added"]))
        return result

    def search_links(self, links: list[dict]) -> list[nodes.Node]:
        result: list[nodes.Node] = [nodes.Text("no verified identifier; search by title: ")]
        for number, link in enumerate(links):
            if number:
                result.append(nodes.Text(", "))
            result.append(self.external(link["title"], link["url"]))
        return result

    def paper_talks(self, view: list[dict]) -> list[nodes.Node]:
        if not view:
            return []
        return [self.heading("Presented in talks"), *self.entry_list(view)]

    def event_header(self, view: dict) -> list[nodes.Node]:
        rows: list[tuple[str, list[nodes.Node] | str]] = []
        if view["start"]:
            rows.append(("Dates", date_range(view["start"], view["end"])))
        if view["location"]:
            rows.append(("Location", view["location"]))
        if view["timezone"]:
            rows.append(("Times in", view["timezone"]))
        if view["url"]:
            rows.append(("Website", [self.external(view["url"], view["url"])]))
        rows.append(("Talks", str(view["n_talks"])))
        if view["recorded"]:
            rows.append(("Recordings", "the source lists these as recorded talks; no recording is linked here yet"))
        if view["calendar"]:
            rows.append(("Calendar", [self.file_link("All talks of this event (.ics)", view["calendar"])]))
        return [self.fields(rows)]

    def schedule(self, view: list[dict]) -> list[nodes.Node]:
        result: list[nodes.Node] = [self.heading("Schedule" if any(d["date"] for d in view) else "Talks")]
        for day in view:
            if day["date"]:
                result.append(self.heading(human_date(day["date"], weekday=True), classes=["scholar-day"]))
            bullets = nodes.bullet_list(classes=["scholar-schedule"])
            for item in day["items"]:
                line = nodes.paragraph()
                if item["start"]:
                    span = item["start"] + (f"–{item['end']}" if item["end"] else "")
                    line += nodes.inline(span, span, classes=["scholar-time"])
                    line += nodes.Text(" ")
                if item["kind"] == "talk":
                    line += star_button(item)
                    line += self.link(item["title"], item["docname"], classes=["scholar-title"])
                    line += nodes.Text(" — ")
                    line += self.links(item["speakers"])
                    line += reader_time(item)
                else:
                    line += nodes.inline(item["title"], item["title"], classes=["scholar-slot"])
                bullets += nodes.list_item("", line, classes=[f"scholar-{item['kind']}"])
            result.append(bullets)
        return result

    def person(self, view: dict) -> list[nodes.Node]:
        rows: list[tuple[str, list[nodes.Node] | str]] = []
        if view["affiliation"]:
            rows.append(("Affiliation", view["affiliation"]))
        if view["homepage"]:
            rows.append(("Homepage", [self.external(view["homepage"], view["homepage"])]))
        if view["aliases"]:
            rows.append(("Also written", ", ".join(view["aliases"])))
        if view["calendar"]:
            rows.append(("Calendar", [self.file_link(f"Talks by {view['name']} (.ics)", view["calendar"])]))
        result: list[nodes.Node] = [self.fields(rows)] if rows else []
        if view["bio"]:
            result.extend(nodes.paragraph(p, p) for p in view["bio"].split("\n\n") if p.strip())
        result.append(self.heading(f"Talks ({len(view['talks'])})"))
        result.extend(self.entry_list(view["talks"], "No talks listed."))
        result.append(self.heading(f"Papers ({len(view['papers'])})"))
        result.extend(self.entry_list(view["papers"], "No papers listed."))
        return result

    def theme(self, view: dict) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if view["summary"]:
            result.append(nodes.paragraph(view["summary"], view["summary"], classes=["scholar-summary"]))
        files = [("The works this guide cites, as BibTeX", view["bibfile"]), ("New entries on this theme (Atom feed)", view["feed"])]
        if any(path for _, path in files):
            line = nodes.paragraph("", "", classes=["scholar-downloads"])
            for title, path in files:
                if path:
                    line += [self.file_link(title, path), nodes.Text(" ")]
            result.append(line)
        if view["cited_elsewhere"]:
            spans = "".join(metadata.coins(item) for item in view["cited_elsewhere"])
            result.append(nodes.raw("", spans, format="html"))
        result.append(self.heading(f"All talks on this theme ({len(view['talks'])})"))
        result.extend(self.entry_list(view["talks"], "No talks yet."))
        result.append(self.heading(f"All papers on this theme ({len(view['papers'])})"))
        result.extend(self.entry_list(view["papers"], "No papers yet."))
        return result

    def related(self, view: list[dict]) -> list[nodes.Node]:
        if not view:
            return []
        return [self.heading("Related entries"), *self.entry_list(view, coins=False)]

    def cite(self, view: dict) -> list[nodes.Node]:
        text = view["bibtex"] if "bibtex" in view else cite.talk_bibtex([view["talk"]])
        block = nodes.literal_block(text, text, language="bibtex", classes=["scholar-bibtex"])
        return [self.heading("Cite this"), block]

    def people_index(self, view: list[dict]) -> list[nodes.Node]:
        bullets = nodes.bullet_list(classes=["scholar-people"])
        for item in view:
            line = nodes.paragraph()
            line += self.link(item["title"], item["docname"])
            details = [item["affiliation"]] if item["affiliation"] else []
            details += [f"{item['n_talks']} talk{'s' * (item['n_talks'] != 1)}"] if item["n_talks"] else []
            details += [f"{item['n_papers']} paper{'s' * (item['n_papers'] != 1)}"] if item["n_papers"] else []
            if details:
                line += nodes.Text(" — " + "; ".join(details))
            bullets += nodes.list_item("", line)
        return [bullets]

    def paper_index(self, view: dict) -> list[nodes.Node]:
        """All papers, with a form (shown by scholar.js) to narrow them by theme and year."""
        result = self.entry_list(view["papers"], "No papers yet.", classes=["scholar-paper-index"])
        if result and isinstance(result[0], nodes.bullet_list):
            for item, paper in zip(result[0].children, view["papers"]):
                item["classes"] += [f"scholar-theme-{t}" for t in paper["themes"]]
                item["classes"].append(f"scholar-year-{paper['year'] or 'unknown'}")
        return [nodes.raw("", paper_filter_form(view), format="html"), *result]

    def event_index(self, view: list[dict]) -> list[nodes.Node]:
        bullets = nodes.bullet_list(classes=["scholar-events"])
        for item in view:
            line = nodes.paragraph()
            line += self.link(item["title"], item["docname"])
            details = [date_range(item["start"], item["end"]) if item["start"] else "recorded talks, no dates"]
            details += [item["location"]] if item["location"] else []
            details.append(f"{item['n_talks']} talks")
            line += nodes.Text(" — " + "; ".join(details))
            bullets += nodes.list_item("", line)
        return [bullets]

    def theme_index(self, view: list[dict]) -> list[nodes.Node]:
        bullets = nodes.bullet_list(classes=["scholar-themes"])
        for item in view:
            line = nodes.paragraph()
            line += self.link(item["title"], item["docname"], classes=["scholar-title"])
            line += nodes.Text(f" — {item['n_talks']} talks, {item['n_papers']} papers. {item['summary']}")
            if item["steps"]:
                line += nodes.raw("", f' <span class="scholar-progress" hidden data-entries="{escape(" ".join(item["steps"]))}">'
                                      '</span>', format="html")
            bullets += nodes.list_item("", line)
        return [bullets]

    def downloads(self, view: list[dict]) -> list[nodes.Node]:
        bullets = nodes.bullet_list(classes=["scholar-downloads"])
        for item in view:
            line = nodes.paragraph()
            line += [self.file_link(item["title"], item["path"]), nodes.Text(f" — {item['about']}")]
            bullets += nodes.list_item("", line)
        return [bullets]

    def agenda(self, view) -> list[nodes.Node]:
        html_text = (
            '<div id="scholar-agenda">'
            '<p class="scholar-agenda-empty">No talk starred yet: use the ☆ next to a talk on an event page.</p>'
            '<ul class="scholar-agenda-list"></ul>'
            '<button type="button" class="scholar-agenda-download" disabled>Download my agenda (.ics)</button>'
            '</div>'
        )
        return [nodes.raw("", html_text, format="html")]

    def step(self, view: dict) -> list[nodes.Node]:
        """The head of a reading-path item (inline): title, people, date, and what exists."""
        result: list[nodes.Node] = [self.link(view["title"], view["docname"], classes=["scholar-title"])]
        details = [people_text(view) if view["kind"] == "paper" else ", ".join(view["people"])]
        if view["kind"] == "talk" and view["event"]:
            details.append(f"talk at {view['event']}")
        details.append(str(view["date"] or view.get("year") or "")[:4] or None)
        result.append(nodes.Text(" — " + ", ".join(d for d in details if d) + ". "))
        result.extend(self.availability(view))
        return result

    def availability(self, view: dict) -> list[nodes.Node]:
        """What a reader can get: the paper's verified identifier, or the talk's recording, slides, abstract."""
        note = ["scholar-availability"]
        if view["kind"] == "paper":
            if view["arxiv"]:
                return [self.external(f"arXiv:{view['arxiv']}", f"https://arxiv.org/abs/{view['arxiv']}")]
            if view["doi"]:
                return [self.external(f"doi:{view['doi']}", f"https://doi.org/{view['doi']}")]
            if view["url"]:
                return [self.external("online", view["url"])]
            text = ("Record checked against a public page; no online copy linked." if view["verified"]
                    else "No verified identifier: search links on its page.")
            return [nodes.inline(text, text, classes=note)]
        if view["tbd"]:
            text = "Title and abstract to be announced."
            return [nodes.inline(text, text, classes=note)]
        links = [(name, view[name]) for name in ("recording", "slides") if view[name]]
        if links:
            result: list[nodes.Node] = []
            for number, (name, url) in enumerate(links):
                result += [nodes.Text(", ")] if number else []
                result.append(self.external(name.title(), url))
            return result
        if not view["has_abstract"]:
            text = "No abstract, slides or recording known."
        elif view["recorded_event"]:
            text = "Abstract only: the series lists it as a recorded talk, but no recording link has been verified."
        else:
            text = "Abstract only: no slides or recording known."
        return [nodes.inline(text, text, classes=note)]

    def render(self, name: str, view) -> list[nodes.Node]:
        if view is None:
            return []
        return getattr(self, name.replace("-", "_"))(view)


def star_button(item: dict) -> list[nodes.Node]:
    """The agenda star of a talk; hidden until scholar.js makes it work."""
    html_text = (f'<button type="button" class="scholar-star" data-talk="{escape(item["id"])}" hidden '
                 f'aria-pressed="false" aria-label="Add {escape(item["title"])} to my agenda">☆</button> ')
    return [nodes.raw("", html_text, format="html")]


def reader_time(view: dict) -> list[nodes.Node]:
    """A slot that scholar.js fills with the time in the reader's own zone."""
    if not view.get("start_iso"):
        return []
    end = f' data-end="{escape(view["end_iso"])}"' if view["end_iso"] else ""
    zone = view.get("timezone") or view.get("zone") or ""
    html_text = (f'<span class="scholar-yourtime" data-start="{escape(view["start_iso"])}"{end} '
                 f'data-zone="{escape(zone)}"></span>')
    return [nodes.raw("", html_text, format="html")]


def paper_filter_form(view: dict) -> str:
    themes = "".join(f'<option value="{escape(t["id"])}">{escape(t["title"])}</option>' for t in view["themes"])
    years = "".join(f'<option value="{y}">{y}</option>' for y in view["years"])
    return (
        '<form id="scholar-paper-filter" class="scholar-filter" hidden>'
        f'<label>Theme <select name="theme"><option value="">All themes</option>{themes}</select></label> '
        f'<label>Year <select name="year"><option value="">All years</option>{years}'
        '<option value="unknown">Year not given</option></select></label> '
        '<output class="scholar-filter-count" aria-live="polite"></output></form>'
    )


# -- text formatting -------------------------------------------------------------------

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
    if order:
        text += f"; talk {order} of its block"
    return text


def people_text(item: dict) -> str | None:
    if item["people"]:
        return ", ".join(item["people"]) + ("" if item["complete"] else " et al.")
    if item["n_authors"]:
        return f"{item['n_authors']} authors"
    return None


def listing_authors_text(listing: dict) -> str:
    """What the source listing itself says about the authors, in words."""
    names = listing["authors"]
    if names and not listing["authors_complete"]:
        return f"the listing names {len(names)} and truncates with \u201cet al.\u201d"
    if not names and listing["n_authors"]:
        return f"the listing gives only the number, {listing['n_authors']}"
    if names:
        return f"the listing names {len(names)}"
    return "the listing names no authors"


# How the fields a verified record adds are named on the page.
ADDED_NAMES = {"eprint": "arXiv id", "author": "full author list", "year": "year", "doi": "DOI",
               "journal": "journal", "booktitle": "proceedings", "title": "title", "month": "month", "day": "day"}


def paper_date(view: dict) -> str | None:
    if view["date"]:
        text = human_date(view["date"])
    elif view["year"] and view["month"]:
        text = f"{MONTH_NAMES[view['month'] - 1]} {view['year']}"
    elif view["year"]:
        text = str(view["year"])
    elif view["month"]:
        return f"{MONTH_NAMES[view['month'] - 1]}, year not given in the source"
    else:
        return None
    if view["year_inferred"]:
        text += f" (year inferred: {view['year_inferred']})"
    elif view["verified"] and "year" in view["verified"]["added"]:
        text += " (the year is from the verified record; the listing gives none)"
    return text
