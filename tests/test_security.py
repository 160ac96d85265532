"""Nothing an entry, a listing or an import contains can publish a file, run a script or leave the repository.

The hostile site (tests/roots/test-hostile) holds one page per family of attack; a file
``secret.txt`` beside its folder plays the part of a file of the build machine. Every
output file is checked, not one page: HTML by its parsed elements and attributes, the
other exports by their link fields, and every file for the secret.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO, build, copy_root
from helpers import article, page, text, warnings
from importer import bibtex_import, schedule_import
from importer.entryfile import Entry, read, write

SECRET = "SECRET-TOKEN-4711"
SAFE_SCHEMES = ("http:", "https:", "mailto:")
VENDORED = ("_static/", "_sources/")  # Sphinx's and furo's own files; the sources as text


@pytest.fixture(scope="module")
def hostile(rootdir, tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return build(copy_root(rootdir, "hostile", base))


REFUSED = [
    "refs.bib:5: WARNING: url: link 'javascript:alert(document.domain)' of the record 'hostile2024' is not an "
    "http(s) URL; it is not linked or exported [scholar.unsafe]",
    "refs.bib:6: WARNING: verifiedurl: link 'vbscript:msgbox(1)' of the record 'hostile2024' is not an http(s) "
    "URL; it is not linked or exported [scholar.unsafe]",
    "refs.bib:9: WARNING: publishedurl: link 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' of the "
    "record 'hostile2024' is not an http(s) URL; it is not linked or exported [scholar.unsafe]",
    "refs.bib:17: WARNING: url: link 'java\\tscript:alert(2)' of the record 'tabbed2024' is not an http(s) URL; "
    "it is not linked or exported [scholar.unsafe]",
    "talks/ev/include-abstract.md:8: WARNING: the directive 'include' is not allowed in the site's pages; it is "
    "not run (allowed: scholar_allowed_directives in conf.py) [scholar.unsafe]",
    "talks/ev/include-abstract.md:13: WARNING: the directive 'literalinclude' is not allowed in the site's pages; "
    "it is not run (allowed: scholar_allowed_directives in conf.py) [scholar.unsafe]",
    "talks/ev/absolute-include.md:6: WARNING: the directive 'include' is not allowed in the site's pages; it is "
    "not run (allowed: scholar_allowed_directives in conf.py) [scholar.unsafe]",
    "talks/ev/early-close.md:10: WARNING: talk: text after the talk that starts at line 1: a fence inside its "
    "body closed it early? Open the entry with more backticks than any fence inside it (````{talk} ... ````); "
    "the text after it is not part of the entry [scholar.fence]",
    "talks/ev/early-close.md:12: WARNING: the directive 'eval-rst' is not allowed in the site's pages; it is not "
    "run [scholar.unsafe]",
    "talks/ev/early-close.md:18: WARNING: raw HTML is not allowed in the site's pages; it is shown as text "
    "[scholar.unsafe]",
    "talks/ev/early-close.md:20: WARNING: raw HTML is not allowed in the site's pages; it is shown as text "
    "[scholar.unsafe]",
    "talks/ev/roles.md:6: WARNING: the role 'download' is not allowed in the site's pages; its text is shown as "
    "it is (allowed: scholar_allowed_roles in conf.py) [scholar.unsafe]",
    "talks/ev/roles.md:6: WARNING: math with \\href is not allowed (MathJax would make a link, a style or load "
    "code from it); it is shown as text [scholar.unsafe]",
    "talks/ev/roles.md:6: WARNING: math with \\style is not allowed (MathJax would make a link, a style or load "
    "code from it); it is shown as text [scholar.unsafe]",
    "talks/ev/roles.md:11: WARNING: image '../../../secret.txt' is not a file of the site's sources or an "
    "http(s) URL, or is an SVG with scripts; it is left out [scholar.unsafe]",
    "talks/ev/roles.md:13: WARNING: the directive 'raw' is not allowed in the site's pages; it is not run "
    "(allowed: scholar_allowed_directives in conf.py) [scholar.unsafe]",
    "talks/ev/roles.md:17: WARNING: the directive 'csv-table' is not allowed in the site's pages; it is not run "
    "(allowed: scholar_allowed_directives in conf.py) [scholar.unsafe]",
    "talks/ev/roles.md:20: WARNING: talk: text after the talk that starts at line 1: a fence inside its body "
    "closed it early? Open the entry with more backticks than any fence inside it (````{talk} ... ````); the "
    "text after it is not part of the entry [scholar.fence]",
    "talks/ev/files.md:6: WARNING: download 'page.html' is not a file of the site's sources, or is one a browser "
    "would run (HTML, SVG, JavaScript); it is not published [scholar.unsafe]",
    "talks/ev/files.md:6: WARNING: image 'evil.svg' is not a file of the site's sources or an http(s) URL, or is "
    "an SVG with scripts; it is left out [scholar.unsafe]",
    "talks/ev/index.md:5: WARNING: event: link 'vbscript:msgbox(1)' is not an http(s) URL [scholar.invalid]",
    "guides/prose.md:6: WARNING: raw HTML is not allowed in the site's pages; it is shown as text [scholar.unsafe]",
]


@pytest.mark.parametrize("expected", REFUSED)
def test_each_attack_is_refused_with_file_and_line(hostile, expected):
    assert expected in warnings(hostile)


def test_raw_html_and_links_in_one_paragraph_each_get_a_warning(hostile):
    reported = warnings(hostile)
    raw = "raw HTML is not allowed in the site's pages; it is shown as text [scholar.unsafe]"
    assert reported.count(f"talks/ev/roles.md:6: WARNING: {raw}") == 4  # <script>, </script>, twice
    assert reported.count(f"guides/prose.md:3: WARNING: {raw}") == 2
    assert "Traceback" not in hostile.warning.getvalue() + hostile.status.getvalue()


def published_files(app) -> list[Path]:
    out = Path(app.outdir)
    return [path for path in sorted(out.rglob("*")) if path.is_file()
            and not path.relative_to(out).as_posix().startswith(VENDORED)]


def test_no_file_of_the_build_machine_is_published(hostile):
    srcdir = str(Path(hostile.srcdir).resolve())
    for path in [*published_files(hostile), *Path(hostile.outdir, "_sources").rglob("*")]:
        if path.is_file():
            content = path.read_bytes()
            assert SECRET.encode() not in content, path
            assert b"root:x:0:0" not in content, path
            assert srcdir.encode() not in content, path  # docutils' error text carries the build's path
    downloads = [p.name for p in Path(hostile.outdir, "_downloads").rglob("*") if p.is_file()]
    assert "page.html" not in downloads and "secret.txt" not in downloads
    images = [p.name for p in Path(hostile.outdir, "_images").rglob("*") if p.is_file()]
    assert images == ["plain.svg"]  # the SVG without a script is an image like any other


def unsafe_url(value: str) -> bool:
    value = re.sub(r"[\x00-\x20]", "", value).lower()
    return ":" in value.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0] and not value.startswith(SAFE_SCHEMES)


def test_no_page_runs_a_script_or_links_an_unsafe_scheme(hostile):
    for path in published_files(hostile):
        if path.suffix != ".html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            assert element.name not in ("iframe", "object", "embed", "frame"), path
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (path, element.name, name)
                if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "poster"):
                    assert not unsafe_url(str(value)), (path, element.name, value)
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not unsafe_url(script["src"]) and "//" not in script["src"], (path, script["src"])
                continue
            if script.get("type") == "application/ld+json":
                assert "<" not in script.get_text(), path  # data, with its text escaped inside the JSON
            else:
                assert "alert(" not in script.get_text(), path


def urls_in_json(value, key=""):
    if isinstance(value, dict):
        for name, item in value.items():
            yield from urls_in_json(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in_json(item, key)
    elif isinstance(value, str) and key.lower() in ("url", "@id", "sameas", "homepage", "href", "doi"):
        yield value


def test_no_export_carries_an_unsafe_link(hostile):
    for path in published_files(hostile):
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            assert not [url for url in urls_in_json(json.loads(content)) if unsafe_url(url)], path
            assert "<script" not in content, path  # escaped, so no page that inlines it runs it
        elif path.suffix in (".atom", ".xml"):
            assert not [url for url in re.findall(r'(?:href|src)="([^"]*)"', content) if unsafe_url(url)], path
        elif path.suffix == ".ics":
            assert not [line for line in content.splitlines() if line.startswith("URL") and unsafe_url(line[4:])]
        elif path.suffix == ".bib":
            fields = re.findall(r"^\s*(?:url|howpublished)\s*=\s*[{\"](.*)[}\"],?$", content, re.M | re.I)
            assert not [value for value in fields if unsafe_url(value)], path


def test_refused_content_is_shown_as_text(hostile):
    body = text(article(hostile, "talks/ev/roles"))
    assert "the password file <../../../secret.txt>" in body  # the role's text, not the file
    assert r"\href{javascript:alert(6)}{x}" in body
    assert "inline <script> alert(“inline”) </script>" in body  # one literal per HTML tag; quotes made curly
    prose = text(article(hostile, "guides/prose"))
    assert '<div onmouseover="alert(\'div\')">hover</div>' in prose
    assert page(hostile, "papers/hostile2024").find("a", string=re.compile("the paper")) is None


def test_a_no_op_rebuild_reports_every_refusal_again(hostile):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    again = SphinxTestApp("html", srcdir=hostile.srcdir, status=StringIO(), warning=StringIO(),
                          confoverrides={"nitpicky": True})
    try:
        again.build()
    finally:
        again.cleanup()
    unsafe = {line for line in warnings(hostile) if "[scholar.unsafe]" in line}
    assert unsafe and unsafe <= set(warnings(again))


def test_the_real_site_publishes_no_raw_html_of_its_own():
    """The safety checks do not flag what the site's own pages hold (they build with -W)."""
    sources = [p for p in REPO.glob("**/*.md") if not p.relative_to(REPO).parts[0].startswith((".", "_", "tests"))]
    assert not [p for p in sources if re.search(r"^\s*<(?!!--)", p.read_text(encoding="utf-8"), re.M)]


