"""``python tools/import_schedule.py schedule.json --event tokyo-2027``: an event from its schedule.

Reads a conference schedule as pretalx and frab publish it (``schedule.json`` or
``schedule.xml``) or as an iCalendar file (``.ics``), and writes the files an editor
would: ``talks/<event>/index.md`` with the event, and one ``talks/<event>/<talk>.md`` per
talk, with its speakers, date, times in the event's zone and abstract. The schedule file
is copied into ``sources/`` and named in every entry's ``:source:``, as the listings are.
Nothing that exists is overwritten; talks without speakers or themes are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import defusedxml.ElementTree
import icalendar
from defusedxml import DefusedXmlException

from scholar import model

from .curate import assign_talk_ids
from .editing import Changes, KnownPeople, Report, UnsafePath, fail
from .records import Speaker
from .records import Talk as ImportedTalk
from .render import directive
from .text import SeedError, html_to_markdown, person_names, tidy


@dataclass
class ScheduledTalk:
    title: str
    speakers: list[str]
    start: dt.datetime  # aware
    end: dt.datetime | None
    abstract: str = ""
    room: str | None = None
    markdown: bool = False  # the abstract is Markdown made from the schedule's HTML


@dataclass
class Schedule:
    title: str
    timezone: str
    talks: list[ScheduledTalk] = field(default_factory=list)
    location: str | None = None
    url: str | None = None


# What a schedule item with no speaker is when its title says so: a break, a meal, a
# welcome. It becomes a {slot} of the event, not a talk; its title may repeat.
BREAK = re.compile(r"\b(coffee|tea|break|lunch|dinner|breakfast|meal|reception|registration|welcome|opening|"
                   r"closing|farewell|social|excursion|poster session|begr(ü|ue)(ß|ss)ung|pause|mittag)", re.I)


def is_break(talk: ScheduledTalk) -> bool:
    return not talk.speakers and bool(BREAK.search(talk.title or ""))


class ScheduleError(ValueError):
    """The file is not a schedule this command reads; the message says why."""


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("schedule", type=Path, help="schedule.json or schedule.xml (pretalx, frab), or an .ics file")
    parser.add_argument("--event", required=True, help="the event's id: the folder talks/<id>/")
    parser.add_argument("--themes", default="", help="theme ids for every talk, comma-separated")
    parser.add_argument("--timezone", help="the event's IANA zone, when the file does not give one")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="the site's folder")
    parser.add_argument("--dry-run", action="store_true", help="report what would be added; write nothing")
    args = parser.parse_args(argv)
    try:
        event_id = model.identifier(args.event)
        schedule = read(args.schedule, args.timezone)
        changes = plan_event(schedule, event_id, args.themes, args.schedule, args.root)
        changes.commit(args.dry_run)
    except model.Invalid as error:
        return fail(f"--event: {error}; nothing imported")
    except (OSError, UnicodeDecodeError, ScheduleError, UnsafePath, SeedError) as error:
        return fail(f"{args.schedule}: {error}; nothing imported")
    changes.report.print(args.dry_run)
    return 0


# -- reading ------------------------------------------------------------------------------------


def read(path: Path, timezone: str | None) -> Schedule:
    suffix = path.suffix.lower()
    readers = {".json": read_frab_json, ".xml": read_frab_xml, ".ics": read_ics}
    if suffix not in readers:
        raise ScheduleError("expected a .json or .xml schedule (pretalx, frab) or an .ics calendar")
    schedule = readers[suffix](path.read_bytes(), timezone)
    if not schedule.talks:
        raise ScheduleError("it holds no talk")
    return schedule


def _text(data: bytes) -> str:
    """UTF-8, with or without the byte-order mark some exporters write first."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScheduleError(f"not UTF-8 (byte {error.start}): save the file as UTF-8") from None


def _zone(name: str | None) -> str:
    if not name:
        raise ScheduleError("it gives no time zone: pass --timezone (an IANA name such as Asia/Tokyo)")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {name!r}") from None
    return name


