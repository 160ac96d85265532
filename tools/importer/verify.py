"""Completing papers from records checked against stored public pages (tools/verified.yaml)."""

from __future__ import annotations

import datetime as dt

from .records import Paper
from .text import SeedError, ascii_fold, normalize_title


def apply_verification(papers: list[Paper], records: dict) -> None:
    """Complete papers from records checked against stored public pages (tools/verified.yaml).

    Only a record with ``status: verified`` is used, and only after the rule that admitted
    it is checked again here against the listing: same title, v1 date equal to the
    listing's date (month and day when the listing gives no year), and the same authors
    (the listing's names first and in order; its count when it gives only a count). A
    record that contradicts the listing stops the import: a wrong identifier is worse than
    none. Other statuses keep the reason a paper has no identifier.
    """
    by_key = {paper.key: paper for paper in papers}
    for key in records:
        if key not in by_key:
            raise SeedError(f"tools/verified.yaml: no paper {key!r}")
    for paper in papers:
        record = records.get(paper.key)
        if record and record.get("status") == "verified":
            _check_against_listing(paper, record)
            _complete(paper, record)


def _check_against_listing(paper: Paper, record: dict) -> None:
    where = f"tools/verified.yaml: {paper.key}"
    for field in ("page", "checks", "arxiv", "v1_date", "authors"):
        if not record.get(field):
            raise SeedError(f"{where}: a verified record needs {field!r}")
    if paper.title and normalize_title(record.get("title", "")) != normalize_title(paper.title):
        raise SeedError(f"{where}: title {record.get('title')!r} differs from the listing's {paper.title!r}")
    _check_date(paper, str(record["v1_date"]), where, _date_offset(record, where))
    _check_authors(paper, record["authors"], where)


#: The most a recorded date offset may be: a daily listing features a paper on the day it
#: is announced, which can fall a day either side of its submission date in UTC.
MAX_DATE_OFFSET = 1


def _date_offset(record: dict, where: str) -> int:
    """The days by which the v1 date may differ from the listing's, with the editor's reason."""
    offset = record.get("date_offset")
    if offset is None:
        return 0
    if not isinstance(offset, dict) or not str(offset.get("reason", "")).strip():
        raise SeedError(f"{where}: date_offset needs days and a reason")
    days = int(offset.get("days", 0))
    if not 0 <= days <= MAX_DATE_OFFSET:
        raise SeedError(f"{where}: date_offset of {days} days; at most {MAX_DATE_OFFSET} is accepted")
    return days


def _check_date(paper: Paper, v1_date: str, where: str, offset: int = 0) -> None:
    """The v1 date is the listing's date (month and day when the listing gives no year), or
    within ``offset`` days of it when the record says why."""
    year, month, day = (int(part) for part in v1_date.split("-"))
    if paper.month and paper.day:
        listed = dt.date(paper.year or year, paper.month, paper.day)
        if abs((dt.date(year, month, day) - listed).days) > offset:
            raise SeedError(f"{where}: v1 date {v1_date} is not the listing's date")
    if paper.year and paper.month and paper.year != year:
        raise SeedError(f"{where}: v1 date {v1_date} is not the listing's year {paper.year}")


def _check_authors(paper: Paper, names: list[str], where: str) -> None:
    """As many as the listing counts; the listing's names first and in order, and all of them
    when the listing's list is complete."""
    if paper.author_count is not None and len(names) != paper.author_count:
        raise SeedError(f"{where}: {len(names)} authors on the page, the listing counts {paper.author_count}")
    listed = [ascii_fold(name).casefold() for name in paper.authors]
    if listed and [ascii_fold(name).casefold() for name in names[:len(listed)]] != listed:
        raise SeedError(f"{where}: the page's authors {names} do not begin with the listing's {paper.authors}")
    if listed and not paper.authors_truncated and len(names) != len(listed):
        raise SeedError(f"{where}: the page has {len(names)} authors, the listing's complete list {len(listed)}")
    if paper.authors_truncated and len(names) <= len(listed):
        raise SeedError(f"{where}: the listing truncates its authors but the page lists no more")


def _complete(paper: Paper, record: dict) -> None:
    """The listing's facts stay; what it left out comes from the record, and is named."""
    added = []
    if paper.eprint is None:
        paper.eprint = str(record["arxiv"])
        added.append("eprint")
    if paper.authors_truncated or not paper.authors:
        paper.listing_authors = paper.authors + (["others"] if paper.authors_truncated else [])
        paper.authors, paper.authors_truncated = list(record["authors"]), False
        added.append("author")
    if paper.title is None:
        paper.title = record["title"]
        added.append("title")
    year, month, day = (int(part) for part in str(record["v1_date"]).split("-"))
    for field, value in (("year", year), ("month", month), ("day", day)):
        if getattr(paper, field) is None:
            setattr(paper, field, value)
            added.append(field)
    if paper.category is None and record.get("category"):
        paper.category = record["category"]
        added.append("primaryclass")
    if record.get("published"):
        paper.published = record["published"]
        added.append("published")
    paper.verification = {"page": record["page"], "checks": record["checks"], "added": added}
