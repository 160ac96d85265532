"""Mistakes in the BibTeX files, found before they can stop the build.

One unbalanced brace used to abort the whole build with an error from sphinxcontrib-bibtex
that named no file and the wrong line; a key repeated in two records silently dropped
every record after it. Now pybtex's errors are collected instead of raised while
sphinxcontrib-bibtex parses the files (``compat.collect_bibtex_errors``), and this module
reads each file's text to say where the problem is: a record whose braces do not balance,
or a key that an earlier record already has. A broken record is left out (its fields
would be garbage) until it is fixed; everything else is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

from .model import safe_link

logger = logging.getLogger(__name__)

_RECORD_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)", re.MULTILINE)
_NOT_RECORDS = {"comment", "preamble", "string"}

#: The fields the site turns into links (bib.py), and their values as the file writes them.
LINK_FIELDS = ("url", "verifiedurl", "publishedurl", "abstractsource")
_LINK_FIELD = re.compile(r"^[ \t]*(" + "|".join(LINK_FIELDS) + r")[ \t]*=[ \t]*[{\"]([^\n]*?)[}\"]?[ \t]*,?[ \t]*$",
                         re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """Where one record of a BibTeX file starts, and what is wrong with it."""

    key: str
    line: int
    problem: str | None  # None when the record looks well formed
    unsafe_links: tuple[tuple[str, str, int], ...] = ()  # (field, value, line) not to be linked


def scan(text: str) -> list[Record]:
    """The records of a BibTeX file's text, in order, each with its line."""
    starts = [match for match in _RECORD_START.finditer(text) if match[1].lower() not in _NOT_RECORDS]
    records = []
    for number, match in enumerate(starts):
        end = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        body = _without_escapes(text[match.start():end])
        problem = None
        if not match[2]:
            problem = "no key"
        elif body.count("{") != body.count("}"):
            problem = f"its braces do not balance ({body.count('{')} '{{', {body.count('}')} '}}')"
        line = _line_of(text, match)
        records.append(Record(match[2], line, problem, _unsafe_links(text[match.start():end], line)))
    return records


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


@dataclass
class Problems:
    """What the site must not use of the files: records to leave out, fields not to link."""

    broken: set[str]
    unsafe: set[tuple[str, str]]  # (key, field)


def check(paths: list[Path], errors: list[Exception]) -> Problems:
    """Warn about every broken or repeated record of ``paths``, and every link that is not
    an http(s) URL (``javascript:``, ``data:``...): the record stays, without that field.

    ``errors`` are what pybtex collected while parsing; one that no record explains is
    reported as pybtex worded it, with its file.
    """
    broken: set[str] = set()
    unsafe: set[tuple[str, str]] = set()
    first_seen: dict[str, tuple[Path, int]] = {}
    for path in paths:
        if not path.is_file():
            continue
        for record in scan(path.read_text(encoding="utf-8", errors="replace")):
            location = f"{path}:{record.line}"
            for field, value, line in record.unsafe_links:
                unsafe.add((record.key, field))
                _warn(f"{path}:{line}", f"{field}: link {value!r} of the record {record.key!r} is not an "
                                        "http(s) URL; it is not linked or exported", "unsafe")
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
            _warn(str(getattr(error, "filename", "") or "a BibTeX file"), f"BibTeX: {error}", "bibfile")
    return Problems(broken, unsafe)


def _duplicates_explain(errors: list[Exception]) -> bool:
    return all("repeated" in str(error) for error in errors)


def _warn(location: str, message: str, subtype: str) -> None:
    logger.warning(message, location=location, type="scholar", subtype=subtype)
