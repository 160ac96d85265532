"""Talk and paper pages: headers, backlinks, citation, related entries; reading-path steps."""

from __future__ import annotations

from docutils import nodes

from .. import cite, csl, snippets
from .base import MONTH_NAMES, Data, Renderer, Row, human_date, people_text, when
from .events import agenda_note, reader_time

# How the fields a verified record adds are named on a paper's page.
ADDED_NAMES = {"eprint": "arXiv id", "author": "full author list", "year": "year", "doi": "DOI",
               "journal": "journal", "booktitle": "proceedings", "title": "title", "month": "month", "day": "day"}


def talk_header(r: Renderer, view: Data) -> list[nodes.Node]:
    speakers: list[nodes.Node] = []
    for number, speaker in enumerate(view["speakers"]):
        if number:
            speakers.append(nodes.Text("; "))
        speakers.append(r.link(speaker["title"], speaker["docname"]))
        if speaker["affiliation"]:
            speakers.append(nodes.Text(f" ({speaker['affiliation']})"))
    rows: list[Row] = [("Speakers" if len(view["speakers"]) > 1 else "Speaker", speakers)]
    if view["event"]:
        rows.append(("Event", [r.link(view["event"]["title"], view["event"]["docname"])]))
    if view["date"]:
        text = when(view["date"], view["start"], view["end"], view["timezone"], view["order"])
        rows.append(("When", [nodes.Text(text), *reader_time(view)]))
    if view["room"]:
        rows.append(("Room", view["room"]))
    if view["themes"]:
        rows.append(("Themes", r.links(view["themes"])))
    if view["calendar"]:
        rows.append(("Calendar", [r.file_link("Add this talk to a calendar (.ics)", view["calendar"])]))
    result: list[nodes.Node] = [r.fields(rows)]
    if view["start_iso"]:
        result.extend(agenda_note(r, view))
    if view["status"] == "tbd":
        result.append(r.note("Title and abstract to be announced: the programme lists this talk as TBD.",
                             ["scholar-tbd"]))
    for bio in view["bios"]:
        result.append(r.heading(f"About {bio['name']}"))
        result.extend(nodes.paragraph(p, p) for p in bio["bio"].split("\n\n") if p.strip())
    return result


