"""Incremental and parallel builds give exactly the site a clean serial build gives."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NO_MATHJAX, REPO, build, copy_root
from helpers import status

EXT = REPO / "_ext"

# Files Sphinx itself writes differently on an incremental build: the build-info hash.
NOT_COMPARED = {".buildinfo"}


def output_files(app) -> dict[str, bytes]:
    return output_files_in(Path(app.outdir))


def output_files_in(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name not in NOT_COMPARED
    }


def clean_build_of(srcdir: Path, tmp_path: Path, **kwargs):
    """A clean build of a copy of ``srcdir``'s sources, generated pages included."""
    copy = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(srcdir, copy, ignore=shutil.ignore_patterns("_build"))
    return build(copy, **kwargs)


def same_files(left: dict[str, bytes], right: dict[str, bytes]) -> list[str]:
    """The files that differ, or that only one of the two outputs has."""
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def assert_same_site(incremental, clean) -> None:
    assert same_files(output_files(incremental), output_files(clean)) == []


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


NEW_TALK = """```{talk} A Talk Added Later
:event: ev2024
:speakers: Alberto Bietti
:date: 2024-10-01
:start: 10:00
:themes: transformers
:papers: bruna2022single (presents it)

Added.
```
"""


@pytest.fixture
def srcdir(rootdir, tmp_path):
    return copy_root(rootdir, "basic", tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each kind of edit an editor makes, in the order of an editor's day.
EDITS = [
    ("edit an abstract", lambda src: edit(src / "talks/ev2024/lee-causal.md", "We prove that", "We show that")),
    ("change a theme", lambda src: edit(src / "talks/ev2024/lee-causal.md", ":themes: transformers",
                                        ":themes: transformers, diffusion")),
    ("add a talk", lambda src: write(src / "talks/ev2024/bietti-added.md", NEW_TALK)),
    ("delete a paper", lambda src: (src / "papers/count2020only.md").unlink()),
    ("change a refs.bib record", lambda src: edit(src / "refs.bib", "Learning Single-Index Models",
                                                  "Learning single-index models")),
    ("change a person's affiliation", lambda src: edit(src / "people.yaml", "affiliation: New York University",
                                                       "affiliation: Courant Institute")),
    ("give a person an alias", lambda src: edit(src / "people.yaml", "aliases: [Jason Lee]",
                                                "aliases: [Jason Lee, J. D. Lee]")),
    ("delete a paper talks present", lambda src: (src / "papers/bruna2022single.md").unlink()),
]


def test_incremental_builds_after_each_kind_of_edit_equal_clean_builds(srcdir, tmp_path):
    build(srcdir)
    for what, change in EDITS:
        change(srcdir)
        try:
            assert_same_site(build(srcdir), clean_build_of(srcdir, tmp_path))
        except AssertionError as error:
            raise AssertionError(f"after '{what}': {error}") from None


def test_theme_change_moves_the_talk_between_theme_pages(srcdir):
    build(srcdir)
    talk = srcdir / "talks/ev2024/lee-causal.md"
    talk.write_text(talk.read_text().replace(":themes: transformers", ":themes: diffusion"))
    app = build(srcdir)
    transformers = (Path(app.outdir) / "themes/transformers.html").read_text()
    diffusion = (Path(app.outdir) / "guides/diffusion.html").read_text()
    assert "How Transformers Learn Causal Structure" not in transformers
    assert "How Transformers Learn Causal Structure" in diffusion


def test_registry_and_bib_changes_reach_every_page(srcdir, tmp_path):
    build(srcdir)
    people = srcdir / "people.yaml"
    people.write_text(people.read_text().replace("affiliation: New York University", "affiliation: Courant Institute"))
    people.write_text(people.read_text() + "alberto:\n  name: Alberto B.\n")
    assert_same_site(build(srcdir), clean_build_of(srcdir, tmp_path))

    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("Learning Single-Index Models", "Learning Single Index Models"))
    app = build(srcdir)
    assert "Learning Single Index Models" in (Path(app.outdir) / "talks/ev2024/lee-causal.html").read_text()
    assert_same_site(app, clean_build_of(srcdir, tmp_path))


def test_a_retitled_theme_reaches_the_feeds(srcdir, tmp_path):
    build(srcdir)
    themes = srcdir / "themes.yaml"
    themes.write_text(themes.read_text().replace("title: Diffusion models", "title: Score-based models"))
    app = build(srcdir)
    assert 'label="Score-based models"' in (Path(app.outdir) / "feeds/all.atom").read_text()
    assert_same_site(app, clean_build_of(srcdir, tmp_path))


def test_noop_rebuild_reads_and_writes_nothing(srcdir):
    from scholar import memo

    build(srcdir)
    memo.skipped.clear()
    app = build(srcdir)
    output = status(app)
    assert "0 added, 0 changed, 0 removed" in output
    assert "writing output... [" not in output
    # Not even computed: the catalog is the one the exports were made from.
    assert memo.skipped == {"catalog": 1, "bibtex": 1, "calendars": 1, "feeds": 1, "csl": 1}


def test_new_code_remakes_the_exports(srcdir, monkeypatch):
    """Exports made by an older version of the extension are not kept because the sources did not change."""
    from scholar import memo

    app = build(srcdir)
    talks_bib = Path(app.outdir) / "talks.bib"
    made = talks_bib.read_text()
    talks_bib.write_text("% written by an older version\n")
    monkeypatch.setattr(memo, "code_digest", lambda: "e" * 64, raising=False)  # another version
    memo.skipped.clear()
    build(srcdir)
    assert not memo.skipped
    assert talks_bib.read_text() == made


