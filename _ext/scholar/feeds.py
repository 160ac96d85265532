"""Atom feeds of the talks and papers, written into the HTML output when the build has finished.

``feeds/all.atom``
    every dated talk and paper.
``feeds/themes/<theme-id>.atom``
    the dated talks and papers of one theme; one feed per theme of ``themes.yaml``, even
    while it is empty, so that a theme can be followed from the start.

Dates. An entry's ``published`` and ``updated`` are the entry's own date: for a talk, its
start (date and start time in the event's zone), else midnight UTC of its date, else of
its event's start date; for a paper, its date in ``refs.bib``, taken as the first of the
month or of January when only the month or the year is known. The site keeps no record
of when a page was added or edited, and the time of the build would change every feed at
every build, so these are the only dates that two clean builds agree on. A feed's
``updated`` is its newest entry's date (1970-01-01T00:00:00Z for a feed without entries,
where it misleads no one).

Entries with no date at all are left out of the feeds. Atom requires a date on every
entry and feed readers show and sort by it: an invented one (an epoch) would tell readers
"published 1 January 1970". These entries stay on the site's lists and in
``catalog.json``; a date for the talk, its event or the paper puts them in the feeds.

Authors. A talk's authors are its speakers; a paper's are the authors of its ``refs.bib``
record when that list is complete. Atom has no way to say "et al.", so a truncated list
is not given as the entry's authors (which would present it as complete) but stated at
the head of its summary; a paper known only by its number of authors has none.
Atom wants an author for every entry, so the feed names the reading guide as
its author, which applies to the entries without one: the guide wrote those entries.

Links point to the pages: absolute with ``html_baseurl``, else relative to the feed's
own address (``../talks/...``), which is how feed readers resolve them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from sphinx.application import Sphinx

from .calendars import (
    SITE_NAME,
    Site,
    connect_once,
    finished_catalog,
    plain_text,
    talk_start,
)
from .catalog import Catalog
from .mathtext import math_to_text
from .memo import Output, publish
from .records import Paper, Talk

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

ROOT = "feeds"
OWNED = (f"{ROOT}/all.atom", f"{ROOT}/themes/*.atom")
TAG_DATE = "2026"  # the date part of the tag: URIs naming entries (RFC 4151); never change it
EMPTY_FEED_UPDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SUMMARY_LIMIT = 2000


@dataclass
class Item:
    """One talk or paper as a feed shows it."""

    kind: str
    id: str
    title: str
    docname: str
    date: dt.datetime
    authors: list[str]
    summary: str
    # (theme id, theme title): both are written into the feed, so both are its inputs.
    themes: list[tuple[str, str]] = field(default_factory=list)


# -- Dates --------------------------------------------------------------------------------


def talk_date(catalog: Catalog, talk: Talk) -> dt.datetime | None:
    start = talk_start(catalog, talk)
    if start is not None:
        return start.astimezone(dt.UTC)
    event = catalog.event(talk.event)
    return _day(talk.date or (event.start if event else None))


def paper_date(paper: Paper) -> dt.datetime | None:
    bib = paper.bib
    day = _day(bib.date)
    if day is not None or not bib.year:
        return day
    try:
        return dt.datetime(bib.year, bib.month or 1, 1, tzinfo=dt.UTC)
    except ValueError:  # a year refs.bib gives but a calendar has not (year 0)
        return None


def _day(text: str | None) -> dt.datetime | None:
    """Midnight UTC of an ISO date; None for no date or one that does not exist (2024-02-31)."""
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC) if text else None
    except ValueError:
        return None


# -- Entries --------------------------------------------------------------------------------


def talk_item(catalog: Catalog, talk_id: str) -> Item | None:
    talk = catalog.talk(talk_id)
    date = talk_date(catalog, talk) if talk else None
    if talk is None or date is None:
        return None
    return Item(
        "talk", talk_id, math_to_text(talk.page_title), talk.docname, date,
        authors=[speaker.name for speaker in talk.speakers],
        summary=plain_text(talk.abstract, SUMMARY_LIMIT),
        themes=_categories(catalog, talk.themes),
    )


def paper_item(catalog: Catalog, key: str) -> Item | None:
    paper = catalog.paper(key)
    date = paper_date(paper) if paper else None
    if paper is None or date is None:
        return None
    return Item(
        "paper", key, math_to_text(paper.page_title), paper.docname, date,
        # Atom cannot say "et al.": an incomplete list is not given as the entry's authors
        # (the feed's own author applies) but stated at the head of the summary.
        authors=list(paper.bib.authors) if paper.bib.authors_complete else [],
        summary=_incomplete_authors(paper) + plain_text(paper.abstract, SUMMARY_LIMIT),
        themes=_categories(catalog, paper.themes),
    )


def _incomplete_authors(paper: Paper) -> str:
    bib = paper.bib
    if bib.authors_complete or not bib.authors:
        return ""
    return f"By {', '.join(bib.authors)} et al. (the source names only these authors)\n\n"


def _categories(catalog: Catalog, theme_ids: Iterable[str]) -> list[tuple[str, str]]:
    themes = ((theme_id, catalog.theme(theme_id)) for theme_id in theme_ids)
    return [(theme_id, theme.title) for theme_id, theme in themes if theme is not None]


def feed_items(catalog: Catalog, talk_ids: Iterable[str], paper_keys: Iterable[str]) -> list[Item]:
    """The dated entries, newest first; ties by kind and id, so the order never varies."""
    items = [talk_item(catalog, t) for t in talk_ids] + [paper_item(catalog, p) for p in paper_keys]
    return sorted((i for i in items if i is not None), key=lambda i: (i.date, i.kind, i.id), reverse=True)


def feed_path(catalog: Catalog, kind: str, entry_id: str | None = None) -> str | None:
    """The output-relative path of a feed (``"all"`` or ``"theme"``), None for an unknown theme."""
    if kind == "all":
        return f"{ROOT}/all.atom"
    if kind == "theme":
        return f"{ROOT}/themes/{entry_id}.atom" if entry_id and catalog.theme(entry_id) else None
    raise ValueError(f"unknown feed kind {kind!r} (expected all or theme)")


# -- Atom ---------------------------------------------------------------------------------


def tag_uri(site: Site, name: str) -> str:
    """A permanent id (RFC 4151) that does not depend on where the pages are served."""
    return f"tag:{site.host},{TAG_DATE}:{quote(name, safe='/:-._~')}"


def feed_bytes(site: Site, path: str, title: str, items: list[Item],
               home: str, subtitle: str = "") -> bytes:
    """The Atom document at ``path`` (output-relative), linking to the page ``home``."""
    from feedgen.feed import FeedGenerator  # imported here, not with the extension: see calendars.py

    feed = FeedGenerator()
    feed.id(tag_uri(site, path.removesuffix(".atom")))
    feed.title(title)
    if subtitle:
        feed.subtitle(subtitle)
    feed.author({"name": SITE_NAME})
    feed.link(href=_link(site, site.path(home), path), rel="alternate")
    if site.base_url:
        feed.link(href=site.absolute(path), rel="self")
    feed.updated(items[0].date if items else EMPTY_FEED_UPDATED)
    for item in items:
        _add_entry(feed, site, path, item)
    return feed.atom_str(pretty=True)


def _add_entry(feed: FeedGenerator, site: Site, path: str, item: Item) -> None:
    entry = feed.add_entry(order="append")  # the default, "prepend", would reverse the order
    entry.id(tag_uri(site, f"{item.kind}/{item.id}"))
    entry.title(item.title)
    entry.link(href=_link(site, site.path(item.docname), path), rel="alternate")
    entry.published(item.date)
    entry.updated(item.date)
    for name in item.authors:
        if name.strip():
            entry.author({"name": name})
    if item.summary:
        entry.summary(item.summary)
    for term, label in item.themes:
        entry.category(term=term, label=label)


def _link(site: Site, page: str, feed_path: str) -> str:
    """The page's absolute address, or its address relative to the feed's folder."""
    return site.absolute(page) or "../" * feed_path.count("/") + page


# -- Build ----------------------------------------------------------------------------------


def _feeds(catalog: Catalog, root_doc: str) -> Iterator[tuple[str, str, list[Item], str, str]]:
    """(path, title, items, home page, subtitle) of every feed; ``root_doc`` is the site's home."""
    yield (f"{ROOT}/all.atom", f"{SITE_NAME}: talks and papers",
           feed_items(catalog, sorted(catalog.ids("talk")), sorted(catalog.ids("paper"))), root_doc, "")
    for theme_id in sorted(catalog.ids("theme")):
        theme = catalog.registry.themes[theme_id]
        items = feed_items(catalog, catalog.talks_of("theme", theme_id), catalog.papers_of("theme", theme_id))
        home = catalog.page_of("theme", theme_id) or root_doc
        yield f"{ROOT}/themes/{theme_id}.atom", f"{SITE_NAME}: {theme.title}", items, home, theme.summary


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    catalog = finished_catalog(app, exception)
    if catalog is None:
        return
    site = Site.of(app)

    def outputs() -> Iterator[Output]:
        for path, title, items, home, subtitle in _feeds(catalog, app.config.root_doc):
            yield (path, [site.base_url, title, home, subtitle, items],
                   functools.partial(feed_bytes, site, path, title, items, home, subtitle))

    publish(app, "feeds", catalog, outputs, OWNED)


def setup(app: Sphinx) -> dict[str, bool]:
    connect_once(app, "build-finished", write_feeds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