def talk_papers(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    return [r.heading("Papers presented"), *r.entry_list(view, coins=False)] if view else []


def paper_talks(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    return [r.heading("Presented in talks"), *r.entry_list(view)] if view else []


def paper_header(r: Renderer, view: Data) -> list[nodes.Node]:
    rows: list[Row] = []
    authors = paper_authors(r, view)
    if authors:
        rows.append(("Authors", authors))
    date_text = paper_date(view)
    if date_text:
        rows.append(("Date", date_text))
    if view["venue"]:
        rows.append(("Published in", view["venue"]))
    rows += identifier_rows(r, view)
    if view["themes"]:
        rows.append(("Themes", r.links(view["themes"])))
    rows.append(("Provenance", provenance(r, view)))
    if view["abstract_source"]:
        rows.append(("Abstract", abstract_source(r, view["abstract_source"])))
    result: list[nodes.Node] = [r.fields(rows)]
    missing = [what for what, absent in (
        ("authors", not view["authors"] and not view["n_authors"]),
        ("date", not date_text), ("abstract", not view["has_abstract"])) if absent]
    if missing and view["source"]:
        result.append(r.note(f"The source gives no {', no '.join(missing)} for this paper.", ["scholar-missing"]))
    elif missing:
        result.append(r.note(f"No {', no '.join(missing)}: the editors found no page of the work's own source "
                             "(its publisher, proceedings, arXiv or its authors) that gives it.", ["scholar-missing"]))
    return result


def identifier_rows(r: Renderer, view: Data) -> list[Row]:
    """Where a reader finds the paper: a published version, arXiv, DOI, link, or title searches."""
    rows: list[Row] = []
    if view["published"]:
        rows.append(("Published version", published(r, view["published"])))
    if view["arxiv"]:
        arxiv = view["arxiv"]
        rows.append(("arXiv", [r.external(f"arXiv:{arxiv}", f"https://arxiv.org/abs/{arxiv}"), nodes.Text(" ("),
                               r.external("PDF", f"https://arxiv.org/pdf/{arxiv}"), nodes.Text(")")]))
    if view["doi"]:
        rows.append(("DOI", [r.external(view["doi"], f"https://doi.org/{view['doi']}")]))
    if view["category"]:
        rows.append(("Category", view["category"]))
    if view["url"]:
        rows.append(("Link", [r.external(view["url"], view["url"])]))
    if view["search"]:
        rows.append(("Find it", search_links(r, view["search"])))
    return rows


def paper_authors(r: Renderer, view: Data) -> list[nodes.Node]:
    """The authors, saying where the list comes from when the listing's differs."""
    authors: list[nodes.Node] = r.links(view["authors"])
    if view["authors"] and not view["authors_complete"]:
        authors.append(nodes.Text(" et al. (the source truncates the author list)"))
    elif not view["authors"] and view["n_authors"]:
        authors = [nodes.Text(f"{view['n_authors']} authors (the source gives no names)")]
    completed = view["verified"] and "author" in view["verified"]["added"]
    if authors and completed:
        note = f" ({listing_authors_text(view['listing'])}; the full list is from the verified record)"
        authors.append(nodes.inline(note, note, classes=["scholar-added"]))
    return authors


def published(r: Renderer, version: Data) -> list[nodes.Node]:
    """A published version of a preprint, linked to the page that states it."""
    title = version["venue"]
    result: list[nodes.Node] = [r.external(title, version["url"]) if version["url"] else nodes.Text(title)]
    if version["doi"]:
        result += [nodes.Text(", "), r.external(f"doi:{version['doi']}", f"https://doi.org/{version['doi']}")]
    note = " (from the verified record, not the listing)"
    result.append(nodes.inline(note, note, classes=["scholar-added"]))
    return result


ABSTRACT_KINDS = {"abstract": "The work's own abstract", "publisher-description": "The publisher's description",
                  "table-of-contents": "The table of contents",
                  "opening-summary": "The article's opening summary (it has no abstract)"}


def abstract_source(r: Renderer, source: Data) -> list[nodes.Node]:
    """Where an editors' reference's abstract was copied from: the work's own page."""
    what = ABSTRACT_KINDS.get(source["kind"], "The work's own description")
    excerpt = ", the part that page gives" if source["excerpt"] else ""
    return [nodes.Text(f"{what}{excerpt}, as published at "), r.external(source["url"], source["url"]),
            nodes.inline(" (not from a source listing)", " (not from a source listing)", classes=["scholar-added"])]


def provenance(r: Renderer, view: Data) -> list[nodes.Node]:
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
    result: list[nodes.Node] = [nodes.Text(text + "; checked against "), r.external(verified["url"], verified["url"])]
    details = [verified["checks"]] if verified["checks"] else []
    added = ", ".join(ADDED_NAMES.get(name, name) for name in verified["added"])
    if added and view["source"]:
        details.append(f"taken from that record, not the listing: {added}")
    result.append(nodes.Text(f" ({'; '.join(details)})." if details else "."))
    return result


def search_links(r: Renderer, links: list[Data]) -> list[nodes.Node]:
    result: list[nodes.Node] = [nodes.Text("no verified identifier; search by title: ")]
    for number, link in enumerate(links):
        if number:
            result.append(nodes.Text(", "))
        result.append(r.external(link["title"], link["url"]))
    return result


def citation(r: Renderer, view: Data) -> list[nodes.Node]:
    """A formatted reference, the BibTeX to copy, and the CSL-JSON file to import.

    The CSL-JSON item holds the abstract, so it is offered as a file rather than shown:
    shown, it would repeat the abstract on the page and in the search index.
    """
    reference = nodes.paragraph(classes=["scholar-reference"])
    reference += snippets.trusted(csl.formatted(view["csl"]))  # text escaped by csl.formatted
    if view.get("incomplete"):
        reference += nodes.Text(f" ({view['incomplete']}.)")
    bibtex = view["bibtex"] if "bibtex" in view else cite.talk_bibtex([view["talk"]])
    csl_line = nodes.paragraph(classes=["scholar-format"])
    csl_line += [nodes.Text("CSL-JSON, which Zotero, Mendeley and pandoc import: "),
                 r.download_link("download it (.csl.json)", view["csl_file"]), nodes.Text(".")]
    return [
        r.heading("Cite this"), reference,
        r.note("BibTeX:", ["scholar-format"]),
        nodes.literal_block(bibtex, bibtex, language="bibtex", classes=["scholar-bibtex"]),
        csl_line,
    ]


def related(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    return [r.heading("Related entries"), *r.entry_list(view, coins=False)] if view else []


def step(r: Renderer, view: Data) -> list[nodes.Node]:
    """The head of a reading-path item (inline): title, people, date, and what exists."""
    result: list[nodes.Node] = [r.link(view["title"], view["docname"], classes=["scholar-title"])]
    details = [people_text(view) if view["kind"] == "paper" else ", ".join(view["people"])]
    if view["kind"] == "talk" and view["event"]:
        details.append(f"talk at {view['event']}")
    details.append(str(view["date"] or view.get("year") or "")[:4] or None)
    result.append(nodes.Text(" — " + ", ".join(d for d in details if d) + ". "))
    result.extend(availability(r, view))
    return result


def availability(r: Renderer, view: Data) -> list[nodes.Node]:
    """What a reader can get: the paper's verified identifier, or the talk's recording, slides, abstract."""
    return paper_availability(r, view) if view["kind"] == "paper" else talk_availability(r, view)


def paper_availability(r: Renderer, view: Data) -> list[nodes.Node]:
    if view["arxiv"]:
        return [r.external(f"arXiv:{view['arxiv']}", f"https://arxiv.org/abs/{view['arxiv']}")]
    if view["doi"]:
        return [r.external(f"doi:{view['doi']}", f"https://doi.org/{view['doi']}")]
    if view["url"]:
        return [r.external("online", view["url"])]
    if view["verified"]:
        return [_available("Record checked against a public page; no online copy linked.")]
    # No identifier known: the title searches, where the student would look next anyway.
    result: list[nodes.Node] = [nodes.Text("Find it: ")]
    for number, search in enumerate(view["searches"]):
        result += [nodes.Text(", ")] if number else []
        result.append(r.external(search["title"], search["url"]))
    return result


def talk_availability(r: Renderer, view: Data) -> list[nodes.Node]:
    if view["tbd"]:
        return [_available("Title and abstract to be announced.")]
    links = [(name, view[name]) for name in ("recording", "slides") if view[name]]
    if links:
        result: list[nodes.Node] = []
        for number, (name, url) in enumerate(links):
            result += [nodes.Text(", ")] if number else []
            result.append(r.external(name.title(), url))
        return result
    if not view["has_abstract"]:
        return [_available("No abstract, slides or recording known.")]
    if view["recorded_event"]:
        return [_available("Abstract only: the series lists it as a recorded talk, but no recording link "
                           "has been verified.")]
    return [_available("Abstract only: no slides or recording known.")]


def _available(text: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["scholar-availability"])


def listing_authors_text(listing: Data) -> str:
    """What the source listing itself says about the authors, in words."""
    names = listing["authors"]
    if names and not listing["authors_complete"]:
        return f"the listing names {len(names)} and truncates with “et al.”"
    if not names and listing["n_authors"]:
        return f"the listing gives only the number, {listing['n_authors']}"
    if names:
        return f"the listing names {len(names)}"
    return "the listing names no authors"


def paper_date(view: Data) -> str | None:
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
