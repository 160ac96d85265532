"""iCalendar files and Atom feeds, checked against catalog.json of the same build."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from conftest import REPO, build, copy_root
from helpers import catalog, warnings

EXTENSIONS = ["myst_parser", "sphinxcontrib.bibtex", "scholar", "scholar.calendars", "scholar.feeds"]
BASE_URL = "https://guide.example.org/ml/"
ATOM = "{http://www.w3.org/2005/Atom}"
UTC = dt.UTC


def build_site(srcdir: Path, **overrides):
    return build(srcdir, extensions=EXTENSIONS, **overrides)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


LONG_ABSTRACT = " ".join(f"word{n}" for n in range(400))

# Added to a copy of test-basic: a second zone, talks without a time or a date, an event
# without a zone, and a paper without a date.
EXTRA_FILES = {
    "talks/ev2024/bietti-untimed.md": """```{talk} A Talk With a Day but No Hour
:event: ev2024
:speakers: Alberto Bietti
:date: 2024-10-01
:themes: transformers
```
""",
    "talks/ev2024/bietti-undated.md": """```{talk} A Talk Without a Date
:event: ev2024
:speakers: Alberto Bietti
:themes: diffusion
```
""",
    "talks/chicago/index.md": """```{event} Chicago Day
:start: 2025-02-20
:timezone: America/Chicago
:location: Chicago, IL
```
""",
    "talks/chicago/bietti-chicago.md": f"""```{{talk}} Two Speakers in Chicago
:event: chicago
:speakers: Alberto Bietti (Flatiron); Joan Bruna
:date: 2025-02-20
:start: 14:00
:end: 15:00
:themes: diffusion

{LONG_ABSTRACT}
```
""",
    "talks/recorded/index.md": """```{event} Recorded Talks
```
""",
    "talks/recorded/bruna-recorded.md": """```{talk} A Recording Without a Date
:event: recorded
:speakers: Joan Bruna
:themes: diffusion
```
""",
    "talks/recorded/bruna-zoneless.md": """```{talk} A Time Without a Zone
:event: recorded
:speakers: Joan Bruna
:date: 2023-05-01
:start: 10:00
:themes: diffusion
```
""",
    "papers/undated2000.md": """```{paper} undated2000
:themes: diffusion
```
""",
}
EXTRA_BIB = "\n@misc{undated2000,\n  title = {A Paper Without a Date},\n  author = {Bruna, Joan},\n}\n"


def extend(srcdir: Path) -> Path:
    for name, text in EXTRA_FILES.items():
        write(srcdir / name, text)
    with open(srcdir / "refs.bib", "a", encoding="utf-8") as bib:
        bib.write(EXTRA_BIB)
    return srcdir


@pytest.fixture(scope="module")
def basic(rootdir, tmp_path_factory):
    """test-basic as it is, without a base URL."""
    return build_site(copy_root(rootdir, "basic", tmp_path_factory.mktemp("basic")))


@pytest.fixture(scope="module")
def extended(rootdir, tmp_path_factory):
    """test-basic with EXTRA_FILES, published at BASE_URL."""
    srcdir = extend(copy_root(rootdir, "basic", tmp_path_factory.mktemp("extended")))
    return build_site(srcdir, html_baseurl=BASE_URL)


# -- reading the output --------------------------------------------------------------------


def files_under(app, folder: str) -> dict[str, bytes]:
    outdir = Path(app.outdir)
    paths = sorted(p for p in (outdir / folder).rglob("*") if p.is_file())
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in paths}


def calendars(app) -> dict[str, Calendar]:
    return {path: Calendar.from_ical(data) for path, data in files_under(app, "calendars").items()}


def uids(calendar: Calendar) -> list[str]:
    return [str(event["UID"]) for event in calendar.walk("VEVENT")]


def vevent(app, talk_id: str):
    [event] = calendars(app)[f"calendars/talks/{talk_id}.ics"].walk("VEVENT")
    return event


def feed(app, path: str) -> ET.Element:
    return ET.fromstring((Path(app.outdir) / path).read_bytes())


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def entry_key(entry: ET.Element) -> str:
    """``talk/<id>`` or ``paper/<key>``, from the entry's tag: id."""
    return entry.findtext(f"{ATOM}id").split(":", 2)[2]