def test_new_code_reads_and_writes_every_page_again(srcdir, monkeypatch):
    """A page written by an older version of the extension is not kept because its source did not change."""
    from scholar import memo

    pages = len(build(srcdir).env.found_docs)
    monkeypatch.setattr(memo, "code_digest", lambda: "f" * 64)
    output = status(build(srcdir))
    assert "build environment version not current" in output
    assert f"{pages} added, 0 changed, 0 removed" in output


def test_editing_one_abstract_remakes_the_exports(srcdir):
    from scholar import memo

    build(srcdir)
    talk = srcdir / "talks/ev2024/lee-second.md"
    talk.write_text(talk.read_text().replace("Second abstract.", "A changed abstract."))
    memo.skipped.clear()
    app = build(srcdir)
    assert not memo.skipped
    assert "A changed abstract." in (Path(app.outdir) / "catalog.json").read_text()


def test_editing_one_abstract_rewrites_only_that_page(srcdir):
    build(srcdir)
    talk = srcdir / "talks/ev2024/lee-second.md"
    talk.write_text(talk.read_text().replace("Second abstract.", "A changed abstract."))
    output = status(build(srcdir))
    assert "0 added, 1 changed, 0 removed" in output
    written = [line.split()[-1] for line in output.splitlines() if line.startswith("writing output... [")]
    assert written == ["talks/ev2024/lee-second"]


def add_talks(srcdir: Path, count: int) -> None:
    """Enough documents that a parallel build really splits the work."""
    for number in range(count):
        write(srcdir / f"talks/ev2024/extra-{number:02d}.md", NEW_TALK.replace(
            "A Talk Added Later", f"Extra Talk {number}").replace("10:00", f"{10 + number % 8:02d}:30"))


def test_parallel_build_equals_serial_build(srcdir, tmp_path):
    add_talks(srcdir, 14)
    serial = clean_build_of(srcdir, tmp_path)
    parallel = clean_build_of(srcdir, tmp_path, parallel=2)
    # Sphinx reports chunks ("a .. b") only when it really reads in parallel.
    assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. ", status(parallel))
    assert_same_site(parallel, serial)


def test_guide_that_stops_citing_loses_its_bib_file(srcdir, tmp_path):
    app = build(srcdir)
    assert (Path(app.outdir) / "guides/diffusion.bib").is_file()
    guide = srcdir / "guides/diffusion.md"
    text = guide.read_text()
    guide.write_text(text[:text.index("Cited here:")])
    app = build(srcdir)
    assert not (Path(app.outdir) / "guides/diffusion.bib").exists()
    assert_same_site(app, clean_build_of(srcdir, tmp_path))


def test_environment_saved_after_a_parallel_read_is_whole(srcdir, tmp_path):
    """Bibliography data lent to reading workers by reference is saved in full.

    The rebuild runs in a new process, as every real build does: a reference to the
    first process's memory would not survive there.
    """
    add_talks(srcdir, 14)
    build(srcdir, parallel=2)
    guide = srcdir / "guides/diffusion.md"
    guide.write_text(guide.read_text().replace("Cited here:", "Cited on this page:"))
    builddir = srcdir / "_build"
    rebuild = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "--no-color", "-d", builddir / "doctrees",
         *(f"-D{name}={value}" for name, value in NO_MATHJAX.items()),  # as build() does
         srcdir, builddir / "html"], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(EXT)})
    assert rebuild.returncode == 0, rebuild.stderr
    assert "0 added, 1 changed, 0 removed" in rebuild.stdout
    assert rebuild.stderr == ""
    clean = clean_build_of(srcdir, tmp_path)
    assert sorted(output_files_in(builddir / "html")) == sorted(output_files(clean))
    assert output_files_in(builddir / "html") == output_files(clean)


def test_a_page_added_to_the_navigation_rewrites_every_sidebar(srcdir, tmp_path):
    build(srcdir)
    write(srcdir / "guides/transformers.md", "# Transformers guide\n\n```{theme} transformers\n```\n")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("guides/diffusion\n", "guides/diffusion\nguides/transformers\n"))
    app = build(srcdir)
    talk = (Path(app.outdir) / "talks/ev2024/lee-causal.html").read_text(encoding="utf-8")
    assert "guides/transformers.html" in talk  # a page whose source did not change, with the new sidebar
    assert_same_site(app, clean_build_of(srcdir, tmp_path))
    assert "writing output... [" not in status(build(srcdir))  # and the next build has nothing left to do


def test_make_html_keeps_build_internals_out_of_the_published_site():
    command = subprocess.run(["make", "-n", "html"], cwd=REPO, capture_output=True, text=True, check=True)
    build_line = next(line for line in command.stdout.splitlines() if "sphinx-build" in line)
    doctrees = build_line.split(" -d ")[1].split()[0]
    output = build_line.split()[-1]
    assert not Path(doctrees).resolve().is_relative_to(Path(output).resolve())


def test_a_configuration_change_leaves_no_build_internals_in_the_output(srcdir):
    build(srcdir)
    app = build(srcdir, html_title="Another title")  # Sphinx notes the mismatch in .buildinfo.bak
    assert not (Path(app.outdir) / ".buildinfo.bak").exists()
    assert (Path(app.outdir) / ".buildinfo").exists()
