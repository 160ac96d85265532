"""The editors' import commands, on files in the formats reference managers and schedule tools publish."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_file

from conftest import build, copy_root
from helpers import article, catalog, text, warnings
from importer import bibtex_import, schedule_import

DATA = Path(__file__).parent / "data"


@pytest.fixture
def site(rootdir, tmp_path):
    """A copy of the small test site that reads editors.bib too, as the real site does."""
    srcdir = copy_root(rootdir, "basic", tmp_path)
    (srcdir / "editors.bib").write_text("% the editors' records\n", encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('bibtex_bibfiles = ["refs.bib"]', 'bibtex_bibfiles = ["refs.bib", "editors.bib"]'))
    return srcdir


def test_bib_import_adds_new_papers_and_reports_what_needs_a_decision(site, capsys):
    assert bibtex_import.main([str(DATA / "zotero-export.bib"), "--root", str(site), "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    assert "added 2 file(s)\n  papers/amsel_benefits_2024.md\n  papers/lee_causal_2024.md" in report
    assert "bruna2022single (the key is already in refs.bib or editors.bib)" in report
    assert "copy_of_single_2022: a paper titled 'Learning Single-Index Models with Shallow Neural Networks' is " \
           "already there (refs.bib: bruna2022single); not imported" in report
    assert "lee_causal_2024: 'A. Bietti' looks like 'Alberto Bietti'" in report
    records = parse_file(site / "editors.bib", "bibtex").entries
    assert set(records) == {"amsel_benefits_2024", "lee_causal_2024"}
    lee = records["lee_causal_2024"].fields
    # biblatex's date and eprinttype become the fields the site reads; Zotero's file and keywords are dropped.
    assert (lee["year"], lee["month"], lee["day"], lee["archiveprefix"]) == ("2024", "July", "21", "arXiv")
    assert "file" not in records["amsel_benefits_2024"].fields
    app = build(site)
    # Until an editor decides, the build says the same as the report.
    [warning] = warnings(app)
    assert "paper: 'A. Bietti' looks like 'Alberto Bietti' (alberto-bietti in people.yaml)" in warning
    page = text(article(app, "papers/lee_causal_2024"))
    assert "arXiv:2402.14735" in page and "21 July 2024" in page
    assert "Added by the editors (imported from zotero-export.bib)" in page
    amsel = text(article(app, "papers/amsel_benefits_2024"))
    assert "dramatic trade-offs between the rank and number of heads" in amsel  # the abstract is the body


def test_bib_import_twice_adds_nothing_the_second_time(site, capsys):
    bibtex_import.main([str(DATA / "zotero-export.bib"), "--root", str(site), "--themes", "diffusion"])
    before = (site / "editors.bib").read_text()
    capsys.readouterr()
    assert bibtex_import.main([str(DATA / "zotero-export.bib"), "--root", str(site), "--themes", "diffusion"]) == 0
    assert "added 0 file(s)" in capsys.readouterr().out
    assert (site / "editors.bib").read_text() == before


def test_bib_import_without_themes_says_each_paper_needs_one(site, capsys):
    bibtex_import.main([str(DATA / "zotero-export.bib"), "--root", str(site), "--dry-run"])
    report = capsys.readouterr().out
    assert "would add 2 file(s)" in report and "papers/lee_causal_2024.md: give it one to three themes" in report
    assert not (site / "papers/lee_causal_2024.md").exists()


def test_malformed_bib_is_refused_whole(site, tmp_path, capsys):
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{ok2020,\n  title = {Fine},\n}\n\n@article{bad2021,\n  title = {Open {brace},\n}\n")
    assert bibtex_import.main([str(broken), "--root", str(site)]) == 2
    error = capsys.readouterr().err
    assert f"{broken}:5: bad2021: its braces do not balance" in error
    assert not (site / "papers/ok2020.md").exists()


BIB = DATA / "bib"


def test_dblp_export_follows_crossref_and_keeps_the_volume_out(site, capsys):
    assert bibtex_import.main([str(BIB / "dblp-export.bib"), "--root", str(site), "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    assert "DBLP:conf/icml/2020: a volume (@proceedings), not a paper: not imported" in report
    assert "DBLP-conf-icml-LovelaceB20: volume, publisher, editor taken from its crossref" in report
    records = parse_file(site / "editors.bib", "bibtex").entries
    assert set(records) == {"DBLP-conf-icml-LovelaceB20", "DBLP-journals-corr-abs-2101-01234"}
    paper = records["DBLP-conf-icml-LovelaceB20"]
    assert (paper.fields["volume"], paper.fields["publisher"], paper.fields["ids"]) == (
        "119", "{PMLR}", "DBLP:conf/icml/LovelaceB20")
    # "Hal Daumé III": III is his suffix, not his surname.
    assert [str(p) for p in paper.persons["editor"]] == ["Daum{\\'{e}}, III, Hal", "Singh, Aarti"]
    corr = records["DBLP-journals-corr-abs-2101-01234"]
    assert corr.type == "misc" and "journal" not in corr.fields and corr.fields["eprint"] == "2101.01234"
    app = build(site)
    assert warnings(app) == []
    papers = {p["key"]: p for p in catalog(app)["papers"]}
    assert papers["DBLP-journals-corr-abs-2101-01234"]["arxiv"] == "2101.01234"
    assert papers["DBLP-journals-corr-abs-2101-01234"]["venue"] is None


def test_library_mistakes_are_corrected_and_reported(site, capsys):
    assert bibtex_import.main([str(BIB / "mistakes.bib"), "--root", str(site), "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    for said in ["commas2021: author: 3 names separated by commas are read as one person",
                 "commas2021: doi: write the DOI alone ('10.1000/engines.2021.7')",
                 "braced2021: author: the whole list is in braces",
                 "percent2022: title: an unescaped '%' starts a comment",
                 "percent2022: year: '2022a' is not a year",
                 "preprint2022: arXiv:2204.01234 read from the journal field; it names no journal",
                 "webpage2023: arXiv:2305.06789 read from the note field",
                 "webpage2023: url 'https://example.org/engines' read from the howpublished field",
                 "papers/webpage2023.md: math that the export escaped as text"]:
        assert said in report
    records = parse_file(site / "editors.bib", "bibtex").entries
    assert [str(p) for p in records["commas2021"].persons["author"]] == [
        "Lovelace, Ada", "Babbage, Charles", "Somerville, Mary"]
    assert len(records["braced2021"].persons["author"]) == 2
    assert records["commas2021"].fields["doi"] == "10.1000/engines.2021.7"
    assert records["percent2022"].fields["title"] == "{50\\% Fewer Cogs}"
    assert records["preprint2022"].type == "misc" and "journal" not in records["preprint2022"].fields
    body = (site / "papers/webpage2023.md").read_text()
    assert "with $x^2$ written as Zotero escapes math.\n\nThe second paragraph." in body
    app = build(site)
    assert warnings(app) == []  # everything the report said was corrected is correct for the build
    papers = {p["key"]: p for p in catalog(app)["papers"]}
    assert papers["percent2022"]["title"] == "50% Fewer Cogs" and papers["percent2022"]["year"] == 2022
    assert papers["webpage2023"]["title"] == "On Sharp Bounds for the Cost of ạ $5 Engine"
    assert papers["webpage2023"]["arxiv"] == "2305.06789"
    assert papers["commas2021"]["authors"] == ["Ada Lovelace", "Charles Babbage", "Mary Somerville"]


def test_a_library_that_declares_its_encoding_is_read_in_it(site):
    assert bibtex_import.main([str(BIB / "jabref-windows-1252.bib"), "--root", str(site), "--themes", "x"]) == 0
    record = parse_file(site / "editors.bib", "bibtex").entries["jabref2020"]
    assert record.fields["title"] == "{Café Engines}" and str(record.persons["author"][0]) == "Müller, Anna"


@pytest.mark.parametrize("content, message", [
    (b"@article{a2020,\n  title = {Caf\xe9},\n  year = {2020},\n}\n",
     ":2: byte 0xe9 cannot be read (it is not UTF-8)"),
    (b"@article{a2020,\n  title = {One},\n}\n\n@article{a2020,\n  title = {Two},\n}\n",
     ":5: a2020: the key is already used by the record at line 1"),
    (b"@article{a2020,\n  title = {No comma}\n  author = {Ada Lovelace},\n}\n",
     ":2: a2020: a comma is missing after the field 'title'"),
    (b"@article{a2020,\n  title = {Long},\n  abstract = {" + b"x" * 20_001 + b"},\n}\n",
     ":3: a2020: the abstract is 20,001 characters long (the limit is 20,000)"),
    (b"% Encoding: no-such-encoding\n@article{a2020, title = {T}}\n", ":1: unknown encoding 'no-such-encoding'"),
])
def test_a_library_the_import_cannot_read_is_refused_whole_with_its_line(site, tmp_path, capsys, content, message):
    library = tmp_path / "library.bib"
    library.write_bytes(content)
    before = (site / "editors.bib").read_text()
    assert bibtex_import.main([str(library), "--root", str(site)]) == 2
    error = capsys.readouterr().err
    assert f"{library}{message}" in error and "nothing imported" in error
    assert (site / "editors.bib").read_text() == before and not (site / "papers/a2020.md").exists()


# Pieces of BibTeX, well and badly formed, to assemble libraries no one would write.
BIB_PIECES = st.sampled_from(["@article{", "@proceedings{", "@string{", "@comment{", "k2020", ",", "}", "{", "=", '"',
                              " title = ", " author = ", " crossref = ", " doi = ", " abstract = ", " year = ",
                              " and ", "Ada Lovelace", "Last, First", "https://doi.org/10.1/x", "arXiv:2101.01234",
                              "%", "#", "\\", "\\emph{", "{\\$}", "\n", "\n\n", "é", "\x00", "2020a"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(BIB_PIECES, max_size=40).map("".join))
def test_no_library_gives_a_traceback(tmp_path, library):
    path = tmp_path / "library.bib"
    path.write_text(library, encoding="utf-8")
    assert bibtex_import.main([str(path), "--root", str(tmp_path), "--dry-run"]) in (0, 2)


def test_pretalx_schedule_becomes_an_event_with_its_talks(site, capsys):
    code = schedule_import.main([str(DATA / "pretalx-schedule.json"), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"])
    assert code == 0
    report = capsys.readouterr().out
    assert "talks/tokyo-2027/index.md" in report
    assert "the schedule names no speaker; add :speakers:" in report  # the open problems session
    assert (site / "sources/pretalx-schedule.json").is_file()  # the schedule is kept as the talks' source
    app = build(site)
    assert warnings(app) == [
        "talks/tokyo-2027/talk-open-problems.md:1: WARNING: talk: missing required option :speakers: [scholar.missing]"]
    talks = {t["id"]: t for t in catalog(app)["talks"] if t["event"] == "tokyo-2027"}
    bruna = talks["bruna-score-based-models"]
    assert (bruna["date"], bruna["start"], bruna["end"]) == ("2027-03-15", "09:00", "09:45")
    attention = talks["lee-attention-kernel"]
    assert [s["person"] for s in attention["speakers"]] == ["jason-lee", "hana-sato"]  # "Jason Lee" is an alias
    event = next(e for e in catalog(app)["events"] if e["id"] == "tokyo-2027")
    assert (event["title"], event["start_date"], event["end_date"]) == (
        "Tokyo Workshop on Learning Theory 2027", "2027-03-15", "2027-03-16")
    assert "Asia/Tokyo, UTC+09:00" in text(article(app, "talks/tokyo-2027/bruna-score-based-models"))


def test_frab_xml_schedule(site):
    assert schedule_import.main([str(DATA / "frab-schedule.xml"), "--event", "osaka-2027", "--root", str(site),
                                 "--themes", "transformers"]) == 0
    page = (site / "talks/osaka-2027/papyan-neural-collapse.md").read_text()
    assert ":speakers: Vardan Papyan" in page and ":start: 14:00" in page and ":end: 14:30" in page


def test_ics_schedule_converts_times_to_the_event_zone(site):
    assert schedule_import.main([str(DATA / "schedule.ics"), "--event", "kyoto-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    event = (site / "talks/kyoto-2027/index.md").read_text()
    assert ":timezone: Asia/Tokyo" in event and ":location: Kyoto University, Room 301" in event
    sampling = (site / "talks/kyoto-2027/vanden-eijnden-sampling-diffusions.md").read_text()
    assert ":date: 2027-06-02" in sampling and ":start: 16:00" in sampling  # 07:00 UTC
    assert ":speakers: Eric Vanden-Eijnden" in sampling


@pytest.mark.parametrize("name, content, message", [
    ("broken.json", '{"schedule": {"conference": ', "not JSON (line 1"),
    ("other.json", '{"talks": []}', "not a frab/pretalx schedule"),
    ("other.xml", "<calendar/>", "not a frab/pretalx schedule"),
    ("broken.xml", "<schedule><conference>", "not XML"),
    ("broken.ics", "BEGIN:VCALENDAR\nEND:VEVENT\n", "it holds no talk"),
    ("garbage.ics", "not a calendar at all", "not an iCalendar file"),
    ("schedule.txt", "talks", "expected a .json or .xml schedule"),
])
def test_malformed_schedules_are_refused_with_a_reason(site, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "x", "--root", str(site)]) == 2
    assert message in capsys.readouterr().err
    assert not (site / "talks/x").exists()


def test_a_schedule_without_a_zone_asks_for_one(site, tmp_path, capsys):
    path = tmp_path / "no-zone.ics"
    shutil.copy(DATA / "schedule.ics", path)
    path.write_text(path.read_text().replace("X-WR-TIMEZONE:Asia/Tokyo\n", "").replace(
        "DTSTART;TZID=Asia/Tokyo:20270601T160000", "DTSTART:20270601T070000Z"))
    # Times in UTC say when, not where: the event's own zone is not guessed.
    assert schedule_import.main([str(path), "--event", "x", "--root", str(site)]) == 2
    assert "pass --timezone" in capsys.readouterr().err
    assert schedule_import.main([str(path), "--event", "x", "--root", str(site), "--timezone", "Asia/Tokyo"]) == 0
    assert ":start: 16:00" in (site / "talks/x/chizat-feature-learning.md").read_text()


# -- structures of schedules as published: pentabarf, older frab, calendars, encodings ---------


def test_pentabarf_xml_takes_each_talks_date_from_its_day_and_its_declared_encoding(site):
    """FOSDEM-style XML: the date on <day date=...>, a local <start>, Latin-1 as declared."""
    assert schedule_import.main([str(DATA / "pentabarf-schedule.xml"), "--event", "brussels-2027", "--root",
                                 str(site), "--themes", "transformers"]) == 0
    talk = (site / "talks/brussels-2027/delmas-kernel-ridge.md").read_text(encoding="utf-8")
    assert ":speakers: François Delmas" in talk
    assert ":date: 2027-02-06" in talk and ":start: 10:30" in talk and ":end: 10:55" in talk


def test_older_frab_json_names_speakers_in_full_public_name(site, tmp_path):
    schedule = (DATA / "pretalx-schedule.json").read_text(encoding="utf-8").replace('"public_name"',
                                                                                   '"full_public_name"')
    schedule = schedule.replace('"name": "Joan Bruna", ', "")
    path = tmp_path / "frab-old.json"
    path.write_text(schedule, encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "transformers"]) == 0
    pages = "".join(p.read_text() for p in (site / "talks/tokyo-2027").glob("*.md"))
    assert ":speakers: Joan Bruna" in pages and "Hana Sato" in pages


def test_a_calendar_with_a_byte_order_mark_and_organizers_as_speakers(site, tmp_path):
    text = (DATA / "schedule.ics").read_text(encoding="utf-8").replace("ATTENDEE;CN=Lenaic Chizat;ROLE=CHAIR:",
                                                                      "ORGANIZER;CN=Lenaic Chizat:")
    path = tmp_path / "bom.ics"
    path.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    assert schedule_import.main([str(path), "--event", "kyoto-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    assert ":speakers: Lenaic Chizat" in (site / "talks/kyoto-2027/chizat-feature-learning.md").read_text()


@pytest.mark.parametrize("name, content, message", [
    ("no-start.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Lost\nEND:VEVENT\nEND:VCALENDAR\n",
     "event 1 ('Lost') has no DTSTART"),
    ("latin.json", '{"schedule": {"conference": {"title": "Caf\xe9"}}}', "not UTF-8 (byte"),
    ("naive.json", '{"schedule": {"conference": {"title": "T", "time_zone_name": "UTC", "days": [{"rooms": '
                   '{"A": [{"title": "Naive", "date": "2027-01-01T10:00:00", "duration": "00:30"}]}}]}}}',
     "has a date without a UTC offset"),
])
def test_schedule_structures_that_cannot_be_read_are_refused_with_the_reason(site, tmp_path, capsys, name,
                                                                              content, message):
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    assert schedule_import.main([str(path), "--event", "x", "--root", str(site)]) == 2
    assert message in capsys.readouterr().err
    assert not (site / "talks/x").exists()


def test_parallel_rooms_are_kept_and_only_talks_in_one_room_can_overlap(site, tmp_path):
    """A second room with a talk at the same time as one in Hall A: parallel, not an overlap."""
    schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
    day = schedule["schedule"]["conference"]["days"][0]
    parallel = {**day["rooms"]["Hall A"][0], "guid": "b-1", "code": "B1", "title": "Kernels in Room B",
                "persons": [{"public_name": "Hana Sato"}], "room": "Hall B"}
    day["rooms"]["Hall B"] = [parallel]
    path = tmp_path / "two-rooms.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    assert ":room: Hall B" in (site / "talks/tokyo-2027/sato-kernels-room.md").read_text()
    app = build(site)
    assert not [w for w in warnings(app) if "overlap" in w]
    rooms = {t["id"]: t["room"] for t in catalog(app)["talks"] if t["event"] == "tokyo-2027"}
    assert rooms["sato-kernels-room"] == "Hall B" and rooms["bruna-score-based-models"] == "Hall A"
    schedule_text = text(article(app, "talks/tokyo-2027/index"))
    assert "09:00–09:45 Hall A · ☆ Score-Based Models in High Dimension" in schedule_text
    assert "09:00–09:45 Hall B · ☆ Kernels in Room B" in schedule_text

    same_room = site / "talks/tokyo-2027/sato-kernels-room.md"
    same_room.write_text(same_room.read_text().replace(":room: Hall B", ":room: Hall A"))
    assert [w for w in warnings(build(site)) if "overlap" in w] == [
        "talks/tokyo-2027/sato-kernels-room.md:5: WARNING: talk: overlaps 'bruna-score-based-models' "
        "(09:00–09:45, Hall A) in the schedule of 'tokyo-2027' [scholar.overlap]"]


def test_breaks_become_slots_of_the_event_even_when_their_titles_repeat(site, tmp_path):
    """Two "Coffee Break" items (one per room) and a lunch, with no speakers: slots, not talks."""
    schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
    day = schedule["schedule"]["conference"]["days"][0]
    talk = day["rooms"]["Hall A"][0]

    def item(title, start, room):
        return {**talk, "guid": f"{title}-{room}", "code": "", "title": title, "persons": [], "abstract": "",
                "description": "", "start": start, "date": f"2027-03-15T{start}:00+09:00", "duration": "00:15",
                "room": room}

    day["rooms"]["Hall A"] += [item("Coffee Break", "09:45", "Hall A"), item("Lunch", "12:00", "Hall A")]
    day["rooms"]["Hall B"] = [item("Coffee Break", "09:45", "Hall B")]
    path = tmp_path / "breaks.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    event = (site / "talks/tokyo-2027/index.md").read_text()
    assert event.count("{slot} Coffee Break") == 2 and "{slot} Lunch" in event and ":room: Hall B" in event
    assert not [p for p in (site / "talks/tokyo-2027").glob("*.md") if "coffee" in p.name or "lunch" in p.name]
    app = build(site)
    assert [w for w in warnings(app) if "tokyo-2027/index" in w] == []
    schedule_text = text(article(app, "talks/tokyo-2027/index"))
    assert "09:45–10:00 Hall A · Coffee Break" in schedule_text and "12:00–12:15 Hall A · Lunch" in schedule_text


def test_speaker_fields_become_one_name_each_without_titles_and_the_report_says_so(site, tmp_path, capsys):
    """A person field naming three people, an honorific, a degree, a "Family, Given" and the
    same speaker twice: each talk gets one name per person, and the report names each change."""
    schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
    day = schedule["schedule"]["conference"]["days"][0]
    first, *others = day["rooms"]["Hall A"]
    first["persons"] = [{"public_name": "Prof. Dr. Joan Bruna, Jiequn Han and Lenka Zdeborová"},
                        {"public_name": "Bruna, Joan"}]
    for item in others:
        item["persons"] = [{"public_name": "Brooke Sanders DDS"}]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (site / "talks/tokyo-2027").glob("*.md")}
    talk = next(text for text in pages.values() if first["title"] in text)
    assert ":speakers: Joan Bruna; Jiequn Han; Lenka Zdeborová\n" in talk
    assert "'Prof. Dr. Joan Bruna, Jiequn Han and Lenka Zdeborová' read as 'Joan Bruna; Jiequn Han; Lenka Zdeborová'" in report
    assert "'Bruna, Joan' read as 'Joan Bruna'" in report and "Joan Bruna twice: kept once" in report
    assert others and any(stem.startswith("sanders-") for stem in pages)  # the id from the surname, not "dds"
    assert "'Brooke Sanders DDS' read as 'Brooke Sanders'" in report
    # The schedule's own talk without speakers stays to be decided; nothing else is warned about.
    assert [w for w in warnings(build(site)) if "tokyo-2027" in w] == [
        "talks/tokyo-2027/talk-open-problems.md:1: WARNING: talk: missing required option :speakers: [scholar.missing]"]


def test_a_subtitle_joins_its_title_a_windows_line_end_goes_and_a_talk_past_midnight_is_reported(
        site, tmp_path, capsys):
    schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
    first, second = schedule["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][:2]
    first["subtitle"] = "A Tutorial"
    first["abstract"] = "First line.\r\n\r\nSecond paragraph."
    second["date"] = second["date"][:10] + "T23:30:00" + second["date"][-6:]  # same day and offset, late
    second["duration"] = "01:00"
    path = tmp_path / "subtitles.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    pages = {p.stem: p.read_bytes() for p in (site / "talks/tokyo-2027").glob("*.md")}
    titled = next(text for text in pages.values() if f"{first['title']}: A Tutorial".encode() in text)
    assert b"\r" not in titled and b"First line.\n\nSecond paragraph." in titled
    late = next(stem for stem, text in pages.items() if second["title"].encode() in text)
    assert ":start: 23:30" in pages[late].decode() and ":end:" not in pages[late].decode()
    assert f"talks/tokyo-2027/{late}.md: ends after midnight" in report


def test_an_html_description_becomes_markdown_with_its_links_and_nothing_unsafe(site, tmp_path):
    schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
    first, second = schedule["schedule"]["conference"]["days"][0]["rooms"]["Hall A"][:2]
    first["abstract"] = ('<p>We study <a href="https://arxiv.org/abs/2408.01367">neural operators</a> and '
                         '<em>their</em> limits.</p><script>alert(1)</script><p>Second &amp; last.</p>')
    first["description"] = ""
    second["abstract"] = '<p>Click <a href="javascript:alert(1)">here</a>.</p>'
    second["description"] = ""
    path = tmp_path / "html.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    assert schedule_import.main([str(path), "--event", "tokyo-2027", "--root", str(site),
                                 "--themes", "diffusion"]) == 0
    app = build(site)
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (site / "talks/tokyo-2027").glob("*.md")}
    linked = next(stem for stem, text in pages.items() if first["title"] in text)
    body = article(app, f"talks/tokyo-2027/{linked}")
    link = body.find("a", string="neural operators")
    assert link["href"] == "https://arxiv.org/abs/2408.01367" and body.find("em", string="their")
    assert "Second & last." in text(body) and "alert" not in text(body) and "<p>" not in text(body)
    unsafe = next(stem for stem, text in pages.items() if second["title"] in text)
    page = article(app, f"talks/tokyo-2027/{unsafe}")
    assert not page.find("a", href=lambda href: href and href.startswith("javascript"))
    assert "here" in text(page)


def test_two_events_whose_schedules_share_a_file_name_each_cite_their_own(site, tmp_path):
    one, two = tmp_path / "a" / "schedule.json", tmp_path / "b" / "schedule.json"
    for path, title in ((one, "Tokyo"), (two, "Osaka")):
        path.parent.mkdir()
        schedule = json.loads((DATA / "pretalx-schedule.json").read_text(encoding="utf-8"))
        schedule["schedule"]["conference"]["title"] = title
        for room in schedule["schedule"]["conference"]["days"][0]["rooms"].values():
            for item in room:
                item["title"] = f"{title}: {item['title']}"
        path.write_text(json.dumps(schedule), encoding="utf-8")
    for path, event in ((one, "tokyo-2027"), (two, "osaka-2027")):
        assert schedule_import.main([str(path), "--event", event, "--root", str(site), "--themes", "diffusion"]) == 0
    assert (site / "sources/schedule.json").read_bytes() == one.read_bytes()
    assert (site / "sources/osaka-2027-schedule.json").read_bytes() == two.read_bytes()
    assert ":source: osaka-2027-schedule.json" in (site / "talks/osaka-2027/index.md").read_text()
    assert all(":source: osaka-2027-schedule.json" in p.read_text() for p in (site / "talks/osaka-2027").glob("*.md"))