def when(element: ET.Element, name: str) -> dt.datetime:
    return dt.datetime.fromisoformat(element.findtext(f"{ATOM}{name}"))


def event_zones(app) -> dict[str, str | None]:
    return {e.id: e.timezone for e in app.env.get_domain("scholar").catalog.events()}


def timed_talks(app) -> list[dict]:
    zones = event_zones(app)
    return [t for t in catalog(app)["talks"] if t["date"] and t["start"] and zones.get(t["event"])]


def expected_calendars(app) -> dict[str, list[str]]:
    """Calendar path -> sorted ids of its talks, from catalog.json alone."""
    expected: dict[str, list[str]] = {}
    for talk in timed_talks(app):
        paths = ["calendars/all.ics", f"calendars/events/{talk['event']}.ics", f"calendars/talks/{talk['id']}.ics"]
        paths += [f"calendars/people/{s['person']}.ics" for s in talk["speakers"] if s["person"]]
        for path in dict.fromkeys(paths):
            expected.setdefault(path, []).append(talk["id"])
    return {path: sorted(ids) for path, ids in expected.items()}


def page_url(url: str, base: str = "") -> str:
    return url if "://" in url or not base else posixpath.join(base, url)


# -- calendars -------------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["basic", "extended"])
def test_each_timed_talk_is_once_in_each_of_its_calendars_and_nowhere_else(site, request):
    app = request.getfixturevalue(site)
    host = "guide.example.org" if site == "extended" else "theory-ml-reading-guide"
    found = {path: sorted(uids(cal)) for path, cal in calendars(app).items()}
    expected = {path: [f"{t}@{host}" for t in ids] for path, ids in expected_calendars(app).items()}
    assert found == expected


def test_basic_site_has_the_calendars_of_its_talks_events_and_speakers(basic):
    assert sorted(calendars(basic)) == [
        "calendars/all.ics",
        "calendars/events/ev2024.ics",
        "calendars/people/jason-lee.ics",
        "calendars/people/joan-bruna.ics",
        "calendars/talks/bruna-tbd.ics",
        "calendars/talks/lee-causal.ics",
        "calendars/talks/lee-second.ics",
    ]


def test_times_are_local_times_of_the_event_zone(basic):
    event = vevent(basic, "lee-causal")
    assert event["DTSTART"].params["TZID"] == "Europe/Zagreb"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        dt.datetime(2024, 9, 30, 9, 20), dt.datetime(2024, 9, 30, 10, 10))
    assert start.astimezone(UTC) == dt.datetime(2024, 9, 30, 7, 20, tzinfo=UTC)
    assert event.decoded("DTSTAMP") == dt.datetime(2024, 9, 30, 7, 20, tzinfo=UTC)
    raw = (Path(basic.outdir) / "calendars/talks/lee-causal.ics").read_text()
    assert "DTSTART;TZID=Europe/Zagreb:20240930T092000" in raw


def test_every_calendar_defines_the_zones_it_uses(extended):
    for path, cal in calendars(extended).items():
        used = {str(e["DTSTART"].params["TZID"]) for e in cal.walk("VEVENT")}
        defined = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
        assert sorted(defined) == sorted(used) and used, path
    all_zones = [str(tz["TZID"]) for tz in calendars(extended)["calendars/all.ics"].walk("VTIMEZONE")]
    assert all_zones == ["America/Chicago", "Europe/Zagreb"]
    chicago = vevent(extended, "bietti-chicago").decoded("DTSTART")
    assert chicago.astimezone(UTC) == dt.datetime(2025, 2, 20, 20, 0, tzinfo=UTC)  # CST, UTC-6


