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
from pybtex.exceptions import PybtexError

from scholar import bib, bibfiles, model

from .editing import Changes, KnownPeople, Report, UnsafePath, fail
from .render import directive
from .text import SeedError, latex_to_markdown, markdown_body, normalize_title, tidy

# The fields a record keeps; a reference manager's others (file, keywords, urldate...) are dropped.
KEPT = ("title", "journal", "booktitle", "series", "publisher", "address", "organization", "edition", "volume",
        "number", "pages", "year", "month", "day", "doi", "url", "eprint", "archiveprefix", "primaryclass",
        "institution")
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
        text = read_library(args.bibfile)
        records = bibfiles.scan(text)
        refuse_malformed(args.bibfile, records)
        data = parse_string(bibfiles.corrected(text, records), "bibtex")
    except Refused as error:
        return fail(f"{error}; nothing imported")
    except (PybtexError, ValueError) as error:
        return fail(f"malformed BibTeX in {args.bibfile}, nothing imported: {error}")
    try:
        changes = import_records(data, args.root, args.themes, args.added_by, args.bibfile.name,
                                 {record.key: record for record in records})
        changes.commit(args.dry_run)
    except (OSError, UnsafePath, SeedError) as error:
        return fail(f"{args.bibfile}: {error}; nothing imported")
    changes.report.print(args.dry_run)
    return 0


class Refused(ValueError):
    """A library the import will not read: the message names the file and the line."""


# Larger than any reference library an editor keeps by hand or exports (the real site's two
# files hold 2 MB); a field longer than the longest abstract by far is a pasted paper.
MAX_FILE_BYTES = 50_000_000
MAX_FIELD_CHARACTERS = 20_000
# JabRef writes the encoding it saved a library in on its first line.
_DECLARED_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?%\s*Encoding\s*:\s*([\w.-]+)", re.IGNORECASE)


