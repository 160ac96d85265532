"""BibTeX for citing: papers from ``refs.bib``, talks as presentations, and the downloads.

Only bibliographic fields leave the site: fields the site keeps for itself in ``refs.bib``
(``authorcount``, notes on provenance, any unknown field) are dropped, and themes or
sources never enter a BibTeX record.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import BibliographyData, Entry, Person

from . import bib

# Fields a reference manager understands; everything else in refs.bib stays on the site.
BIBLIOGRAPHIC_FIELDS = (
    "title", "journal", "booktitle", "volume", "number", "pages", "publisher", "institution",
    "year", "month", "day", "eprint", "archiveprefix", "primaryclass", "doi", "url", "howpublished",
)
EXPORT_NAMES = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI arXiv registers for every paper."""
    return f"10.48550/arXiv.{arxiv_id}"


def paper_entry(entry: Entry) -> Entry:
    """A copy of a refs.bib record holding only bibliographic fields."""
    fields = {}
    for name in BIBLIOGRAPHIC_FIELDS:
        value = entry.fields.get(name)
        if value:
            fields[EXPORT_NAMES.get(name, name)] = value
    facts = bib.paper_facts(entry)
    # Protect the title's capitals from styles that lowercase them.
    if "title" in fields and not fields["title"].startswith("{"):
        fields["title"] = "{" + fields["title"] + "}"
    # One date, written both ways: year and month for BibTeX, date for biblatex.
    fields.pop("day", None)
    if facts["month"]:
        fields["month"] = str(facts["month"])
    if facts["date"]:
        fields["date"] = facts["date"]
    if facts["arxiv"]:
        fields.setdefault("doi", arxiv_doi(facts["arxiv"]))
        fields.setdefault("url", f"https://arxiv.org/abs/{facts['arxiv']}")
    persons = {"author": list(entry.persons.get("author", []))}
    return Entry(entry.type, fields=fields, persons={k: v for k, v in persons.items() if v})


def talk_entry(talk: dict, event: dict | None, url: str | None) -> Entry:
    """A talk as biblatex's ``@unpublished`` with event fields: what Zotero files as a presentation."""
    fields = {"title": "{" + (talk["title"] or talk["page_title"]) + "}", "howpublished": "Talk"}
    if event:
        fields["eventtitle"] = event["title"]
        if event.get("location"):
            fields["venue"] = event["location"]
    if talk["date"]:
        fields["date"] = talk["date"]
        fields["year"], fields["month"] = talk["date"][:4], str(int(talk["date"][5:7]))
    if url:
        fields["url"] = url
    persons = [Person(speaker["name"]) for speaker in talk["speakers"] or []]
    return Entry("unpublished", fields=fields, persons={"author": persons} if persons else {})


def to_bibtex(entries: dict[str, Entry]) -> str:
    if not entries:
        return ""
    return BibliographyData(entries=entries).to_string("bibtex")


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_downloads(catalog, outdir: Path) -> None:
    """``refs.bib`` (every paper) and ``talks.bib`` (every titled talk) at the site root."""
    papers = {key: catalog.papers[key]["bibtex"] for key in sorted(catalog.papers)}
    write_if_changed(outdir / "refs.bib", "\n".join(text for text in papers.values() if text))
    talks = {
        talk_id: talk_entry(talk, catalog.events.get(talk["event"]), catalog.absolute_url(talk["docname"]))
        for talk_id, talk in sorted(catalog.talks.items()) if talk["status"] != "tbd"
    }
    write_if_changed(outdir / "talks.bib", to_bibtex(talks))
    for (kind, theme_id), docname in catalog.pages.items():
        cited = [key for key in catalog.cited.get(docname, []) if key in catalog.papers]
        if kind == "theme" and cited:
            write_if_changed(outdir / f"{docname}.bib", "\n".join(catalog.papers[key]["bibtex"] for key in cited))
