"""Mistakes in the BibTeX files, found before they can stop the build.

One unbalanced brace used to abort the whole build with an error from sphinxcontrib-bibtex
that named no file and the wrong line; a key repeated in two records silently dropped
every record after it. Now pybtex's errors are collected instead of raised while
sphinxcontrib-bibtex parses the files (``compat.collect_bibtex_errors``), and this module
reads each file's text to say where the problem is: a record whose braces do not balance,
or a key that an earlier record already has. A broken record is left out (its fields
would be garbage) until it is fixed; everything else is built.

The same scan finds the mistakes a reference manager or a hand edit makes inside a record
that pybtex accepts without a word (authors separated by commas, a DOI written as a URL,
an unescaped ``%``...): each is a :class:`Mistake` with its line, the build warns of it,
and the importer writes the record corrected and says so.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

from .bib import PROVENANCE_FIELDS, month_number
from .model import safe_link

logger = logging.getLogger(__name__)

_RECORD_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)", re.MULTILINE)
_NOT_RECORDS = {"comment", "preamble", "string"}

#: The fields the site turns into links (bib.py), and their values as the file writes them.
LINK_FIELDS = ("url", "verifiedurl", "publishedurl", "abstractsource")
_LINK_FIELD = re.compile(r"^[ \t]*(" + "|".join(LINK_FIELDS) + r")[ \t]*=[ \t]*[{\"]([^\n]*?)[}\"]?[ \t]*,?[ \t]*$",
                         re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    """One field of a record as the file writes it: the value between its delimiters."""

    name: str  # lower case
    value: str
    line: int
    span: tuple[int, int] | None = None  # the value's place in the text, when it is one {…} or "…"


@dataclass(frozen=True)
class Mistake:
    """A field pybtex reads without complaint but not as its writer meant."""

    field: str
    line: int
    message: str
    fixed: str | None = None  # the value as it should be written, when that is certain


@dataclass(frozen=True)
class Record:
    """Where one record of a BibTeX file starts, and what is wrong with it."""

    key: str
    line: int
    problem: str | None  # None when the record looks well formed
    unsafe_links: tuple[tuple[str, str, int], ...] = ()  # (field, value, line) not to be linked
    fields: tuple[Field, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    problem_line: int | None = None  # where the problem is, when not at the record's '@'


def scan(text: str) -> list[Record]:
    """The records of a BibTeX file's text, in order, each with its line."""
    starts = [match for match in _RECORD_START.finditer(text) if match[1].lower() not in _NOT_RECORDS]
    records = []
    for number, match in enumerate(starts):
        end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        body = _without_escapes(text[match.start():end])
        problem: str | None = None
        line = _line_of(text, match)
        problem_line = None
        fields: list[Field] = []
        if not match[2]:
            problem = "no key"
        elif body.count("{") != body.count("}"):
            problem = f"its braces do not balance ({body.count('{')} '{{', {body.count('}')} '}}')"
        else:
            fields, syntax = _fields(text, match.end(), end)
            if syntax:
                problem_line, problem = syntax
        records.append(Record(match[2], line, problem, _unsafe_links(text[match.start():end], line),
                              tuple(fields), tuple(mistake for field in fields for mistake in mistakes(field)),
                              problem_line))
    return records


_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")
_BARE_VALUE = re.compile(r"[^,#}\s)]+")


def _fields(text: str, start: int, end: int) -> tuple[list[Field], tuple[int, str] | None]:
    """The fields of the record whose key ends at ``start``, and the first syntax problem.

    Enough of BibTeX's grammar to say where each value is: ``name = {…}``, ``"…"`` or a
    bare number or macro, pieces joined by ``#``, fields separated by commas.
    """
    fields: list[Field] = []
    position = _skip_space(text, start, end)
    if text.startswith(",", position):
        position += 1
    while True:
        position = _skip_space(text, position, end)
        if position >= end or text[position] in "})":
            return fields, None
        name = _FIELD_NAME.match(text, position, end)
        if not name:
            return fields, (_line_at(text, position), "expected a field (name = {value})")
        position = name.end()
        pieces = []
        value_start = position
        while True:
            value, position = _value(text, position, end)
            if value is None:
                return fields, (_line_at(text, position), f"the field '{name[1]}' has no value")
            pieces.append(value)
            value_end = position
            position = _skip_space(text, position, end)
            if not text.startswith("#", position):
                break
            position = _skip_space(text, position + 1, end)
        span = (value_start + 1, value_end - 1) if len(pieces) == 1 and text[value_start] in '{"' else None
        fields.append(Field(name[1].lower(), "".join(pieces), _line_at(text, name.start(1)), span))
        if text.startswith(",", position):
            position += 1
        elif position < end and text[position] not in "})":
            return fields, (_line_at(text, value_end), f"a comma is missing after the field '{name[1]}' "
                                                      "(every field after it would be lost)")