# -- the importers ------------------------------------------------------------------------------

FIELD = st.text()
MARKUP = st.lists(st.sampled_from(
    list("`~:{}[]()<>$#*_-+=%&|\\!\"'\n \t1.ax") + ["\u2028", "\x00", "\x85", "```", ":::", "{include}",
                                                    "{eval-rst}", "<script>", "javascript:", "&amp;", "$x$",
                                                    "\n\n", "\n:name: x\n", "https://example.org/a."]),
    max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=st.one_of(FIELD, MARKUP), speaker=st.one_of(FIELD, MARKUP), body=st.one_of(FIELD, MARKUP),
       markdown=st.booleans())
@example(title="", speaker="", body="```0`", markdown=True)  # a Markdown body line that opens like a fence
def test_any_field_is_written_as_data_and_reads_back_the_same(title, speaker, body, markdown):
    entry = Entry("talk", title, (("event", "ev"), ("speakers", speaker)), body, markdown)
    written = write([entry])
    [back] = read(written)
    expected = entry.normalized().as_read()
    assert back == expected or (markdown and back == Entry("talk", expected.argument, expected.options,
                                                           entry.normalized().body))
    # Whatever the fields hold, the file has one directive and no line a field started.
    assert len(read(written)) == 1
    assert [line for line in written.splitlines() if re.match(r"^(`{3,}|~{3,}|:{3,})", line)] == [
        written.splitlines()[0], written.splitlines()[-1]]