def read_library(path: Path) -> str:
    """The text of a .bib file: UTF-8 (with or without a byte-order mark), or the encoding
    its first line declares ("% Encoding: windows-1252", as JabRef writes it)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Refused(f"{path}: {path.stat().st_size:,} bytes is more than a reference library holds "
                          f"(the limit is {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror or error}") from None
    declared = _DECLARED_ENCODING.match(data)
    encoding = declared[1].decode("ascii") if declared else "utf-8-sig"
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except LookupError:
        raise Refused(f"{path}:1: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        said = f"its first line says {encoding}" if declared else "it is not UTF-8"
        raise Refused(f"{path}:{line}: byte 0x{data[error.start]:02x} cannot be read ({said}): save the file as "
                      "UTF-8, or declare its encoding on the first line ('% Encoding: windows-1252')") from None


def refuse_malformed(path: Path, records: list[bibfiles.Record]) -> None:
    """Every record well formed, every key once, every field of a sensible size, or nothing."""
    problems = [f"{path}:{record.problem_line or record.line}: {record.key or 'a record'}: {record.problem}"
                for record in records if record.problem]
    first: dict[str, int] = {}
    for record in records:
        if record.key.casefold() in first:
            problems.append(f"{path}:{record.line}: {record.key}: the key is already used by the record at line "
                            f"{first[record.key.casefold()]}")
        first.setdefault(record.key.casefold(), record.line)
        problems += [f"{path}:{field.line}: {record.key}: the {field.name} is {len(field.value):,} characters long "
                     f"(the limit is {MAX_FIELD_CHARACTERS:,})"
                     for field in record.fields if len(field.value) > MAX_FIELD_CHARACTERS]
    if problems:
        raise Refused("malformed BibTeX:\n  " + "\n  ".join(problems))


def import_records(data: BibliographyData, root: Path, themes: str, added_by: str, source: str,
                   scanned: dict[str, bibfiles.Record] | None = None) -> Changes:
    """Every page and record of the import, prepared and checked; nothing is written yet.

    ``scanned``: the records as the file writes them (bibfiles.scan), for the mistakes
    corrected in ``data`` and the abstracts' paragraphs, which pybtex runs together.
    """
    scanned = scanned or {}
    report = Report()
    changes = Changes(root, report)
    existing = _existing(root)
    people = KnownPeople(root)
    volumes = _volumes(data, report)
    appended = []
    for original, entry in data.entries.items():
        key = model.bibtex_key(original)
        if original in volumes:
            continue
        if key != original:
            report.decisions.append(f"{original}: not a key the site can use as a page name; imported as {key!r} "
                                    "(the original is kept in the record's ids field); cite it by the new key")
        record = scanned.get(original)
        for mistake in record.mistakes if record else ():
            done = "written corrected" if mistake.fixed is not None else "check it"
            report.decisions.append(f"{key}: {mistake.field}: {mistake.message} ({done})")
        _drop_unsafe_links(key, entry, report)
        _inherit(key, entry, data, report)
        _arxiv_elsewhere(key, entry, report)
        _url_in_note(key, entry, report)
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
        page = paper_page(key, entry, themes, added_by, source, report, _raw_abstract(record))
        if changes.add(f"papers/{key}.md", page):
            appended.append(cleaned(key, entry, original))
        if not themes:
            report.decisions.append(f"papers/{key}.md: give it one to three themes (:themes:)")
    if appended:
        block = "\n\n".join(appended)
        changes.extend("editors.bib", f"\n% imported from {source} by tools/import_bib.py\n\n{block}\n")
    return changes


# The record types that are a volume of other works, not a work the site gives a page.
VOLUME_TYPES = ("proceedings", "mvproceedings", "collection", "mvcollection", "periodical")
# What a paper takes from the volume its ``crossref`` names, when it does not say it itself
# (BibTeX's own rule; the volume's title is the paper's booktitle).
INHERITED = ("booktitle", "series", "volume", "publisher", "address", "year", "month", "organization")


def _volumes(data: BibliographyData, report: Report) -> set[str]:
    """The keys of proceedings and collections: they are not imported as papers."""
    volumes = {key for key, entry in data.entries.items() if entry.type.lower() in VOLUME_TYPES}
    cited = {entry.fields.get("crossref", "").casefold() for entry in data.entries.values()}
    for key in sorted(volumes):
        used = "its fields are given to the papers whose crossref names it" if key.casefold() in cited else \
            "no paper's crossref names it"
        report.decisions.append(f"{key}: a volume (@{data.entries[key].type.lower()}), not a paper: not imported "
                                f"({used})")
    return volumes


def _inherit(key: str, entry: Entry, data: BibliographyData, report: Report) -> None:
    """The fields of the volume ``crossref`` names, copied where the paper lacks them."""
    parent_key = entry.fields.get("crossref", "").strip()
    if not parent_key:
        return
    parent = next((other for name, other in data.entries.items() if name.casefold() == parent_key.casefold()), None)
    if parent is None:
        report.decisions.append(f"{key}: its crossref {parent_key!r} is not in the file; the volume's fields "
                                "(booktitle, publisher...) are missing")
        return
    own = {name.lower() for name in entry.fields}
    given = {"booktitle": parent.fields.get("booktitle") or parent.fields.get("title", "")}
    given |= {name: parent.fields.get(name, "") for name in INHERITED[1:]}
    copied = [name for name, value in given.items() if value and name not in own]
    for name in copied:
        entry.fields[name] = given[name]
    if "editor" not in entry.persons and parent.persons.get("editor"):
        entry.persons["editor"] = list(parent.persons["editor"])
        copied.append("editor")
    if copied:
        report.decisions.append(f"{key}: {', '.join(copied)} taken from its crossref {parent_key!r}")


def _arxiv_elsewhere(key: str, entry: Entry, report: Report) -> None:
    """An arXiv id written in journal, note, url or doi becomes the record's eprint."""
    if entry.fields.get("eprint"):
        _corr(key, entry, report)
        return
    found = bib.arxiv_id_elsewhere(entry.fields)
    if not found:
        return
    arxiv, where = found
    entry.fields["eprint"], entry.fields["archiveprefix"] = arxiv, "arXiv"
    said = f"arXiv:{arxiv} read from the {where} field"
    if where == "journal":  # "arXiv preprint arXiv:…" names no journal: the record is a preprint
        del entry.fields["journal"]
        if entry.type.lower() == "article":
            entry.type = "misc"
            said += "; it names no journal, so the record is a preprint (@misc)"
    report.decisions.append(f"{key}: {said}")