def test_a_talk_without_an_end_has_no_dtend(basic):
    event = vevent(basic, "lee-second")
    assert "DTEND" not in event and "DURATION" not in event
    assert event.decoded("DTSTART") == dt.datetime(2024, 10, 1, 8, 30, tzinfo=ZoneInfo("Europe/Zagreb"))


def test_calendar_header_and_talk_text(basic):
    cal = calendars(basic)["calendars/people/jason-lee.ics"]
    assert str(cal["PRODID"]) == "-//Theory of ML reading guide//scholar//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "Talks by Jason D. Lee"
    assert str(calendars(basic)["calendars/events/ev2024.ics"]["X-WR-CALNAME"]) == "Test Workshop 2024"
    event = vevent(basic, "lee-causal")
    assert str(event["SUMMARY"]) == "How Transformers Learn Causal Structure"
    assert str(event["LOCATION"]) == "Rovinj, Croatia"
    description = str(event["DESCRIPTION"])
    assert "Speaker: Jason Lee (Princeton University)" in description
    assert "learns x^2 structure." in description
    assert description.endswith("\n\ntalks/ev2024/lee-causal.html")  # no base URL: the path
    assert "URL" not in event
    assert str(vevent(basic, "bruna-tbd")["SUMMARY"]) == "Talk to be announced (Joan Bruna)"


def test_with_a_base_url_talks_link_to_their_absolute_page(extended):
    event = vevent(extended, "lee-causal")
    assert str(event["URL"]) == BASE_URL + "talks/ev2024/lee-causal.html"
    assert str(event["DESCRIPTION"]).endswith(BASE_URL + "talks/ev2024/lee-causal.html")
    assert str(event["UID"]) == "lee-causal@guide.example.org"


def test_long_abstracts_are_trimmed_and_speakers_all_named(extended):
    description = str(vevent(extended, "bietti-chicago")["DESCRIPTION"])
    abstract = description.split("\n\n")[1]
    assert abstract.startswith("word0 word1") and abstract.endswith("…") and len(abstract) <= 1001
    assert description.startswith("Speakers: Alberto Bietti (Flatiron); Joan Bruna\nEvent: Chicago Day")


def test_untimed_and_zoneless_talks_are_left_out(extended):
    from scholar.calendars import calendar_path

    cat = extended.env.get_domain("scholar").catalog
    in_calendars = {uid.split("@")[0] for cal in calendars(extended).values() for uid in uids(cal)}
    for talk_id in ("bietti-untimed", "bietti-undated", "bruna-recorded", "bruna-zoneless"):
        assert talk_id not in in_calendars
        assert calendar_path(cat, "talk", talk_id) is None
    assert calendar_path(cat, "event", "recorded") is None
    assert calendar_path(cat, "talk", "lee-causal") == "calendars/talks/lee-causal.ics"
    assert calendar_path(cat, "person", "alberto-bietti") == "calendars/people/alberto-bietti.ics"
    assert calendar_path(cat, "event", "chicago") == "calendars/events/chicago.ics"
    assert calendar_path(cat, "all") == "calendars/all.ics"
    zoneless = [w for w in warnings(extended) if "no :timezone:" in w]
    assert len(zoneless) == 1 and "bruna-zoneless" in zoneless[0]


def test_calendar_path_is_none_for_people_without_timed_talks(basic):
    from scholar.calendars import calendar_path

    cat = basic.env.get_domain("scholar").catalog
    assert calendar_path(cat, "person", "alberto-bietti") is None
    assert calendar_path(cat, "person", "jason-lee") == "calendars/people/jason-lee.ics"


# -- feeds --------------------------------------------------------------------------------------


def test_basic_feed_lists_every_talk_and_paper_with_its_page(basic):
    data = catalog(basic)
    root = feed(basic, "feeds/all.atom")
    links = {entry_key(e): e.find(f"{ATOM}link").get("href") for e in entries(root)}
    expected = {f"talk/{t['id']}": t["url"] for t in data["talks"]}
    expected |= {f"paper/{p['key']}": p["url"] for p in data["papers"]}
    assert sorted(links) == sorted(expected)
    for key, href in links.items():  # relative to the feed, as a reader resolves it
        assert posixpath.normpath(posixpath.join("feeds", href)) == expected[key]


