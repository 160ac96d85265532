"""iCalendar files of the talks, written into the HTML output when the build has finished.

``calendars/all.ics``
    every timed talk of every event.
``calendars/events/<event-id>.ics``
    the timed talks of one event.
``calendars/people/<person-id>.ics``
    the timed talks given by one person of ``people.yaml``.
``calendars/talks/<talk-id>.ics``
    a single talk, for "add to my calendar".

A talk is *timed* when it has a date, a start time, and an event with a time zone; only
timed talks are exported. A talk with a date but no start time is left out rather than
made an all-day event, which would block a reader's whole day for a talk of an hour at an
unknown time. A timed talk whose event has no ``:timezone:`` is left out with a warning: a
time without a zone ("floating") would shift with each reader's own zone.

Times are local times of the event's zone (``DTSTART;TZID=Europe/Zagreb:...``), with a
``VTIMEZONE`` for each zone used, so a calendar shows the time the programme gives. A talk
without an end time has no ``DTEND``: its length is unknown and is not guessed.

Every file is computed again from the catalog at each build, written only when its bytes
change, and the files of talks, events and people that no longer have one are deleted,
so that an incremental build leaves exactly the files of a clean build.

:func:`calendar_path` tells pages which calendar exists; the helpers under "Shared with
feeds.py" are also used by the Atom feeds.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .catalog import Catalog
from .mathtext import math_to_text
from .memo import Output, publish
from .records import Event as EventRecord
from .records import Talk

if TYPE_CHECKING:
    from icalendar import Event, Timezone

logger = logging.getLogger(__name__)

SITE_NAME = "Theory of ML reading guide"
PRODID = f"-//{SITE_NAME}//scholar//EN"
DEFAULT_HOST = "theory-ml-reading-guide"  # names the site in UIDs when html_baseurl is empty
ROOT = "calendars"
FOLDERS = {"event": "events", "person": "people", "talk": "talks"}
OWNED = (f"{ROOT}/all.ics", *(f"{ROOT}/{folder}/*.ics" for folder in FOLDERS.values()))
ABSTRACT_LIMIT = 1000  # characters of abstract in a DESCRIPTION; calendar apps show little more


# -- Shared with feeds.py -----------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where the pages are published, as the calendars and feeds link to them."""

    base_url: str
    target_uri: Callable[[str], str]

    @classmethod
    def of(cls, app: Sphinx) -> Site:
        return cls(app.config.html_baseurl or "", app.builder.get_target_uri)

    @property
    def host(self) -> str:
        """The site's name in identifiers: the host of the base URL when there is one."""
        return urlsplit(self.base_url).hostname or DEFAULT_HOST

    def path(self, docname: str) -> str:
        """The page's address relative to the root of the site, e.g. ``talks/x/y.html``."""
        return self.target_uri(docname)

    def absolute(self, path: str) -> str | None:
        """The full address of a path of the site, or None without a base URL.

        Joined as Sphinx joins ``html_baseurl`` for a page's canonical link, so both agree.
        """
        return posixpath.join(self.base_url, path) if self.base_url else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text: str, limit: int = ABSTRACT_LIMIT) -> str:
    """Paragraphs with their math as text and spacing collapsed, cut at a word before ``limit`` characters.

    Control characters are dropped: XML cannot hold them and calendar apps show them raw.
    """
    paragraphs = [math_to_text(part) for part in _CONTROL.sub("", text or "").split("\n\n")]
    text = "\n\n".join(part for part in paragraphs if part)
    if len(text) <= limit:
        return text
    words = text[: limit + 1].rsplit(None, 1)
    head = words[0] if len(words) > 1 else text[:limit]
    return head.rstrip(",;:.") + "…"


def connect_once(app: Sphinx, event: str, handler: Callable[..., Any]) -> None:
    """Connect ``handler`` unless it already is.

    Each module's ``setup`` may run twice: called from the main extension's ``setup`` and
    again when a ``conf.py`` lists the module itself; files would then be written twice.
    """
    listeners = getattr(getattr(app, "events", None), "listeners", {})
    if not any(listener.handler is handler for listener in listeners.get(event, [])):
        app.connect(event, handler)