def _corr(key: str, entry: Entry, report: Report) -> None:
    """DBLP's arXiv preprint (journal "CoRR", volume "abs/<id>") is a preprint, not a journal article."""
    journal, volume = entry.fields.get("journal", "").strip(), entry.fields.get("volume", "")
    if journal.lower() != "corr" or not volume.startswith("abs/"):
        return
    del entry.fields["journal"], entry.fields["volume"]
    if entry.type.lower() == "article":
        entry.type = "misc"
    report.decisions.append(f"{key}: journal 'CoRR' is DBLP's name for arXiv: the record is the preprint "
                            f"arXiv:{entry.fields['eprint']} (@misc)")


_URL_COMMAND = re.compile(r"\\url\{([^{}\s]+)\}")


def _url_in_note(key: str, entry: Entry, report: Report) -> None:
    """A ``\\url{…}`` in note or howpublished (how Zotero and JabRef write a web page) is the url."""
    if entry.fields.get("url"):
        return
    for name in ("howpublished", "note"):
        match = _URL_COMMAND.search(entry.fields.get(name, ""))
        if match and model.safe_link(match[1], absolute=True):
            entry.fields["url"] = match[1]
            report.decisions.append(f"{key}: url {match[1]!r} read from the {name} field")
            return


def _raw_abstract(record: bibfiles.Record | None) -> str | None:
    """The abstract as the file writes it, its paragraphs apart."""
    field = next((field for field in record.fields if field.name == "abstract"), None) if record else None
    return field.value if field else None


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


def _written(person: Person) -> str:
    """A name as BibTeX writes it, "von Last, Jr, First": a suffix written last without a comma
    ("Hal Daumé III", as DBLP gives it) is a suffix, not the surname."""
    first = [*person.first_names, *person.middle_names]
    if not person.lineage_names and len(person.last_names) == 1 and \
            person.last_names[0].lower() in bibfiles.NAME_SUFFIXES and first and not person.prelast_names:
        return f"{first[-1]}, {person.last_names[0]}, {' '.join(first[:-1])}".rstrip(", ")
    return str(person)


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
    for role in ("author", "editor"):
        names = " and ".join(_written(person) for person in entry.persons.get(role, []))
        if names:
            lines.append(f"  {role} = {{{names}}},")
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


def paper_page(key: str, entry: Entry, themes: str, added_by: str, source: str, report: Report,
               raw: str | None = None) -> str:
    """The paper's page: its abstract as the body, paragraph by paragraph."""
    text = raw if raw is not None else entry.fields.get("abstract", "")
    unescaped = zotero_math(text)
    if unescaped != text:
        report.decisions.append(f"papers/{key}.md: math that the export escaped as text (\\$, "
                                "{\\textbackslash}) is written as math again; check how it reads")
    paragraphs = [tidy(" ".join(part.split())) for part in re.split(r"\n\s*\n", unescaped) if part.strip()]
    converted = []
    for paragraph in paragraphs:
        try:
            converted.append(latex_to_markdown(paragraph))
        except SeedError:
            converted.append(paragraph)
            report.decisions.append(f"papers/{key}.md: the abstract holds LaTeX commands; check how it reads")
    options = [("themes", themes), ("added-by", f"{added_by} (imported from {source})")]
    return directive("paper", key, options, markdown_body("\n\n".join(converted)), markdown=True) + "\n"


# How Zotero's BibTeX export writes the math of an abstract: as text, every TeX character escaped.
_ZOTERO_ESCAPES = {r"{\textbackslash}": "\\", r"\textbackslash{}": "\\", r"{\textasciicircum}": "^",
                   r"\textasciicircum{}": "^", r"{\textasciitilde}": "~", r"{\$}": "$", r"\$": "$"}


def zotero_math(text: str) -> str:
    """``{\\$}x{\\textasciicircum}2{\\$}`` as the ``$x^2$`` it was, when the escaped dollars pair up."""
    dollars = text.count(r"\$")  # "{\$}" holds one too
    if dollars == 0 or dollars % 2:
        return text
    for escaped, character in _ZOTERO_ESCAPES.items():
        text = text.replace(escaped, character)
    return re.sub(r"\$[^$]*\$", lambda math: math[0].replace(r"\_", "_").replace(r"\{", "{").replace(r"\}", "}"),
                  text)