def _duration(text: Any) -> dt.timedelta:
    """frab's "HH:MM" (pretalx also writes "HH:MM:SS")."""
    hours, _, minutes = str(text or "0:0").partition(":")
    try:
        return dt.timedelta(hours=int(hours or 0), minutes=int(minutes.partition(":")[0] or 0))
    except ValueError:
        raise ScheduleError(f"a duration {text!r} is not HH:MM") from None


def read_frab_json(data: bytes, timezone: str | None) -> Schedule:
    try:
        conference = json.loads(_text(data))["schedule"]["conference"]
    except json.JSONDecodeError as error:
        raise ScheduleError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except (KeyError, TypeError):
        raise ScheduleError("not a frab/pretalx schedule: no schedule.conference") from None
    schedule = Schedule(tidy(conference.get("title", "")), _zone(timezone or conference.get("time_zone_name")),
                        url=conference.get("url"))
    for day in _list(conference.get("days")):
        rooms = day.get("rooms") if isinstance(day, dict) else None
        for room, talks in (rooms.items() if isinstance(rooms, dict) else []):
            for item in _list(talks):
                if not isinstance(item, dict):
                    raise ScheduleError(f"room {room!r} lists {item!r} where a talk should be")
                schedule.talks.append(_frab_talk({"room": room, **item}, schedule.timezone))
    return _one_room_is_no_room(schedule)


def read_frab_xml(data: bytes, timezone: str | None) -> Schedule:
    """frab and pretalx XML, and pentabarf's (FOSDEM's), whose events give only a start time
    under a ``<day date=...>``. Parsed from bytes, so the declared encoding is honoured."""
    try:
        # defusedxml: a schedule is someone else's file, and an XML entity can expand to
        # gigabytes or name a file of this machine.
        root = defusedxml.ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise ScheduleError(f"not XML ({error})") from None
    except DefusedXmlException as error:
        raise ScheduleError(f"the XML declares entities or a DTD, which a schedule does not need ({error})") from None
    conference = root.find("conference")
    if root.tag != "schedule" or conference is None:
        raise ScheduleError("not a frab/pretalx schedule: no <schedule><conference>")
    schedule = Schedule(tidy(conference.findtext("title", "")),
                        _zone(timezone or conference.findtext("time_zone_name")))
    for day in root.iter("day"):
        for event in day.iter("event"):
            item: dict[str, Any] = {name: event.findtext(name, "") for name in (
                "date", "start", "duration", "title", "subtitle", "abstract", "description", "room")}
            if not item["date"] and day.get("date") and item["start"]:
                item["date"] = f"{day.get('date')}T{item['start']}"  # pentabarf: local time of the day
                item["local"] = True
            item["persons"] = [{"public_name": person.text or ""} for person in event.iter("person")]
            schedule.talks.append(_frab_talk(item, schedule.timezone))
    return _one_room_is_no_room(schedule)


def _one_room_is_no_room(schedule: Schedule) -> Schedule:
    """A room is written only when the event has parallel rooms: with one, it says nothing."""
    if len({talk.room for talk in schedule.talks}) <= 1:
        for talk in schedule.talks:
            talk.room = None
    return schedule


def _frab_talk(item: dict[str, Any], zone: str) -> ScheduledTalk:
    title = tidy(str(item.get("title") or ""))
    subtitle = tidy(str(item.get("subtitle") or ""))
    if subtitle and subtitle.casefold() not in title.casefold():  # "Title: Subtitle", as it is cited
        title = f"{title}: {subtitle}" if title else subtitle
    try:
        start = dt.datetime.fromisoformat(item["date"])
    except (KeyError, ValueError, TypeError):
        raise ScheduleError(f"the talk {title!r} has no date in ISO form") from None
    if start.tzinfo is None and not item.get("local"):
        raise ScheduleError(f"the talk {title!r} has a date without a UTC offset ({item['date']}): "
                            "the file must say which zone its times are in")
    start = start.replace(tzinfo=zoneinfo.ZoneInfo(zone)) if start.tzinfo is None else start
    start = start.astimezone(zoneinfo.ZoneInfo(zone))
    # pretalx writes "public_name"; older frab exports "full_public_name" only.
    speakers = [tidy(str(p.get("public_name") or p.get("full_public_name") or p.get("name") or ""))
                for p in _list(item.get("persons")) if isinstance(p, dict)]
    texts = [tidy(str(item.get(name) or "")) for name in ("abstract", "description")]
    abstract = "\n\n".join(dict.fromkeys(text for text in texts if text))
    markdown = html_to_markdown(abstract)
    return ScheduledTalk(title, [s for s in speakers if s], start, start + _duration(item.get("duration", "")),
                         markdown if markdown is not None else abstract,
                         room=tidy(str(item.get("room") or "")) or None, markdown=markdown is not None)