SCHEDULE = {"schedule": {"conference": {"title": "Hostile Conference", "time_zone_name": "Europe/Zagreb",
                                        "url": "javascript:alert(1)", "days": [{"rooms": {"A": [
    {"title": "A title\n```\n\n<script>alert(document.domain)</script>", "date": "2025-05-01T10:00:00+02:00",
     "duration": "00:30", "persons": [{"public_name": "Ada Lovelace\n:speakers: Mallory"}],
     "abstract": ":::{include} /etc/passwd\n:::\n\n```{eval-rst}\n.. raw:: html\n\n   <script>x</script>\n```"},
]}}]}}}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_site(rootdir, tmp_path):
    return copy_root(rootdir, "basic", tmp_path / "repo")


def test_an_imported_schedule_is_data_in_the_built_site(small_site, tmp_path, capsys):
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(SCHEDULE), encoding="utf-8")
    assert schedule_import.main([str(schedule), "--event", "hostile-2025", "--root", str(small_site),
                                 "--themes", "diffusion"]) == 0
    assert "not an http(s) URL; it is left out" in capsys.readouterr().out
    [talk_file] = [p for p in (small_site / "talks" / "hostile-2025").glob("*.md") if p.name != "index.md"]
    [entry] = read(talk_file.read_text(encoding="utf-8"))
    assert entry.argument == "A title ``` <script>alert(document.domain)</script>"
    assert dict(entry.options)["speakers"] == "Ada Lovelace :speakers: Mallory"
    assert entry.body.startswith(":::{include} /etc/passwd :::")
    app = build(small_site)
    assert not [w for w in warnings(app) if "scholar.unsafe" in w]  # nothing for the build to refuse
    soup = page(app, f"talks/hostile-2025/{talk_file.stem}")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text() and s.get("type") != "application/ld+json"]
    assert "<script>alert(document.domain)</script>" in text(article(app, f"talks/hostile-2025/{talk_file.stem}"))