def finished_catalog(app: Sphinx, exception: Exception | None) -> Catalog | None:
    """The catalog after a successful HTML build, else None (nothing is written then)."""
    if exception is not None or app.builder.format != "html":
        return None
    try:
        return app.env.get_domain("scholar").catalog  # type: ignore[attr-defined]
    except ExtensionError:  # the scholar extension itself is not loaded: nothing to export
        return None


# -- Which talks are in which calendar ----------------------------------------------------


def talk_start(catalog: Catalog, talk: Talk) -> dt.datetime | None:
    """The talk's start as an aware local time of its event's zone; None if not timed."""
    event = catalog.event(talk.event)
    if not (talk.date and talk.start and event and event.timezone):
        return None
    return _local(talk.date, talk.start, event.timezone)


def talk_end(catalog: Catalog, talk: Talk) -> dt.datetime | None:
    """The talk's end, when it is known and after the start (RFC 5545 wants DTEND > DTSTART)."""
    start = talk_start(catalog, talk)
    if start is None or not talk.end or not talk.date:
        return None
    end = _local(talk.date, talk.end, str(start.tzinfo))
    return end if end > start else None


def _local(date: str, time: str, zone: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(date), dt.time.fromisoformat(time), zoneinfo.ZoneInfo(zone))


def calendar_talks(catalog: Catalog, kind: str, entry_id: str | None = None) -> list[str]:
    """The ids of the timed talks of one calendar, in the order of their start."""
    if kind == "all":
        candidates = catalog.ids("talk")
    elif kind in ("event", "person") and entry_id is not None:
        candidates = catalog.talks_of(kind, entry_id)
    elif kind == "talk" and entry_id is not None:
        candidates = [entry_id]
    else:
        raise ValueError(f"unknown calendar kind {kind!r} (expected all, event, person or talk)")
    starts = {talk_id: talk_start(catalog, talk) for talk_id in candidates if (talk := catalog.talk(talk_id))}
    timed = {talk_id: start for talk_id, start in starts.items() if start is not None}
    return sorted(timed, key=lambda talk_id: (timed[talk_id].astimezone(dt.UTC), talk_id))


def calendar_path(catalog: Catalog, kind: str, entry_id: str | None = None) -> str | None:
    """The output-relative path of a calendar, e.g. ``calendars/talks/x.ics``.

    ``kind`` is ``"all"`` (no ``entry_id``), ``"event"``, ``"person"`` or ``"talk"``. None
    when that calendar would hold no talk, in which case no file is written.
    """
    return _path(kind, entry_id) if calendar_talks(catalog, kind, entry_id) else None


def _path(kind: str, entry_id: str | None) -> str:
    return f"{ROOT}/all.ics" if kind == "all" else f"{ROOT}/{FOLDERS[kind]}/{entry_id}.ics"


def _calendars(catalog: Catalog) -> Iterator[tuple[str, str | None, str]]:
    """(kind, id, name) of every calendar the site may have; empty ones are skipped later."""
    yield "all", None, f"{SITE_NAME}: all talks"
    for event in sorted(catalog.events(), key=lambda event: event.id):
        yield "event", event.id, event.title
    for person_id in sorted(catalog.ids("person")):
        yield "person", person_id, f"Talks by {catalog.registry.people[person_id].name}"
    for talk in sorted(catalog.talks(), key=lambda talk: talk.id):
        yield "talk", talk.id, talk.page_title


# -- iCalendar ----------------------------------------------------------------------------


# icalendar is imported where a calendar is made, not with the extension: a rebuild that
# makes no calendar does not pay for the import (70 ms).


