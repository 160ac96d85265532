"""Bad input gives a warning naming file and line, never a traceback; the rest still builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build, copy_root
from helpers import article, catalog, page, text, warnings


@pytest.fixture(scope="module")
def bad_site(rootdir, tmp_path_factory):
    return build(copy_root(rootdir, "bad", tmp_path_factory.mktemp("bad")))


EXPECTED = [
    "refs.bib:12: WARNING: the record 'broken2022' is malformed: its braces do not balance (5 '{', 4 '}'); it is left out until it is fixed [scholar.bibfile]",
    "refs.bib:18: WARNING: the key 'real2021' is already used by the record at refs.bib:1; this record is ignored [scholar.duplicate]",
    "refs.bib:24: WARNING: title of the record 'percent2020': an unescaped '%' starts a comment in TeX, which hides "
    "the rest of the line in every LaTeX document that cites the record: write '\\%' [scholar.bibfield]",
    "refs.bib:31: WARNING: author of the record 'commas2020': 3 names separated by commas are read as one person: "
    "separate them with 'and' ('Ada Lovelace and Charles Babbage and Mary Somerville') [scholar.bibfield]",
    "refs.bib:32: WARNING: doi of the record 'commas2020': write the DOI alone ('10.1000/xyz123'), not as a link "
    "[scholar.bibfield]",
    "refs.bib:37: WARNING: the record 'nocomma2020' is malformed: a comma is missing after the field 'title' (every "
    "field after it would be lost); it is left out until it is fixed [scholar.bibfile]",
    "refs.bib:44: WARNING: author of the record 'braced2020': the whole list is in braces, so it is read as one name "
    "('Ada Lovelace and Charles Babbage'); if these are several people, remove the outer braces [scholar.bibfield]",
    "refs.bib:51: WARNING: year of the record 'misdated2020': '2020a' is not a year; the record is shown undated: "
    "write '2020' [scholar.bibfield]",
    "refs.bib:52: WARNING: month of the record 'misdated2020': 'Febuary' is not a month (write jan…dec, a full "
    "English month name or 1–12); the record is shown without it [scholar.bibfield]",
    "people.yaml:3: WARNING: homepage: link 'javascript:alert(1)' is not an http(s) URL [scholar.registry]",
    "people.yaml:5: WARNING: unknown field 'nickname' (allowed: affiliation, aliases, bio, distinct, family, homepage, name) [scholar.registry]",
    "people.yaml:12: WARNING: family 'Nöther' is not how the name 'Emmy Noether' ends; it is not used [scholar.registry]",
    'people.yaml:8: WARNING: bio: raw HTML is not allowed; it is shown as text [scholar.registry]',
    "people.yaml:4: WARNING: missing required field 'name' [scholar.registry]",
    "people.yaml:11: WARNING: affiliation: could not determine a constructor for the tag 'tag:yaml.org,2002:python/name:os.system'; write the value as plain text [scholar.registry]",
    "themes.yaml:1: WARNING: builds_on: 'alchemy' is no theme [scholar.registry]",
    "themes.yaml:1: WARNING: builds_on: 'theory' and 'practice' build on each other (a cycle); the order of "
    "themes.yaml is kept for them [scholar.registry]",
    "themes.yaml:5: WARNING: search_terms: 'Proofs' is already a search term of 'theory' [scholar.registry]",
    "guides/path.md:31: WARNING: step: expected paper:<key> or talk:<id>, got 'real2021' [scholar.invalid]",
    "guides/path.md:38: WARNING: step: unknown value 'expert' (expected one of introductory, core, advanced) [scholar.invalid]",
    'guides/path.md:37: WARNING: step: say why to read this entry (the step has no text) [scholar.missing]',
    "papers/broken2022.md:1: WARNING: paper: unknown BibTeX key 'broken2022' (no record with this key in the .bib files) [scholar.unknown]",
    "papers/missing2020.md:1: WARNING: paper: unknown BibTeX key 'missing2020' (no record with this key in the .bib files) [scholar.unknown]",
    "papers/untitled2020.md:1: WARNING: paper: the BibTeX record 'untitled2020' has no title; add one [scholar.missing]",
    'talks/ev/backwards.md:7: WARNING: talk: the talk ends (10:00) before it starts (11:00) [scholar.invalid]',
    "talks/ev/bad-date.md:5: WARNING: talk: malformed date '2024-13-40' (no such day) [scholar.invalid]",
    "talks/ev/bad-date.md:6: WARNING: talk: malformed time '25:00' (no such time of day) [scholar.invalid]",
    "talks/ev/index.md:4: WARNING: event: unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Zagreb) [scholar.invalid]",
    "talks/ev/index.md:5: WARNING: event: link 'javascript:alert(1)' is not an http(s) URL [scholar.invalid]",
    'talks/ev/index.md:3: WARNING: event: the event ends (2024-09-29) before it starts (2024-10-03) [scholar.invalid]',
    'talks/ev/missing-event.md:1: WARNING: talk: missing required option :event: [scholar.missing]',
    'talks/ev/no-title.md:1: WARNING: talk: missing title (give it as the argument, or mark the talk :status: tbd) [scholar.missing]',
    "talks/ev/raw-html.md:6: WARNING: raw HTML is not allowed in the site's pages; it is shown as text [scholar.unsafe]",
    "talks/ev/raw-html.md:6: WARNING: raw HTML is not allowed in the site's pages; it is shown as text [scholar.unsafe]",
    "talks/ev/raw-html.md:8: WARNING: raw HTML is not allowed in the site's pages; it is shown as text [scholar.unsafe]",
    "talks/ev/unknown-option.md:5: WARNING: 'talk': Unknown option key: 'colour' (allowed: ['date', 'end', 'event', 'order', 'papers', 'recording', 'room', 'slides', 'source', 'speakers', 'start', 'status', 'themes']) [myst.directive_option]",
    "talks/ev/tex-abstract.md:6: WARNING: talk: TeX '\"{o}' outside math is shown as written: write Markdown "
    "(*emphasis*) or the character itself (ö), or put math between $ signs [scholar.tex]",
    "talks/ev/tex-abstract.md:8: WARNING: talk: TeX '\\emph{' outside math is shown as written: write Markdown "
    "(*emphasis*) or the character itself (ö), or put math between $ signs [scholar.tex]",
    "talks/ev/unknown-refs.md:6: WARNING: talk: source 'no-such-listing.txt' is not a file in sources/ (the listings the entries come from) [scholar.unknown]",
    "talks/second/Bad Name.md:1: WARNING: talk: the file name 'Bad Name' is the talk's id and must use lowercase letters, digits, '-', '_' and '.': rename the file [scholar.invalid]",
    "talks/second/empty.md:1: WARNING: the page has no title (an empty file?); it would be published as '<no title>' [scholar.missing]",
    "talks/second/overlapping.md:8: WARNING: talk: paper 'real2021' is given twice in :papers:; it is listed once [scholar.duplicate]",
    'talks/second/two-entries.md:7: WARNING: talk: a page holds one entry, and this one already has a talk (line 1); this directive is ignored: move it to a file of its own [scholar.duplicate]',
    "talks/second/empty.md: WARNING: document isn't included in any toctree [toc.not_included]",
    "talks/other/dup.md:1: WARNING: talk: duplicate id 'dup': already defined in talks/ev/dup (line 1); this one is ignored [scholar.duplicate]",
    "talks/second/misfiled.md:2: WARNING: talk: filed under talks/second/ but its :event: is 'ev': move the file or correct the event [scholar.event]",
    'talks/second/out-of-dates.md:4: WARNING: talk: 2025-04-01 is not a day of its event (2025-03-01 to 2025-03-02) [scholar.date]',
    "talks/second/overlapping.md:8: WARNING: talk: unknown paper 'real2021' (no papers/real2021.md) [scholar.unknown]",
    "talks/ev/unknown-refs.md:2: WARNING: talk: unknown event 'no-such-event' (no talks/no-such-event/index.md with an {event} directive) [scholar.unknown]",
    "talks/ev/unknown-refs.md:3: WARNING: talk: 'Ada M. Lovelace' looks like 'Ada Lovelace' (ada-lovelace in people.yaml) but is not one of their names: if it is the same person, add it to their aliases; if not, add it to their 'distinct' list [scholar.lookalike]",
    "talks/ev/unknown-refs.md:5: WARNING: talk: unknown paper 'nokey2020' (no papers/nokey2020.md) [scholar.unknown]",
    "talks/ev/unknown-refs.md:4: WARNING: talk: unknown theme 'alchemy' (not in themes.yaml) [scholar.unknown]",
    "talks/second/overlapping.md:5: WARNING: talk: overlaps 'first-slot' (09:00–10:00) in the schedule of 'second' [scholar.overlap]",
    'guides/path.md:14: WARNING: step: this introductory step follows an advanced one: order the path from introductory to advanced [scholar.order]',
    "guides/path.md:19: WARNING: step: unknown paper 'nokey2021' [scholar.unknown]",
    "guides/path.md:25: WARNING: step: talk 'good' is already a step of this page [scholar.duplicate]",
    "index.md:8: WARNING: unknown talk 'no-such-talk' [ref.talk]",
    "index.md:8: WARNING: unknown person 'Nobody Known' [ref.person]",
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_each_problem_is_reported_with_file_and_line(bad_site, expected):
    assert expected in [line.removeprefix("checking consistency... ") for line in warnings(bad_site)]


def test_nothing_else_is_reported_and_no_traceback(bad_site):
    reported = {line.removeprefix("checking consistency... ") for line in warnings(bad_site)}
    assert reported == set(EXPECTED)
    assert "Traceback" not in bad_site.warning.getvalue() + bad_site.status.getvalue()


def test_every_page_is_still_built(bad_site):
    built = {p.relative_to(bad_site.outdir).as_posix() for p in Path(bad_site.outdir).rglob("*.html")}
    for name in ("good", "missing-event", "unknown-refs", "bad-date", "backwards", "unknown-option",
                 "raw-html", "dup", "no-title", "index"):
        assert f"talks/ev/{name}.html" in built
    assert "talks/other/dup.html" in built and "papers/missing2020.html" in built
    assert {t["id"] for t in catalog(bad_site)["talks"]} >= {"good", "bad-date", "raw-html", "dup"}


def test_good_entry_is_unaffected(bad_site):
    content = text(article(bad_site, "talks/ev/good"))
    assert "Speaker: Ada Lovelace (Analytical Engines)" in content
    assert "When: Monday 30 September 2024, 09:00–10:00" in content


def test_raw_html_is_shown_as_text_and_never_executed(bad_site):
    soup = page(bad_site, "talks/ev/raw-html")
    body = article(bad_site, "talks/ev/raw-html")
    executable = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in script.get_text() for script in executable)
    for data in soup.find_all("script", type="application/ld+json"):
        assert "<" not in data.get_text()  # the abstract's markup is escaped inside JSON-LD
    assert body.find(attrs={"onclick": True}) is None
    assert '<script>' in text(body) and '<div onclick="steal()">' in text(body)


def test_bad_values_are_dropped_not_guessed(bad_site):
    talk = next(t for t in catalog(bad_site)["talks"] if t["id"] == "bad-date")
    assert talk["date"] is None and talk["start"] is None
    event = catalog(bad_site)["events"][0]
    assert event["end_date"] is None
    assert "javascript" not in (Path(bad_site.outdir) / "talks/ev/index.html").read_text()
    assert "javascript" not in (Path(bad_site.outdir) / "people/ada-lovelace.html").read_text()


def test_duplicate_keeps_the_first_definition(bad_site):
    talk = next(t for t in catalog(bad_site)["talks"] if t["id"] == "dup")
    assert talk["title"] == "First Of Two" and talk["url"] == "talks/ev/dup.html"


def test_a_file_with_two_entries_keeps_the_first(bad_site):
    assert "The First Talk of the File" in text(article(bad_site, "talks/second/two-entries"))
    talk = next(t for t in catalog(bad_site)["talks"] if t["id"] == "two-entries")
    assert talk["title"] == "The First Talk of the File"


def test_a_broken_bibtex_record_does_not_stop_the_build(bad_site):
    built = {p.relative_to(bad_site.outdir).as_posix() for p in Path(bad_site.outdir).rglob("*.html")}
    assert {"papers/broken2022.html", "papers/untitled2020.html", "talks/ev/good.html"} <= built
    keys = {p["key"] for p in catalog(bad_site)["papers"]}
    assert "untitled2020" in keys  # the record without a title still has its page


def test_a_mistaken_bibtex_field_is_read_as_its_writer_meant(bad_site):
    papers = {p["key"]: p for p in catalog(bad_site)["papers"]}
    assert papers["percent2020"]["title"] == "50% Fewer Parameters"  # not cut at the '%'
    assert papers["commas2020"]["authors"] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]
    assert papers["commas2020"]["doi"] == "10.1000/xyz123"
    assert papers["braced2020"]["authors"] == ["Ada Lovelace", "Charles Babbage"]
    assert papers["misdated2020"]["year"] is None  # shown undated, as its warning says, until it is fixed
    assert "https://doi.org/10.1000/xyz123" in text(article(bad_site, "papers/commas2020"))


def test_an_unknown_event_is_null_in_the_catalog(bad_site):
    talk = next(t for t in catalog(bad_site)["talks"] if t["id"] == "unknown-refs")
    assert talk["event"] is None


def test_a_talk_id_that_is_no_bibtex_key_still_gives_a_readable_talks_bib(bad_site):
    from pybtex.database import parse_string

    talks = parse_string((Path(bad_site.outdir) / "talks.bib").read_text(encoding="utf-8"), "bibtex")
    assert "Bad-Name" in talks.entries


def test_a_rebuild_with_nothing_changed_reports_every_problem_again(rootdir, tmp_path):
    """`make html` must not pass on the second run with the mistakes still there."""
    srcdir = copy_root(rootdir, "bad", tmp_path)
    first = sorted(warnings(build(srcdir)))
    again = sorted(warnings(build(srcdir)))
    assert again == first


def test_a_parallel_rebuild_reports_the_same_problems_as_the_serial_build(rootdir, tmp_path):
    """Warnings from parallel readers mark their pages too."""
    serial = sorted(warnings(build(copy_root(rootdir, "bad", tmp_path / "serial"))))
    srcdir = copy_root(rootdir, "bad", tmp_path / "parallel")
    build(srcdir, parallel=2)
    assert sorted(warnings(build(srcdir, parallel=2))) == serial


def test_a_bib_file_that_is_not_utf8_is_a_warning_every_build(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path)
    with open(srcdir / "refs.bib", "ab") as stream:
        stream.write(b"\n@misc{latin2020,\n  title = {Caf\xe9},\n  year = {2020},\n}\n")
    line = _line_of_byte(srcdir / "refs.bib", b"\xe9")
    expected = (f"refs.bib:{line}: WARNING: byte 0xe9 is not UTF-8: save the file as UTF-8; until then none of "
                "its records is read [scholar.encoding]")
    for _ in range(2):  # a rebuild with nothing changed says it again
        app = build(srcdir)
        assert expected in warnings(app)
        assert "Traceback" not in app.warning.getvalue() + app.status.getvalue()
        assert (Path(app.outdir) / "index.html").is_file()  # the rest of the site is built


def test_a_page_or_people_file_that_is_not_utf8_is_a_warning_every_build(rootdir, tmp_path):
    srcdir = copy_root(rootdir, "basic", tmp_path)
    for name, latin1 in [("people.yaml", b"\nzz-person:\n  name: Fran\xe7ois Z\n"),
                         ("talks/ev2024/bruna-tbd.md", b"\nCaf\xe9\n")]:
        with open(srcdir / name, "ab") as stream:
            stream.write(latin1)
    people_line, talk_line = (_line_of_byte(srcdir / name, byte) for name, byte in [
        ("people.yaml", b"\xe7"), ("talks/ev2024/bruna-tbd.md", b"\xe9")])
    expected = [
        f"people.yaml:{people_line}: WARNING: byte 0xe7 is not UTF-8: save the file as UTF-8; until then the records "
        "of people.yaml are left out [scholar.encoding]",
        f"talks/ev2024/bruna-tbd.md:{talk_line}: WARNING: byte 0xe9 is not UTF-8: save the page as UTF-8; until then "
        "it is not built [scholar.encoding]",
    ]
    for _ in range(2):  # a rebuild with nothing changed says it again
        app = build(srcdir)
        reported = warnings(app)
        assert all(line in reported for line in expected), reported
        assert "Traceback" not in app.warning.getvalue() + app.status.getvalue()
        assert (Path(app.outdir) / "talks/ev2024/lee-causal.html").is_file()  # the rest of the site is built


def _line_of_byte(path: Path, byte: bytes) -> int:
    data = path.read_bytes()
    return data.count(b"\n", 0, data.index(byte)) + 1