def read_ics(data: bytes, timezone: str | None) -> Schedule:
    try:
        calendar = icalendar.Calendar.from_ical(_text(data))
    except ValueError as error:
        raise ScheduleError(f"not an iCalendar file ({error})") from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise ScheduleError("it holds no talk (no VEVENT)")
    for number, event in enumerate(events, start=1):
        if "dtstart" not in event:
            raise ScheduleError(f"event {number} ({str(event.get('summary', 'untitled'))!r}) has no DTSTART")
    # A local time's TZID names the event's zone; a time in UTC says when, not where.
    zone_name = timezone or calendar.get("X-WR-TIMEZONE") or events[0]["dtstart"].params.get("TZID")
    schedule = Schedule(tidy(str(calendar.get("X-WR-CALNAME", ""))), _zone(zone_name and str(zone_name)))
    zone = zoneinfo.ZoneInfo(schedule.timezone)
    for event in events:
        start = event.decoded("dtstart")
        if not isinstance(start, dt.datetime):
            raise ScheduleError(f"the talk {str(event.get('summary'))!r} has a date but no time")
        start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
        end = event.decoded("dtend") if "dtend" in event else None
        end = end.astimezone(zone) if isinstance(end, dt.datetime) and end.tzinfo else end
        # Calendars name speakers as the event's ORGANIZER or ATTENDEEs, by their CN.
        people = [person.params.get("CN", "") for name in ("organizer", "attendee")
                  for person in _list(event.get(name))]
        schedule.talks.append(ScheduledTalk(tidy(str(event.get("summary", ""))), [tidy(p) for p in people if p],
                                            start, end if isinstance(end, dt.datetime) else None,
                                            tidy(str(event.get("description", "")))))
        schedule.location = schedule.location or (tidy(str(event["location"])) if "location" in event else None)
    return schedule


def _list(value: Any) -> list[Any]:
    return [] if value is None else value if isinstance(value, list) else [value]


# -- writing ------------------------------------------------------------------------------------


def plan_event(schedule: Schedule, event_id: str, themes: str, path: Path, root: Path) -> Changes:
    """Every file of the event, prepared and checked; nothing is written yet."""
    report = Report()
    changes = Changes(root, report)
    source = _source_name(path, event_id, root)
    slots = [talk for talk in schedule.talks if is_break(talk)]
    schedule.talks = [talk for talk in schedule.talks if not is_break(talk)]
    name_notes = {id(talk): _read_speakers(talk) for talk in schedule.talks}  # before ids: they use surnames
    talk_ids = _talk_ids(schedule, event_id, source)
    if not (root / "sources" / source).exists():
        changes.add(f"sources/{source}", path.read_bytes())
        report.added.pop()  # the copy of the schedule is not a page
    days = sorted(talk.start.date() for talk in [*schedule.talks, *slots])
    if schedule.url and not model.safe_link(schedule.url, absolute=True):
        report.decisions.append(f"the schedule's address {schedule.url!r} is not an http(s) URL; it is left out")
        schedule.url = None
    event = directive("event", schedule.title or event_id, [
        ("start", days[0].isoformat()), ("end", days[-1].isoformat()), ("timezone", schedule.timezone),
        ("location", schedule.location), ("url", schedule.url), ("source", source)])
    changes.add(f"talks/{event_id}/index.md", "\n\n".join([event, *map(_slot, slots)]) + "\n")
    if slots:
        report.decisions.append(f"talks/{event_id}/index.md: {len(slots)} item(s) without a speaker read as breaks "
                                f"and written as {{slot}}s ({', '.join(sorted({s.title for s in slots}))}); "
                                "make any that is a talk a talk file")
    people = KnownPeople(root)
    existing = {path.stem for path in (root / "talks").glob("*/*.md")}
    for talk, talk_id in zip(schedule.talks, talk_ids, strict=True):
        if talk_id in existing and not (root / f"talks/{event_id}/{talk_id}.md").exists():
            report.decisions.append(f"{talk.title!r}: the id {talk_id!r} is taken by another event's talk; "
                                    "not imported")
            continue
        if talk.end and _same_day_end(talk) is None:
            report.decisions.append(f"talks/{event_id}/{talk_id}.md: ends after midnight "
                                    f"({talk.end.strftime('%Y-%m-%d %H:%M')}); a talk's end is a time of its own "
                                    "day, so none is written")
        for note in name_notes[id(talk)]:
            report.decisions.append(f"talks/{event_id}/{talk_id}.md: speakers {note}; check them")
        for name in talk.speakers:
            people.check(name, f"talks/{event_id}/{talk_id}.md", report)
        changes.add(f"talks/{event_id}/{talk_id}.md", _talk_page(talk, event_id, themes, source))
        if not talk.speakers:
            report.decisions.append(f"talks/{event_id}/{talk_id}.md: the schedule names no speaker; add :speakers:")
        if not themes:
            report.decisions.append(f"talks/{event_id}/{talk_id}.md: give it one to three themes (:themes:)")
    return changes