@pytest.mark.parametrize("event", ["../../etc", "/tmp/x", "Tokyo 2027", "a/b", ".."])
def test_an_event_id_that_leaves_the_folder_is_refused_and_nothing_written(small_site, tmp_path, capsys, event):
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps(SCHEDULE), encoding="utf-8")
    before, outside = files_of(small_site), files_of(tmp_path)
    assert schedule_import.main([str(schedule), "--event", event, "--root", str(small_site)]) == 2
    assert "--event: malformed id" in capsys.readouterr().err
    assert files_of(small_site) == before and files_of(tmp_path) == outside


def test_a_failing_import_leaves_the_repository_as_it_was(small_site, tmp_path, capsys):
    # Two talks whose ids cannot be made unique (same speaker, same title twice over).
    same = dict(SCHEDULE["schedule"]["conference"]["days"][0]["rooms"]["A"][0], title="Same", persons=[])
    data = json.loads(json.dumps(SCHEDULE))
    data["schedule"]["conference"]["days"][0]["rooms"]["A"] = [same, same]
    schedule = tmp_path / "fails.json"
    schedule.write_text(json.dumps(data), encoding="utf-8")
    before = files_of(small_site)
    assert schedule_import.main([str(schedule), "--event", "fails-2025", "--root", str(small_site)]) == 2
    assert "nothing imported" in capsys.readouterr().err
    assert files_of(small_site) == before


def test_xml_entities_are_refused(small_site, tmp_path, capsys):
    schedule = tmp_path / "schedule.xml"
    schedule.write_text('<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        "<schedule><conference><title>&x;</title></conference></schedule>", encoding="utf-8")
    before = files_of(small_site)
    assert schedule_import.main([str(schedule), "--event", "xml-2025", "--root", str(small_site),
                                 "--timezone", "UTC"]) == 2
    assert "declares entities" in capsys.readouterr().err
    assert files_of(small_site) == before


HOSTILE_BIB = r"""
@article{../../outside,
  title = {Escaping the folder},
  author = {Mallory Hacker},
  year = {2024},
  url = {javascript:alert(1)},
  abstract = {Below the abstract :::{include} /etc/passwd ::: and <script>alert(2)</script>.},
}

@article{DBLP:conf/icml/Hacker24,
  title = {A key with a colon and slashes},
  author = {Mallory Hacker},
  year = {2024},
}
"""


def test_a_bibtex_key_that_is_a_path_becomes_a_key_and_nothing_leaves_the_folder(small_site, tmp_path, capsys):
    (small_site / "editors.bib").write_text("", encoding="utf-8")
    library = tmp_path / "library.bib"
    library.write_text(HOSTILE_BIB, encoding="utf-8")
    outside = {p for p in tmp_path.rglob("*") if small_site not in p.parents and p != small_site}
    assert bibtex_import.main([str(library), "--root", str(small_site), "--themes", "diffusion"]) == 0
    report = capsys.readouterr().out
    assert "../../outside: not a key the site can use as a page name; imported as 'outside'" in report
    assert "imported as 'DBLP-conf-icml-Hacker24'" in report
    assert "the url 'javascript:alert(1)' is not an http(s) URL; it is left out" in report
    assert {p for p in tmp_path.rglob("*") if small_site not in p.parents and p != small_site} == outside
    assert (small_site / "papers" / "outside.md").is_file()
    bib = (small_site / "editors.bib").read_text(encoding="utf-8")
    assert "ids = {../../outside}" in bib and "javascript" not in bib
    [entry] = read((small_site / "papers" / "outside.md").read_text(encoding="utf-8"))
    assert ":::{include} /etc/passwd :::" in entry.body and "<script>alert(2)</script>" in entry.body


def test_the_import_commands_run_as_the_readme_writes_them(tmp_path):
    """``python tools/import_schedule.py`` from the virtualenv, with no path set by hand."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "import_schedule.py"), "--help"],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0 and "--event" in result.stdout