def calendar_bytes(catalog: Catalog, name: str, talk_ids: list[str], site: Site) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.calendar_name = math_to_text(name)  # NAME and X-WR-CALNAME, the one most apps read
    for timezone in _timezones(catalog, talk_ids):
        calendar.add_component(timezone)
    for talk_id in talk_ids:
        calendar.add_component(_vevent(catalog, _talk(catalog, talk_id), site))
    return calendar.to_ical()


def _timezones(catalog: Catalog, talk_ids: list[str]) -> list[Timezone]:
    """One VTIMEZONE per zone used, spanning the whole years of the calendar's talks.

    Not ``Calendar.add_missing_timezones``: it adds zones in the order of a set, which
    varies from one run to the next when there are several, and spans 1970 to 2038 with
    every change of offset, when the years of the talks are all a calendar app needs.
    """
    from icalendar import Timezone

    years: dict[str, list[int]] = {}
    for talk_id in talk_ids:
        start = talk_start(catalog, _talk(catalog, talk_id))
        if start is not None:
            years.setdefault(str(start.tzinfo), []).append(start.year)
    return [
        Timezone.from_tzid(zone, first_date=dt.date(min(span), 1, 1), last_date=dt.date(max(span) + 1, 1, 1))
        for zone, span in sorted(years.items())
    ]


def _talk(catalog: Catalog, talk_id: str) -> Talk:
    talk = catalog.talk(talk_id)
    assert talk is not None, talk_id  # only timed talks of the catalog reach a calendar
    return talk


def _vevent(catalog: Catalog, talk: Talk, site: Site) -> Event:
    event = catalog.event(talk.event)
    start = talk_start(catalog, talk)
    assert event is not None and start is not None  # a timed talk has both
    from icalendar import Event

    vevent = Event()
    # The same UID in every calendar and every build: importing a calendar again updates
    # its talks instead of adding copies.
    vevent.add("uid", f"{talk.id}@{site.host}")
    # DTSTAMP is required. The build time would change every file at every build; the
    # start in UTC is fixed for a talk, and changes with it when the talk is moved.
    vevent.add("dtstamp", start.astimezone(dt.UTC))
    vevent.add("dtstart", start)
    end = talk_end(catalog, talk)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", math_to_text(talk.page_title))
    vevent.add("description", _description(talk, event, site))
    where = ", ".join(part for part in (talk.room, event.location) if part)
    if where:
        vevent.add("location", where)
    url = site.absolute(site.path(talk.docname))
    if url:
        vevent.add("url", url)
    return vevent


def _description(talk: Talk, event: EventRecord, site: Site) -> str:
    """Speakers, event, abstract and the page's address (from the site root without a base URL)."""
    speakers = [f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in talk.speakers]
    parts = []
    if speakers:
        parts.append(("Speakers: " if len(speakers) > 1 else "Speaker: ") + "; ".join(speakers))
    parts.append(f"Event: {event.title}")
    lines = ["\n".join(parts)]
    abstract = plain_text(talk.abstract)
    if abstract:
        lines.append(abstract)
    path = site.path(talk.docname)
    lines.append(site.absolute(path) or path)
    return "\n\n".join(lines)


# -- Build ----------------------------------------------------------------------------------


def write_calendars(app: Sphinx, exception: Exception | None) -> None:
    catalog = finished_catalog(app, exception)
    if catalog is None:
        return
    site = Site.of(app)

    def outputs() -> Iterator[Output]:
        for kind, entry_id, name in _calendars(catalog):
            talk_ids = calendar_talks(catalog, kind, entry_id)
            if talk_ids:
                talks = [_talk(catalog, talk_id) for talk_id in talk_ids]
                inputs = [name, site.base_url, [(talk, catalog.event(talk.event)) for talk in talks]]
                make = functools.partial(calendar_bytes, catalog, name, talk_ids, site)
                yield _path(kind, entry_id), inputs, make

    publish(app, "calendars", catalog, outputs, OWNED)


def setup(app: Sphinx) -> dict[str, bool]:
    connect_once(app, "build-finished", write_calendars)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