def _value(text: str, position: int, end: int) -> tuple[str | None, int]:
    """One piece of a value and where it ends: a braced group, a quoted string or a bare word."""
    if position >= end:
        return None, position
    if text[position] in '{"':
        closing = "}" if text[position] == "{" else '"'
        depth, index = 0, position + 1
        while index < end:
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == closing and depth == 0:
                return text[position + 1:index], index + 1
            depth += {"{": 1, "}": -1}.get(char, 0)
            index += 1
        return None, position
    bare = _BARE_VALUE.match(text, position, end)
    return (bare[0], bare.end()) if bare else (None, position)


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def corrected(text: str, records: list[Record]) -> str:
    """``text`` with every mistake that has a certain correction written corrected."""
    spans = {(record.key, field.name): field.span for record in records for field in record.fields}
    edits = sorted(((span, mistake.fixed) for record in records for mistake in record.mistakes
                    if mistake.fixed is not None and (span := spans.get((record.key, mistake.field)))),
                   reverse=True)
    for (start, end), value in edits:
        text = text[:start] + value + text[end:]
    return text


# -- mistakes inside a well-formed record ---------------------------------------------------------

_PERSON_FIELDS = ("author", "editor")
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}  # "Jr." in "Last, Jr., First"
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PERCENT = re.compile(r"(?<!\\)%")
# Fields no LaTeX document typesets: links, identifiers, and the site's own provenance notes.
_NOT_TYPESET = ("url", "doi", "eprint", "file", *LINK_FIELDS, *PROVENANCE_FIELDS)


def mistakes(field: Field) -> list[Mistake]:
    """What is wrong with one field although pybtex reads it."""
    found = []
    if field.name in _PERSON_FIELDS:
        found += _person_list_mistakes(field)
    if field.name == "doi" and _DOI_PREFIX.match(field.value):
        bare = _DOI_PREFIX.sub("", field.value).strip()
        found.append(Mistake(field.name, field.line, f"write the DOI alone ({bare!r}), not as a link", bare))
    if field.name == "year":
        found += _year_mistakes(field)
    if field.name == "month" and month_number(field.value.strip().strip("{}")) is None:
        found.append(Mistake(field.name, field.line, f"{field.value!r} is not a month (write jan…dec, a full "
                                                     "English month name or 1–12); the record is shown without it"))
    if field.name not in _NOT_TYPESET and _PERCENT.search(field.value):
        found.append(Mistake(field.name, field.line,
                             "an unescaped '%' starts a comment in TeX, which hides the rest of the line "
                             "in every LaTeX document that cites the record: write '\\%'",
                             _PERCENT.sub(r"\\%", field.value)))
    return found


def _year_mistakes(field: Field) -> list[Mistake]:
    value = field.value.strip().strip("{}")
    if re.fullmatch(r"\d{4}", value):
        return []
    lettered = re.fullmatch(r"(\d{4})[a-z]", value)  # "2024a": a label's letter, which styles add themselves
    return [Mistake(field.name, field.line, f"{value!r} is not a year; the record is shown undated"
                    + ("" if not lettered else f": write {lettered[1]!r}"), lettered[1] if lettered else None)]


def _person_list_mistakes(field: Field) -> list[Mistake]:
    value = " ".join(field.value.split())
    inner = value[1:-1] if _one_group(value) else None
    if inner is not None and re.search(r"\sand\s", inner):
        return [Mistake(field.name, field.line,
                        f"the whole list is in braces, so it is read as one name ({inner!r}); if these are "
                        "several people, remove the outer braces", inner)]
    if re.search(r"\sand\s", value, re.IGNORECASE):
        return []
    parts = [part.strip() for part in _top_level_split(value, ",")]
    if len(parts) < 3 or (len(parts) == 3 and parts[1].lower() in NAME_SUFFIXES):
        return []  # "Last, First" and "Last, Jr., First" are how BibTeX writes one name
    joined = " and ".join(part for part in parts if part)
    return [Mistake(field.name, field.line,
                    f"{len(parts)} names separated by commas are read as one person: separate them with "
                    f"'and' ({joined!r})", joined)]


