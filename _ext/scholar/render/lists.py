"""Person and theme pages, and the site-wide lists: people, papers, guides, downloads."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from .. import snippets
from .base import Data, Renderer, Row, plural
from .events import agenda_note, has_agenda


def person(r: Renderer, view: Data) -> list[nodes.Node]:
    rows: list[Row] = []
    if view["affiliation"]:
        rows.append(("Affiliation", view["affiliation"]))
    if view["homepage"]:
        rows.append(("Homepage", [r.external(view["homepage"], view["homepage"])]))
    if view["aliases"]:
        rows.append(("Also written", ", ".join(view["aliases"])))
    if view["calendar"]:
        rows.append(("Calendar", [r.file_link(f"Talks by {view['name']} (.ics)", view["calendar"])]))
    result: list[nodes.Node] = [r.fields(rows)] if rows else []
    if view["bio"]:
        result.extend(nodes.paragraph(p, p) for p in view["bio"].split("\n\n") if p.strip())
    result.append(r.heading(f"Talks ({len(view['talks'])})"))
    if any(talk["timed"] for talk in view["talks"]):
        result.extend(agenda_note(r))
    result.extend(r.entry_list(view["talks"], "No talks listed.", stars=has_agenda(r)))
    result.append(r.heading(f"Papers ({len(view['papers'])})"))
    result.extend(r.entry_list(view["papers"], "No papers listed."))
    return result


def theme(r: Renderer, view: Data) -> list[nodes.Node]:
    result: list[nodes.Node] = [search_terms(view["search_terms"])] if view["search_terms"] else []
    if view["summary"]:
        result.append(r.note(view["summary"], ["scholar-summary"]))
    files = [("The works this guide cites, as BibTeX", view["bibfile"]),
             ("New entries on this theme (Atom feed)", view["feed"])]
    if any(path for _, path in files):
        line = nodes.paragraph("", "", classes=["scholar-downloads"])
        for title, path in files:
            if path:
                line += [r.file_link(title, path), nodes.Text(" ")]
        result.append(line)
    if view["cited_elsewhere"]:
        spans = "".join(item["coins"] for item in view["cited_elsewhere"])
        result.append(snippets.trusted(spans))
    result.append(r.heading(f"All talks on this theme ({len(view['talks'])})"))
    result.extend(r.entry_list(view["talks"], "No talks yet."))
    result.append(r.heading(f"All papers on this theme ({len(view['papers'])})"))
    result.extend(r.entry_list(view["papers"], "No papers yet."))
    return result


def search_terms(terms: list[str]) -> addnodes.index:
    """Main index entries for the guide's own topic: the search ranks an exact match of one of
    them first. With no target they lead to the top of the page; they add nothing visible."""
    return addnodes.index(entries=[("single", term, "", "main", None) for term in terms])


def people_index(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    lines = []
    for item in view:
        line = nodes.paragraph()
        line += r.link(item["title"], item["docname"])
        details = [item["affiliation"]] if item["affiliation"] else []
        details += [plural(item["n_talks"], "talk")] if item["n_talks"] else []
        details += [plural(item["n_papers"], "paper")] if item["n_papers"] else []
        if details:
            line += nodes.Text(" — " + "; ".join(details))
        lines.append(line)
    return [r.bullets(lines, ["scholar-people"])]


def paper_index(r: Renderer, view: Data) -> list[nodes.Node]:
    """All papers, with a form (shown by scholar.js) to narrow them by theme and year."""
    result = r.entry_list(view["papers"], "No papers yet.", classes=["scholar-paper-index"])
    if result and isinstance(result[0], nodes.bullet_list):
        for item, paper in zip(result[0].children, view["papers"], strict=True):
            item["classes"] += [f"scholar-theme-{t}" for t in paper["themes"]]
            item["classes"].append(f"scholar-year-{paper['year'] or 'unknown'}")
    return [snippets.html("paper-filter", themes=view["themes"], years=view["years"]), *result]


def theme_index(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    lines = []
    for item in view:
        line = nodes.paragraph()
        line += r.link(item["title"], item["docname"], classes=["scholar-title"])
        counts = f"{plural(item['n_talks'], 'talk')}, {plural(item['n_papers'], 'paper')}"
        line += nodes.Text(f" — {counts}. {item['summary']}")
        if item["steps"]:
            line += snippets.html("guide-progress", entries=item["steps"])
        lines.append(line)
    return [r.bullets(lines, ["scholar-themes"])]


def downloads(r: Renderer, view: list[Data]) -> list[nodes.Node]:
    lines = []
    for item in view:
        line = nodes.paragraph()
        line += [r.file_link(item["title"], item["path"]), nodes.Text(f" — {item['about']}")]
        lines.append(line)
    return [r.bullets(lines, ["scholar-downloads"])]