def test_theme_feeds_list_the_entries_of_their_theme(basic):
    data = catalog(basic)
    assert sorted(files_under(basic, "feeds")) == ["feeds/all.atom"] + [
        f"feeds/themes/{t['id']}.atom" for t in sorted(data["themes"], key=lambda t: t["id"])]
    for theme in data["themes"]:
        root = feed(basic, f"feeds/themes/{theme['id']}.atom")
        expected = [f"talk/{t}" for t in theme["talks"]] + [f"paper/{p}" for p in theme["papers"]]
        assert sorted(entry_key(e) for e in entries(root)) == sorted(expected)
        assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "../../" + theme["url"]
        for entry in entries(root):
            href = entry.find(f"{ATOM}link").get("href")
            assert (Path(basic.outdir) / "feeds/themes" / href).resolve().is_file()


def test_feed_authors_are_speakers_and_listed_authors_only(basic):
    data = catalog(basic)
    root = feed(basic, "feeds/all.atom")
    authors = {entry_key(e): [a.findtext(f"{ATOM}name") for a in e.findall(f"{ATOM}author")] for e in entries(root)}
    for talk in data["talks"]:
        assert authors[f"talk/{talk['id']}"] == [s["name"] for s in talk["speakers"]]
    for paper in data["papers"]:
        assert authors[f"paper/{paper['key']}"] == (paper["authors"] if paper["authors_complete"] else [])
    # A truncated list is not presented as the whole: it is stated at the head of the summary.
    assert authors["paper/bruna2022single"] == []
    summary = next(e for e in entries(root) if entry_key(e) == "paper/bruna2022single").findtext(f"{ATOM}summary")
    assert summary.startswith("By Alberto Bietti, Joan Bruna et al. (the source names only these authors)")
    assert authors["paper/count2020only"] == []  # four authors, none named
    assert [a.findtext(f"{ATOM}name") for a in root.findall(f"{ATOM}author")] == ["Theory of ML reading guide"]


def test_feed_dates_come_from_the_entries_newest_first(basic):
    root = feed(basic, "feeds/all.atom")
    dates = {entry_key(e): when(e, "updated") for e in entries(root)}
    assert list(dates.values()) == sorted(dates.values(), reverse=True)
    assert when(root, "updated") == max(dates.values())
    assert dates["talk/lee-causal"] == dt.datetime(2024, 9, 30, 7, 20, tzinfo=UTC)
    assert dates["paper/bruna2022single"] == dt.datetime(2022, 10, 27, tzinfo=UTC)
    assert dates["paper/count2020only"] == dt.datetime(2020, 1, 1, tzinfo=UTC)  # only the year is known
    for entry in entries(root):
        assert when(entry, "published") == when(entry, "updated")
    summaries = {entry_key(e): e.findtext(f"{ATOM}summary") for e in entries(root)}
    assert summaries["talk/lee-second"] == "Second abstract."
    assert summaries["talk/bruna-tbd"] is None  # no abstract, no summary


def test_undated_entries_stay_out_of_feeds_and_links_are_absolute(extended):
    root = feed(extended, "feeds/all.atom")
    found = {entry_key(e): e for e in entries(root)}
    assert "talk/bruna-recorded" not in found and "paper/undated2000" not in found
    assert when(found["talk/bietti-undated"], "updated") == dt.datetime(2024, 9, 30, tzinfo=UTC)  # event start
    assert when(found["talk/bietti-untimed"], "updated") == dt.datetime(2024, 10, 1, tzinfo=UTC)
    assert when(found["talk/bruna-zoneless"], "updated") == dt.datetime(2023, 5, 1, tzinfo=UTC)
    data = catalog(extended)
    dated = {f"talk/{t['id']}": t["url"] for t in data["talks"] if t["id"] != "bruna-recorded"}
    dated |= {f"paper/{p['key']}": p["url"] for p in data["papers"] if p["key"] != "undated2000"}
    assert {k: e.find(f"{ATOM}link").get("href") for k, e in found.items()} == {
        k: page_url(url, BASE_URL) for k, url in dated.items()}
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE_URL + "feeds/all.atom"
    assert found["talk/lee-causal"].findtext(f"{ATOM}id") == "tag:guide.example.org,2026:talk/lee-causal"


