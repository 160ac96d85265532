"""``python tools/import_bib.py export.bib``: papers from a reference manager's export.

Each record whose key is new is appended to ``editors.bib`` (bibliographic fields only,
biblatex's ``date`` and ``journaltitle`` turned into the fields the site reads) and gets a
page ``papers/<key>.md`` (its abstract as the body, ``:added-by:`` saying who added it).
A key already in ``refs.bib`` or ``editors.bib``, or a title that a paper there already
has, is left alone and reported. Authors whose names look like a known person's are
reported for a decision. Papers without ``--themes`` are reported as needing a theme.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pybtex.database import BibliographyData, Entry, Person, parse_string
from pybtex.scanner import PybtexSyntaxError

from scholar import bibfiles, model

from .editing import Changes, KnownPeople, Report, UnsafePath, fail
from .render import directive
from .text import SeedError, latex_to_markdown, markdown_body, normalize_title, tidy

# The fields a record keeps; a reference manager's others (file, keywords, urldate...) are dropped.
KEPT = ("title", "journal", "booktitle", "series", "publisher", "edition", "volume", "number", "pages",
        "year", "month", "day", "doi", "url", "eprint", "archiveprefix", "primaryclass", "institution")
RENAMED = {"journaltitle": "journal", "eprinttype": "archiveprefix", "eprintclass": "primaryclass"}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("bibfile", type=Path, help="a .bib file exported by a reference manager")
    parser.add_argument("--themes", default="", help="theme ids for every imported paper, comma-separated")
    parser.add_argument("--added-by", default="the editors", help="who adds these papers (shown on their pages)")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="the site's folder")
    parser.add_argument("--dry-run", action="store_true", help="report what would be added; write nothing")
    args = parser.parse_args(argv)
    try:
        text = args.bibfile.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return fail(f"cannot read {args.bibfile}: {error}")
    problems = [f"{args.bibfile}:{record.line}: {record.key or 'a record'}: {record.problem}"
                for record in bibfiles.scan(text) if record.problem]
    if problems:
        return fail("malformed BibTeX, nothing imported:\n  " + "\n  ".join(problems))
    try:
        data = parse_string(text, "bibtex")
    except (PybtexSyntaxError, ValueError) as error:
        return fail(f"malformed BibTeX in {args.bibfile}, nothing imported: {error}")
    try:
        changes = import_records(data, args.root, args.themes, args.added_by, args.bibfile.name)
        changes.commit(args.dry_run)
    except (OSError, UnsafePath, SeedError) as error:
        return fail(f"{args.bibfile}: {error}; nothing imported")
    changes.report.print(args.dry_run)
    return 0


def import_records(data: BibliographyData, root: Path, themes: str, added_by: str, source: str) -> Changes:
    """Every page and record of the import, prepared and checked; nothing is written yet."""
    report = Report()
    changes = Changes(root, report)
    existing = _existing(root)
    people = KnownPeople(root)
    appended = []
    for original, entry in data.entries.items():
        key = model.bibtex_key(original)
        if key != original:
            report.decisions.append(f"{original}: not a key the site can use as a page name; imported as {key!r} "
                                    "(the original is kept in the record's ids field); cite it by the new key")
        _drop_unsafe_links(key, entry, report)
        title = tidy(entry.fields.get("title", "").replace("{", "").replace("}", ""))
        if key.casefold() in existing["keys"]:
            report.kept.append(f"{key} (the key is already in refs.bib or editors.bib)")
            continue
        if title and normalize_title(title) in existing["titles"]:
            report.decisions.append(f"{key}: a paper titled {title!r} is already there "
                                    f"({existing['titles'][normalize_title(title)]}); not imported")
            continue
        if not title:
            report.decisions.append(f"{key}: the record has no title; not imported")
            continue
        for person in entry.persons.get("author", []):
            people.check(_name(person), key, report)
        page = paper_page(key, entry, themes, added_by, source, report)
        if changes.add(f"papers/{key}.md", page):
            appended.append(cleaned(key, entry, original))
        if not themes:
            report.decisions.append(f"papers/{key}.md: give it one to three themes (:themes:)")
    if appended:
        block = "\n\n".join(appended)
        changes.extend("editors.bib", f"\n% imported from {source} by tools/import_bib.py\n\n{block}\n")
    return changes


def _drop_unsafe_links(key: str, entry: Entry, report: Report) -> None:
    """A ``url`` that is not http(s) (``javascript:``, ``file:``...) is left out, and said so."""
    for name in [name for name in entry.fields if name.lower() in ("url", "doi")]:
        value = entry.fields[name].strip()
        if name.lower() == "url" and not model.safe_link(value, absolute=True):
            report.decisions.append(f"{key}: the url {value!r} is not an http(s) URL; it is left out")
            del entry.fields[name]


def _name(person: Person) -> str:
    return " ".join(str(part) for part in [*person.first_names, *person.middle_names, *person.prelast_names,
                                           *person.last_names])


def _existing(root: Path) -> dict:
    keys: set[str] = set()
    titles: dict[str, str] = {}
    for name in ("refs.bib", "editors.bib"):
        path = root / name
        if not path.is_file():
            continue
        for key, entry in parse_string(path.read_text(encoding="utf-8"), "bibtex").entries.items():
            keys.add(key.casefold())
            title = entry.fields.get("title", "").replace("{", "").replace("}", "")
            if title:
                titles[normalize_title(title)] = f"{name}: {key}"
    return {"keys": keys, "titles": titles}


def cleaned(key: str, entry: Entry, original: str | None = None) -> str:
    """The record as editors.bib holds it: the fields the site reads, in a stable order.

    ``original``: the key the library gave it, when the site needed another (kept as
    biblatex's ``ids``, the field for a record's other keys).
    """
    fields = {RENAMED.get(name.lower(), name.lower()): value for name, value in entry.fields.items()}
    fields |= _date_fields(fields.pop("date", ""))
    if fields.get("archiveprefix", "").lower() == "arxiv":
        fields["archiveprefix"] = "arXiv"
    if fields.get("month", "").isdigit():
        fields["month"] = MONTHS[int(fields["month"]) - 1]
    lines = [f"@{entry.type.lower()}{{{key},"]
    title = fields.get("title", "")
    lines.append(f"  title = {{{title if title.startswith('{') else '{' + title + '}'}}},")
    authors = " and ".join(str(person) for person in entry.persons.get("author", []))
    if authors:
        lines.append(f"  author = {{{authors}}},")
    if original and original != key:
        lines.append(f"  ids = {{{original}}},")
    for name in KEPT[1:]:
        if fields.get(name):
            value = fields[name]
            lines.append(f"  {name} = {value}," if name == "month" and value in MONTHS else f"  {name} = {{{value}}},")
    return "\n".join(lines + ["}"])


def _date_fields(date: str) -> dict[str, str]:
    """biblatex's ``date = {2024-07-23}`` as the year, month and day fields the site reads."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date.strip())
    if not match:
        return {}
    parts = {"year": match[1]}
    if match[2]:
        parts["month"] = MONTHS[int(match[2]) - 1]
    if match[3]:
        parts["day"] = str(int(match[3]))
    return parts


def paper_page(key: str, entry: Entry, themes: str, added_by: str, source: str, report: Report) -> str:
    raw = tidy(entry.fields.get("abstract", ""))
    try:
        abstract = latex_to_markdown(raw)
    except SeedError:
        abstract = raw
        report.decisions.append(f"papers/{key}.md: the abstract holds LaTeX commands; check how it reads")
    options = [("themes", themes), ("added-by", f"{added_by} (imported from {source})")]
    return directive("paper", key, options, markdown_body(abstract), markdown=True) + "\n"