def _source_name(path: Path, event_id: str, root: Path) -> str:
    """The schedule's name in sources/: its own, unless another file already has it (two
    events' exports are both "schedule.json"); then the event's id comes first."""
    data = path.read_bytes()
    for name in (path.name, f"{event_id}-{path.name}"):
        existing = root / "sources" / name
        if not existing.exists() or existing.read_bytes() == data:
            return name
    raise ScheduleError(f"sources/{path.name} and sources/{event_id}-{path.name} hold other files; "
                        "rename the schedule file")


def _read_speakers(talk: ScheduledTalk) -> list[str]:
    """The talk's speakers one name each, without honorifics or degrees, each once; what changed."""
    names: list[str] = []
    notes = []
    for raw in talk.speakers:
        found, note = person_names(raw)
        names += found
        notes += [note] if note else []
    if len(set(names)) < len(names):
        notes.append(f"name {', '.join(sorted({n for n in names if names.count(n) > 1}))} twice: kept once")
    talk.speakers = list(dict.fromkeys(names))
    return notes


def _talk_ids(schedule: Schedule, event_id: str, source: str) -> list[str]:
    """Ids made as the listings' are: the first speaker's surname and two title words."""
    records = [ImportedTalk(event=event_id, source=source, speaker=Speaker((t.speakers or ["talk"])[0]),
                            title=t.title or None) for t in schedule.talks]
    try:
        assign_talk_ids(records)
    except SeedError as error:
        raise ScheduleError(str(error)) from None
    return [record.id for record in records]


def _same_day_end(item: ScheduledTalk) -> dt.datetime | None:
    """The end, when it is on the start's day: an end on a later day is no end of this day's schedule."""
    return item.end if item.end and item.end.date() == item.start.date() else None


def _when(item: ScheduledTalk) -> list[tuple[str, str | None]]:
    """Date, times and room, as a talk and a slot both write them."""
    same_day_end = _same_day_end(item)
    return [("date", item.start.date().isoformat()), ("start", item.start.strftime("%H:%M")),
            ("end", same_day_end.strftime("%H:%M") if same_day_end else None), ("room", item.room)]


def _slot(item: ScheduledTalk) -> str:
    return directive("slot", item.title, _when(item))


def _talk_page(talk: ScheduledTalk, event_id: str, themes: str, source: str) -> str:
    options = [
        ("event", event_id), ("speakers", "; ".join(talk.speakers)),
        ("status", None if talk.title else "tbd"),
        *_when(talk), ("themes", themes), ("source", source),
    ]
    return directive("talk", talk.title or None, options, talk.abstract, markdown=talk.markdown) + "\n"