# -- determinism and incremental builds ------------------------------------------------------


def subprocess_build(srcdir: Path, outdir: Path, hash_seed: str) -> None:
    """A build in its own interpreter, so that set and dict order differ between two runs."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO / "_ext")}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-E",
               "-D", "extensions=" + ",".join(EXTENSIONS), "-D", f"html_baseurl={BASE_URL}", str(srcdir), str(outdir)]
    subprocess.run(command, env=env, check=True, capture_output=True)


def generated(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes()
            for folder in ("calendars", "feeds") for p in sorted((outdir / folder).rglob("*")) if p.is_file()}


def seeds_with_different_set_order(names: list[str]) -> tuple[str, str]:
    """Two hash seeds under which a set of ``names`` iterates in different orders."""
    code = f"print(list(set({names!r})))"
    orders = {}
    for seed in map(str, range(20)):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        order = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout
        orders.setdefault(order, seed)
        if len(orders) == 2:
            return tuple(orders.values())
    pytest.fail("no two seeds order the set differently")


def test_two_clean_builds_give_identical_files(rootdir, tmp_path):
    srcdir = extend(copy_root(rootdir, "basic", tmp_path))
    first, second = seeds_with_different_set_order(["America/Chicago", "Europe/Zagreb"])
    subprocess_build(srcdir, tmp_path / "one", first)
    subprocess_build(srcdir, tmp_path / "two", second)
    one, two = generated(tmp_path / "one"), generated(tmp_path / "two")
    assert one and sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_deleted_talks_and_themes_leave_no_calendar_or_feed(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path)
    app = build_site(srcdir)
    outdir = Path(app.outdir)
    assert (outdir / "calendars/talks/lee-second.ics").is_file()
    written = {path: path.stat().st_mtime_ns for name in generated(outdir) for path in [outdir / name]}
    build_site(srcdir)  # nothing changed: no file is written again
    assert {path: path.stat().st_mtime_ns for path in written} == written

    (srcdir / "talks/ev2024/lee-second.md").unlink()
    app = build_site(srcdir)
    assert not (outdir / "calendars/talks/lee-second.ics").exists()
    for path, cal in calendars(app).items():
        assert "lee-second@theory-ml-reading-guide" not in uids(cal), path
    for path in files_under(app, "feeds"):
        assert "talk/lee-second" not in [entry_key(e) for e in entries(feed(app, path))], path

    (srcdir / "talks/ev2024/bruna-tbd.md").unlink()
    themes = srcdir / "themes.yaml"
    themes.write_text(themes.read_text().split("transformers:")[0])
    app = build_site(srcdir)
    assert not (outdir / "calendars/people/joan-bruna.ics").exists()
    assert not (outdir / "feeds/themes/transformers.atom").exists()

    clean_srcdir = tmp_path / "clean"
    shutil.copytree(srcdir, clean_srcdir, ignore=shutil.ignore_patterns("_build"))
    clean = build_site(clean_srcdir)
    assert generated(outdir) == generated(Path(clean.outdir))


def test_setup_connects_once_when_called_twice(rootdir, tmp_path):
    """The main extension may call both setups while conf.py also lists the modules."""
    from sphinx.testing.util import SphinxTestApp

    from scholar import calendars, feeds

    app = SphinxTestApp("html", srcdir=copy_root(rootdir, "basic", tmp_path), confoverrides={"extensions": EXTENSIONS})
    try:
        calendars.setup(app)
        feeds.setup(app)
        handlers = [listener.handler for listener in app.events.listeners["build-finished"]]
        assert handlers.count(calendars.write_calendars) == 1 and handlers.count(feeds.write_feeds) == 1
    finally:
        app.cleanup()
