"""Any sequence of editors' actions, in any order, gives the site a clean build gives.

A Hypothesis state machine edits a small site the way an editor does (adds, edits,
renames and deletes talks, papers, people, aliases, themes and guides; changes the
navigation; edits a refs.bib record; makes a mistake and fixes it) and after every step
builds it incrementally, then checks: no traceback, every warning names its file and
line, and the output equals a clean build of the same sources. Bounded to fit CI.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conftest import REPO, build
from helpers import warnings
from test_incremental import assert_same_site

ROOT = REPO / "tests" / "roots" / "test-basic"
WORDS = st.sampled_from(["kernels", "scaling", "diffusion", "attention", "symmetry", "noise", "depth"])
# A warning names its file and line (Sphinx's own "not in any toctree" names only the file).
LOCATED = re.compile(r"^\S[^:]*:\d+: WARNING: |^\S[^:]*: WARNING: document isn't included in any toctree")

TALK = """```{{talk}} {title}
:event: ev2024
:speakers: {speaker}
:date: {date}
:start: {start}
:themes: {themes}

{abstract}
```
"""
PAPER = "```{{paper}} {key}\n:themes: diffusion\n\nAn abstract about {word}.\n```\n"
RECORD = "\n@misc{{{key},\n  title = {{{{A Paper on {word}}}}},\n  author = {{Joan Bruna}},\n  year = {{2023}},\n}}\n"


class EditorActions(RuleBasedStateMachine):
    """One editor's session on a copy of the small test site."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.talks: list[str] = []
        self.papers: list[str] = []
        self.broken: list[str] = []
        self.guides: list[str] = []

    @initialize()
    def copy_site(self) -> None:
        base = Path(self._tmp)
        self.root = base / f"site-{id(self)}"
        shutil.copytree(ROOT, self.root)
        self.talks = ["lee-causal", "lee-second", "bruna-tbd"]
        build(self.root)

    def path(self, talk: str) -> Path:
        return self.root / "talks/ev2024" / f"{talk}.md"

    def new_name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}-{self.count}"

    # -- talks ---------------------------------------------------------------------------

    @rule(word=WORDS, speaker=st.sampled_from(["Joan Bruna", "Jason Lee", "A New Speaker", "Alberto Bietti"]),
          day=st.sampled_from(["2024-09-30", "2024-10-01"]), hour=st.integers(min_value=11, max_value=18))
    def add_talk(self, word: str, speaker: str, day: str, hour: int) -> None:
        talk = self.new_name("talk")
        self.path(talk).write_text(TALK.format(title=f"A talk on {word}", speaker=speaker, date=day,
                                               start=f"{hour:02d}:{self.count % 6 * 10:02d}",
                                               themes="transformers", abstract=f"About {word}."))
        self.talks.append(talk)

    @precondition(lambda self: self.talks)
    @rule(data=st.data(), word=WORDS)
    def edit_abstract(self, data: st.DataObject, word: str) -> None:
        talk = data.draw(st.sampled_from(self.talks))
        path = self.path(talk)
        text = path.read_text()
        path.write_text(text[:text.rindex("```")].rstrip() + f"\n\nMore about {word}.\n```\n")

    @precondition(lambda self: self.talks)
    @rule(data=st.data(), themes=st.sampled_from(["diffusion", "transformers", "diffusion, transformers"]))
    def change_themes(self, data: st.DataObject, themes: str) -> None:
        talk = data.draw(st.sampled_from(self.talks))
        path = self.path(talk)
        path.write_text(re.sub(r":themes: .*", f":themes: {themes}", path.read_text()))

    @precondition(lambda self: len(self.talks) > 1)
    @rule(data=st.data())
    def delete_talk(self, data: st.DataObject) -> None:
        talk = data.draw(st.sampled_from(self.talks))
        self.path(talk).unlink()
        self.talks.remove(talk)
        self.broken = [name for name in self.broken if name != talk]

    @precondition(lambda self: self.talks)
    @rule(data=st.data())
    def rename_talk(self, data: st.DataObject) -> None:
        talk = data.draw(st.sampled_from(self.talks))
        new = self.new_name("renamed")
        self.path(talk).rename(self.path(new))
        self.talks[self.talks.index(talk)] = new
        self.broken = [new if name == talk else name for name in self.broken]

    # -- mistakes and their fixes ---------------------------------------------------------

    @precondition(lambda self: self.talks)
    @rule(data=st.data())
    def make_a_mistake(self, data: st.DataObject) -> None:
        talk = data.draw(st.sampled_from(self.talks))
        path = self.path(talk)
        path.write_text(path.read_text().replace(":event: ev2024", ":event: ev2024\n:colour: blue", 1))
        self.broken.append(talk)

    @precondition(lambda self: self.broken)
    @rule()
    def fix_the_mistakes(self) -> None:
        for talk in self.broken:
            path = self.path(talk)
            path.write_text(path.read_text().replace(":colour: blue\n", ""))
        self.broken = []

    # -- papers, refs.bib, people, themes, navigation --------------------------------------

    @rule(word=WORDS)
    def add_paper(self, word: str) -> None:
        key = self.new_name("paper").replace("-", "")
        with (self.root / "refs.bib").open("a") as bib:
            bib.write(RECORD.format(key=key, word=word))
        (self.root / f"papers/{key}.md").write_text(PAPER.format(key=key, word=word))
        self.papers.append(key)

    @precondition(lambda self: self.papers)
    @rule(data=st.data(), word=WORDS)
    def edit_a_record(self, data: st.DataObject, word: str) -> None:
        key = data.draw(st.sampled_from(self.papers))
        bib = self.root / "refs.bib"
        bib.write_text(re.sub(rf"(@misc{{{key},\n  title = {{{{A Paper on )\w+", rf"\g<1>{word}", bib.read_text()))

    @precondition(lambda self: self.papers)
    @rule(data=st.data())
    def delete_paper(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(self.papers))
        (self.root / f"papers/{key}.md").unlink()
        self.papers.remove(key)

    @rule(name=st.sampled_from(["Hana Sato", "Ada Lovelace"]))
    def add_person(self, name: str) -> None:
        people = self.root / "people.yaml"
        person_id = name.lower().replace(" ", "-")
        if f"{person_id}:" not in people.read_text():
            people.write_text(people.read_text() + f"{person_id}:\n  name: {name}\n  affiliation: Somewhere\n")

    @rule()
    def add_an_alias(self) -> None:
        people = self.root / "people.yaml"
        people.write_text(people.read_text().replace("aliases: [Jason Lee]", "aliases: [Jason Lee, J. D. Lee]"))

    @rule(title=st.sampled_from(["Diffusion models", "Generative diffusion", "Score-based models"]))
    def retitle_a_theme(self, title: str) -> None:
        themes = self.root / "themes.yaml"
        themes.write_text(re.sub(r"(diffusion:\n  title: ).*", rf"\g<1>{title}", themes.read_text()))

    @precondition(lambda self: "transformers" not in self.guides)
    @rule()
    def add_a_guide_to_the_navigation(self) -> None:
        (self.root / "guides/transformers.md").write_text("# Transformers guide\n\n```{theme} transformers\n```\n")
        index = self.root / "index.md"
        index.write_text(index.read_text().replace("guides/diffusion\n", "guides/diffusion\nguides/transformers\n"))
        self.guides.append("transformers")

    @precondition(lambda self: "transformers" in self.guides)
    @rule()
    def remove_the_guide(self) -> None:
        (self.root / "guides/transformers.md").unlink()
        index = self.root / "index.md"
        index.write_text(index.read_text().replace("guides/transformers\n", ""))
        self.guides.remove("transformers")

    # -- after every step -------------------------------------------------------------------

    @invariant()
    def incremental_build_equals_a_clean_build(self) -> None:
        if not hasattr(self, "root"):
            return
        incremental = build(self.root)
        output = incremental.warning.getvalue() + incremental.status.getvalue()
        assert "Traceback" not in output and "Exception occurred" not in output
        for line in warnings(incremental):
            assert LOCATED.match(line.removeprefix("checking consistency... ")), line
        clean_root = self.root.parent / f"clean-{self.count}-{len(list(self.root.parent.iterdir()))}"
        shutil.copytree(self.root, clean_root, ignore=shutil.ignore_patterns("_build"))
        clean = build(clean_root)
        assert_same_site(incremental, clean)
        shutil.rmtree(clean_root)


@pytest.mark.parametrize("editor", [1, 2])
def test_any_sequence_of_edits_gives_the_site_of_a_clean_build(tmp_path, editor):
    """Two editors, each with their own fixed seed, so that the sequences are reproducible and
    the two halves of the work run on two workers."""
    EditorActions._tmp = str(tmp_path)  # type: ignore[attr-defined]
    run_state_machine_as_test(seed(editor)(EditorActions), settings=settings(
        max_examples=5, stateful_step_count=8, deadline=None, database=None, derandomize=False,
        phases=[Phase.explicit, Phase.generate],  # a failing sequence is printed unshrunk: shrinking takes minutes
        suppress_health_check=list(HealthCheck)))