def _one_group(value: str) -> bool:
    """Whether the whole value is one braced group: ``{A and B}``."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            return False
    return True


def _top_level_split(value: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _unsafe_links(body: str, line: int) -> tuple[tuple[str, str, int], ...]:
    """The link fields of a record whose value is not an http(s) URL, with their lines."""
    found = []
    for field in _LINK_FIELD.finditer(body):
        value = field[2].replace("{", "").replace("}", "").strip()
        if not safe_link(value, absolute=True):
            found.append((field[1].lower(), value, line + body.count("\n", 0, field.start(1))))
    return tuple(found)


def _line_of(text: str, match: re.Match[str]) -> int:
    """The line of the '@' that opens a record."""
    return text.count("\n", 0, match.start() + match[0].index("@")) + 1


def _without_escapes(body: str) -> str:
    return body.replace("\\{", "").replace("\\}", "")


# The mistakes the build reads as meant (a name list, a DOI): what it shows is then certain.
# The others it shows as the record writes them (a title with '%') or leaves out (a year),
# with the warning, until the file is corrected.
READ_AS_MEANT = ("author", "editor", "doi")


@dataclass
class Problems:
    """What the site must not use of the files as written: records to leave out, fields not
    to link, and fields read as their writer meant them (a bare DOI, authors split at "and")."""

    broken: set[str]
    unsafe: set[tuple[str, str]]  # (key, field)
    corrected: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)  # (key, field) -> value


def check(paths: list[Path], errors: list[Exception]) -> Problems:
    """Warn about every broken or repeated record of ``paths``, and every link that is not
    an http(s) URL (``javascript:``, ``data:``...): the record stays, without that field.

    ``errors`` are what pybtex collected while parsing; one that no record explains is
    reported as pybtex worded it, with its file.
    """
    problems = Problems(set(), set())
    broken, unsafe = problems.broken, problems.unsafe
    first_seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        if not path.is_file():
            continue
        for record in scan(path.read_text(encoding="utf-8", errors="replace")):
            location = f"{path}:{record.problem_line or record.line}"
            for name, value, line in record.unsafe_links:
                unsafe.add((record.key, name))
                _warn(f"{path}:{line}", f"{name}: link {value!r} of the record {record.key!r} is not an "
                                        "http(s) URL; it is not linked or exported", "unsafe")
            for mistake in record.mistakes:
                _warn(f"{path}:{mistake.line}", f"{mistake.field} of the record {record.key!r}: {mistake.message}",
                      "bibfield")
                if mistake.fixed is not None and mistake.field in READ_AS_MEANT:
                    problems.corrected[(record.key, mistake.field)] = mistake.fixed
            if record.problem:
                broken.add(record.key)
                _warn(location, f"the record {record.key!r} is malformed: {record.problem}; it is left out "
                                "until it is fixed", "bibfile")
            elif record.key.casefold() in first_seen:
                where, line = first_seen[record.key.casefold()]
                _warn(location, f"the key {record.key!r} is already used by the record at "
                                f"{where.name}:{line}; this record is ignored", "duplicate")
            else:
                first_seen[record.key.casefold()] = (path, record.line)
    if errors and not broken and not _duplicates_explain(errors):
        for error in errors:
            _warn(_error_location(error, paths), f"BibTeX: {error}", "bibfile")
    return problems


def _error_location(error: Exception, paths: list[Path]) -> str:
    """pybtex's error as "file:line": its message says "in line N", its filename the file."""
    filename = getattr(error, "filename", None)
    path = Path(filename) if filename else next((path for path in paths if path.is_file()), Path("refs.bib"))
    line = re.search(r"\bline (\d+)", str(error))
    return f"{path}:{line[1] if line else 1}"


def readable(paths: list[Path]) -> list[Path]:
    """The files of ``paths`` that can be read as UTF-8; each other one is a warning."""
    kept = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            kept.append(path)  # sphinxcontrib-bibtex says itself that a file is missing
            continue
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            _warn(f"{path}:{line}", f"byte 0x{data[error.start]:02x} is not UTF-8: save the file as UTF-8; until "
                                    "then none of its records is read", "encoding")
            continue
        kept.append(path)
    return kept


def _duplicates_explain(errors: list[Exception]) -> bool:
    return all("repeated" in str(error) for error in errors)


def _warn(location: str, message: str, subtype: str) -> None:
    logger.warning(message, location=location, type="scholar", subtype=subtype)
