"""The seed importer (tools/import_seeds.py) run on the real seeds into a temporary tree.

No Sphinx here: these tests read the generated Markdown, refs.bib (through pybtex) and
people.imported.yaml directly. The listings are parsed with no verified records (``out``),
so each test sees exactly what a listing gives; the verified records are tested apart.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

from importer import cli
from importer.entryfile import markdown_text
from importer.entryfile import read as read_entries
from importer.load import merge_duplicates
from importer.records import Paper
from importer.render import MARKER

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "tools" / "import_seeds.py"
CURATION = REPO / "tools" / "curation.yaml"
SEEDS = cli.DEFAULT_SOURCES


@pytest.fixture(autouse=True, scope="module")
def seeds_present():
    """The importer is tested on the real seeds; without them these tests fail, never skip."""
    assert SEEDS.is_dir(), f"seed listings not found at {SEEDS}: the listings ship in sources/"

ROVINJ = "000_defcf751eea584e2.txt"
UTAUSTIN = "001_6dd1f85b16cc44d6.txt"
TILOS = "002_e5a8963b632db77d.txt"
PUBLIST = "003_ef54b0d1d99c6463.txt"
DAILY = "004_203764438dbd6878.txt"


def run(out: Path, *extra: str) -> int:
    return cli.main(["--out", str(out), *extra])


VERIFIED = REPO / "tools" / "verified.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The listings alone: no record checked against a public page is applied."""
    root = tmp_path_factory.mktemp("import")
    empty = root / "no-verified.yaml"
    empty.write_text("papers: {}\n", encoding="utf-8")
    assert run(root / "site", "--verified", str(empty)) == 0
    return root / "site"


@pytest.fixture(scope="module")
def verified_bib(tmp_path_factory):
    """refs.bib as the repository's importer writes it, with the verified records applied."""
    root = tmp_path_factory.mktemp("verified")
    assert run(root) == 0
    return parse_file(str(root / "refs.bib"), "bibtex").entries


@pytest.fixture(scope="module")
def bib(out):
    return parse_file(str(out / "refs.bib"), "bibtex").entries


@pytest.fixture(scope="module")
def people(out):
    return yaml.safe_load((out / "people.imported.yaml").read_text(encoding="utf-8"))


def options(path: Path) -> dict[str, str]:
    """The options of the first directive in an entry file, as MyST reads them."""
    return dict(read_entries(path.read_text(encoding="utf-8"))[0].options)


def talk_files(out: Path) -> list[Path]:
    return sorted(p for p in out.glob("talks/*/*.md") if p.name != "index.md")


def talk(out: Path, talk_id: str) -> Path:
    return next(out.glob(f"talks/*/{talk_id}.md"))


def paper(out: Path, key: str) -> str:
    return (out / "papers" / f"{key}.md").read_text(encoding="utf-8")


def full_name(person) -> str:
    return " ".join(person.first_names + person.middle_names + person.prelast_names + person.last_names)


# --------------------------------------------------------------------------- counts


def test_talk_counts_per_source(out):
    sources = [options(p)["source"] for p in talk_files(out)]
    assert (sources.count(ROVINJ), sources.count(UTAUSTIN), sources.count(TILOS)) == (24, 14, 16)
    assert len(sources) == 54


def test_three_tbd_talks_have_no_title(out):
    tbd = [p for p in talk_files(out) if options(p).get("status") == "tbd"]
    assert sorted(p.stem for p in tbd) == ["brbic-tbd", "da-silveira-tbd", "flammarion-tbd"]
    for path in tbd:
        assert "```{talk}\n" in path.read_text(encoding="utf-8")  # no title argument
    assert options(talk(out, "da-silveira-tbd"))["speakers"] == "Rava da Silveira (CNRS / ENS / IOB)"


def test_paper_counts_per_source(out, bib):
    sources = [options(p)["source"] for p in out.glob("papers/*.md")]
    assert sources.count(PUBLIST) == 50
    assert sources.count(DAILY) == 36
    assert sources.count(ROVINJ) == 2  # the arXiv ids cited in a Rovinj abstract
    assert len(bib) == len(sources) == 88


def test_a_paper_in_both_lists_becomes_one_entry_with_both_sources():
    first = Paper(sources=[PUBLIST], title="Neural Tangent Kernel", authors=["A B"], year=2018)
    second = Paper(sources=[DAILY], title="Neural tangent kernel.", author_count=3, year=2018)
    notes: list[str] = []
    merged = merge_duplicates([first, second], notes)
    assert merged == [first]
    assert first.sources == [PUBLIST, DAILY] and first.author_count == 3
    assert notes


# --------------------------------------------------------------------------- 003 publication list


def title_of(entry) -> str:
    """The title without the braces that protect its capitals."""
    title = entry.fields["title"]
    assert title.startswith("{") and title.endswith("}"), "titles are brace-protected"
    return title[1:-1]


@pytest.mark.parametrize("key, title, first_author", [
    ("bruna2022neural",
     "Neural Galerkin Schemes with Active Learning for High-Dimensional Evolution Equations",
     "Joan Bruna"),
    ("williams2021neural", "Neural Fields as Learnable Kernels for 3D Reconstruction",
     "Francis Williams"),
    ("brandfonbrener2021offline", "Offline RL Without Off-Policy Evaluation",
     "David Brandfonbrener"),
    ("guth2023conditionally", "Conditionally Strongly Log-Concave Generative Models",
     "Florentin Guth"),
    ("sergeantperthuis2022nonlinear", "On Non-Linear operators for Geometric Deep Learning",
     "Grégoire Sergeant-Perthuis"),
    ("damian2025generative",
     "The Generative Leap: Sharp Sample Complexity for Efficiently Learning Gaussian "
     "Multi-Index Models",
     "Alex Damian"),
    ("brandfonbrener2022returnconditioned",
     "When does return-conditioned supervised learning work for offline reinforcement learning?",
     "David Brandfonbrener"),
])
def test_glued_title_and_authors_are_split(bib, key, title, first_author):
    entry = bib[key]
    assert title_of(entry) == title
    assert full_name(entry.persons["author"][0]) == first_author


def test_et_al_becomes_and_others(bib):
    authors = [full_name(p) for p in bib["bietti2022learning"].persons["author"]]
    assert authors == ["Alberto Bietti", "Joan Bruna", "Clayton Sanford", "others"]
    assert "others" not in [full_name(p) for p in bib["bruna2022neural"].persons["author"]]


def test_arxiv_category_becomes_primaryclass_without_eprint(bib):
    assert bib["otness2023datadriven"].fields["primaryclass"] == "physics.ao-ph"
    assert bib["bietti2023learning"].fields["primaryclass"] == "stat.ML"
    assert "eprint" not in bib["bietti2023learning"].fields


def test_latex_leftovers_are_cleaned_and_math_kept(out):
    for path in list(out.glob("papers/*.md")) + talk_files(out):
        text = path.read_text(encoding="utf-8").replace("```", "")  # the directive fences
        for leftover in (r"\cite", r"\parencite", r"\emph", r"\textbf", r"\textit", r"{\em", "``"):
            assert leftover not in text, (path.name, leftover)
    single = paper(out, "bruna2023single")
    assert "$f(x) = φ( x \\cdot θ^*)$" in single
    assert "building from the framework of [arous2020online]," in single
    assert "[yehudai2020learning, wu2022learning]" in single
    relational = paper(out, "zweig2022exponential")
    assert "Relational Network [santoro2017simple] architecture" in relational
    stability = paper(out, "he2021multifidelity")
    assert "We testify that [london2016stability]'s claim" in stability
    assert "*multi-fidelity stability*" in stability and "**(1)**" in stability
    assert "\u201cEdge of Stability\u201d" in paper(out, "chen2022beyond")
    assert "H\u00f6lder-continuous" in paper(out, "gradientnormalizedsmoothnessoptimization2025")
    assert "Schr\u00f6dinger bridge" in paper(out, "stochasticinterpolantsunifying2023")
    assert "\u201cWho is the mother of the wife of $x$?\u201d" in paper(out, "ravfogelgeometric")
    assert "*dynamical stability*" in paper(out, "implicitregularizationdynamical2023")


def test_code_urls_become_markdown_links(out):
    socm = paper(out, "domingoenrich2023stochastic")
    url = "https://github.com/facebookresearch/SOC-matching"
    assert f"Code at [{url}]({url})" in socm
    bnsl = paper(out, "brokenneuralscaling2023")
    url = "https://github.com/ethancaballero/broken_neural_scaling_laws"
    assert f"Code is available at [{url}]({url})" in bnsl
    nkf = paper(out, "williams2021neural")
    assert "[https://nv-tlabs.github.io/nkf](https://nv-tlabs.github.io/nkf)." in nkf


# --------------------------------------------------------------------------- 004 daily papers


def test_author_count_only(bib, out):
    daily = [p.stem for p in out.glob("papers/*.md") if options(p)["source"] == DAILY]
    assert all("author" not in bib[key].persons for key in daily)
    assert bib["studyinglargelanguage2023"].fields["authorcount"] == "17"
    assert bib["neuralnetworkperturbation2020"].fields["authorcount"] == "2"


def test_upvote_count_is_stripped_from_dates(bib):
    entropy = bib["entropydynamicsreinforcement"].fields  # "Feb 3 7"
    assert (entropy["month"], entropy["day"]) == ("February", "3") and "year" not in entropy
    principles = bib["principlesdiffusionmodels2025"].fields  # "Oct 23, 2025 3"
    assert (principles["year"], principles["month"], principles["day"]) == ("2025", "October", "23")


def test_no_year_is_invented(bib, out):
    yearless = ["bechlerspeicherlost", "glasgowuniformintime", "ravfogelgeometric",
                "liuinfinitely", "emergenttransferphysics", "controllinglonghorizonbehavior",
                "subtleinterplaybetween", "entropydynamicsreinforcement"]
    for key in yearless:
        assert "year" not in bib[key].fields, key
        assert "month" in bib[key].fields and "day" in bib[key].fields, key
    assert not any(":year-inferred:" in p.read_text(encoding="utf-8") for p in out.glob("papers/*.md"))
    # The listing's own date ("Jun 30") is not a paper's date.
    assert not any(e.fields.get("month") == "June" and e.fields.get("day") == "30"
                   and "year" not in e.fields for e in bib.values())


def test_listing_noise_and_organisation_line_are_dropped(out, bib):
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.*"))
    for noise in ("Get trending papers", "Subscribe", "byAK", "Polymathic"):
        assert noise not in everything
    assert set(bib["emergenttransferphysics"].fields) == {"title", "month", "day"}


def test_entry_without_metadata_keeps_title_and_abstract_only(bib, out):
    assert set(bib["dalemeetslangevin"].fields) == {"title"}
    assert "Dale's law" in paper(out, "dalemeetslangevin")


# --------------------------------------------------------------------------- 000 Rovinj


def test_rovinj_end_is_next_item_start(out):
    assert (options(talk(out, "kempe-synthetic-data"))["end"]) == "09:20"
    assert (options(talk(out, "lassas-mapping-properties"))["end"]) == "15:20"  # a coffee break follows
    assert (options(talk(out, "cotterell-formal-perspective"))["end"]) == "17:10"  # "End of the day"
    last = options(talk(out, "shi-spring-block-theory"))
    assert last["date"] == "2024-10-03" and last["start"] == "10:10" and "end" not in last


def test_rovinj_slots(out):
    index = (out / "talks/rovinj-2024/index.md").read_text(encoding="utf-8")
    assert ("```{slot} Opening remarks (Ivan Dokmanić)\n"
            ":date: 2024-09-30\n:start: 08:20\n:end: 08:30\n```") in index
    assert "```{slot} Welcome drink and Reception\n:date: 2024-09-29\n:start: 18:30\n```" in index
    assert index.count("{slot} Coffee/juice break") == 6 and index.count("{slot} Lunch") == 3
    assert "<b>" not in index and "<i>" not in index


def test_rovinj_abstracts_match_talks(out):
    kempe = talk(out, "kempe-synthetic-data").read_text(encoding="utf-8")
    # The agenda title wins over the abstract section's, which drops the '?'.
    assert "```{talk} Synthetic Data – Friend or Foe in the Age of Scaling?\n" in kempe
    assert "neural **scaling laws**" in kempe
    mallat = options(talk(out, "mallat-approximation-generalisation"))
    assert mallat["speakers"] == "Stéphane Mallat (Collège de France/ENS)"
    # A page break in the PDF split this sentence into two paragraphs.
    flows = talk(out, "vanden-eijnden-generative-modeling").read_text(encoding="utf-8")
    assert "While these methods were first introduced" in flows


def test_arxiv_ids_cited_in_an_abstract(out, bib):
    behrens = talk(out, "behrens-emergent-mechanisms")
    assert options(behrens)["papers"] == ("arxiv2402.03902 (cited in the abstract), "
                                          "arxiv2407.11542 (cited in the abstract)")
    assert "[arxiv:2402.03902](https://arxiv.org/abs/2402.03902)" in behrens.read_text(encoding="utf-8")
    fields = bib["arxiv2402.03902"].fields
    assert dict(fields) == {"eprint": "2402.03902", "archiveprefix": "arXiv"}
    assert "author" not in bib["arxiv2402.03902"].persons


# --------------------------------------------------------------------------- 001 UT Austin


def test_graduate_block_order(out):
    blocks = (["polak-optimization-shallow", "ewald-geometric-interpretations", "zhang-covering-number"],
              ["lai-expressive-strength", "liu-sloppiness-dnn", "agarwal-heat-flows"])
    for ids in blocks:
        opts = [options(talk(out, i)) for i in ids]
        assert [o["order"] for o in opts] == ["1", "2", "3"]
        assert {(o["start"], o["end"]) for o in opts} == {("14:30", "16:00")}


def test_utaustin_times_and_text(out):
    def span(talk_id):
        opts = options(talk(out, talk_id))
        return opts["start"], opts["end"]

    assert span("wald-theoretical-empirical") == ("11:00", "12:00")  # "11:00-12:00pm"
    assert span("grigsby-local-complexity") == ("12:15", "13:00")  # "12:15-1:00pm"
    index = (out / "talks/utaustin-mdl-2025/index.md").read_text(encoding="utf-8")
    assert ("```{slot} Faculty Lunch (GDC 4.202)\n"
            ":date: 2025-02-21\n:start: 13:00\n:end: 14:00\n```") in index
    assert "```{slot} Break for Individual Lunch\n:date: 2025-02-20\n```" in index
    assert options(talk(out, "bruna-posterior-sampling"))["speakers"] == (
        "Joan Bruna (Professor of Computer Science, Data Science and Mathematics at the Courant "
        "Institute and Center for Data Science, New York University)")
    ho = talk(out, "ho-foundation-mixture").read_text(encoding="utf-8")
    assert "wit out" in ho and "i sights" in ho  # the source's typos stay


# --------------------------------------------------------------------------- 002 TILOS


def test_tilos_bios_and_extra_abstract_paragraphs(out, people):
    mazumdar = options(talk(out, "mazumdar-binary-iterative"))
    assert mazumdar["speakers"] == "Arya Mazumdar (TILOS & UC San Diego)"
    assert "date" not in mazumdar and "start" not in mazumdar
    goel = talk(out, "goel-synthetic-tasks").read_text(encoding="utf-8")
    assert "This talk is based on joint work" in goel and "Magerman" not in goel
    assert people["surbhi-goel"]["bio"].startswith("Surbhi Goel is the Magerman")
    kalai = talk(out, "kalai-unlearnable-facts").read_text(encoding="utf-8")
    assert "Of course, LM pretraining" in kalai
    assert "This is joint work with Santosh Vempala." in kalai
    assert people["michael-w-mahoney"]["homepage"] == "https://www.stat.berkeley.edu/~mmahoney/"
    assert "homepage" not in people["surbhi-goel"]


# --------------------------------------------------------------------------- people, themes, links


def test_mahoney_is_one_person(people):
    mahoneys = [pid for pid, p in people.items() if "Mahoney" in p["name"]]
    assert mahoneys == ["michael-w-mahoney"]
    assert people["michael-w-mahoney"]["aliases"] == ["Michael Mahoney"]
    assert people["jason-d-lee"]["aliases"] == ["Jason Lee"]


def test_people_file_holds_what_the_listings_say_beyond_a_name(out, people):
    owner: dict[str, str] = {}
    for pid, person in people.items():
        for name in [person["name"], *person["aliases"]]:
            assert name not in owner, f"{name} names two people"
            owner[name] = pid
        # A bare name needs no record: the site gives everyone an entry names a page.
        assert person["aliases"] or set(person) - {"name", "aliases"}, pid
    speakers_with_affiliation = set()
    for path in talk_files(out):
        for item in options(path)["speakers"].split(";"):
            match = re.fullmatch(r"(.+?)\s*\(([^()]*)\)", item.strip())
            if match:
                speakers_with_affiliation.add(match[1])
    assert "Liangchen (Lewis) Liu" in speakers_with_affiliation
    assert sorted(n for n in speakers_with_affiliation if n not in owner) == []
    assert "Ivan Dokmanić" not in owner  # opening remarks are a slot, not a talk


def test_every_entry_has_one_to_three_valid_themes_except_tbd_talks(out):
    themes = set(yaml.safe_load((REPO / "themes.yaml").read_text(encoding="utf-8")))
    entries = talk_files(out) + list(out.glob("papers/*.md"))
    assert len(entries) == 54 + 88
    for path in entries:
        if options(path).get("status") == "tbd":
            assert "themes" not in options(path), path.name  # no title, no abstract: no guess
            continue
        ids = [t.strip() for t in options(path)["themes"].split(",")]
        assert 1 <= len(ids) <= 3 and set(ids) <= themes, path.name


def test_curated_links_carry_reasons(out):
    bruna = options(talk(out, "bruna-posterior-sampling"))["papers"]
    assert bruna == "bruna2024posterior (same title as the talk and the speaker is the first author)"
    assert options(talk(out, "polak-optimization-shallow"))["papers"].startswith("arjevani2025geometry (")
    # Nothing else is linked: a wrong link is worse than a missing one. A talk is linked when
    # its abstract cites an arXiv id (behrens-emergent-mechanisms) or curation.yaml links it.
    curated = set(yaml.safe_load((REPO / "tools" / "curation.yaml").read_text(encoding="utf-8"))["links"])
    linked = {p.stem for p in talk_files(out) if "papers" in options(p)}
    assert linked == curated | {"behrens-emergent-mechanisms"}


def test_raw_html_is_escaped_and_math_left_alone():
    assert markdown_text("a <script>x</script> $a<b$", math=True) == r"a \<script\>x\</script\> $a<b$"


# --------------------------------------------------------------------------- re-running


def test_output_is_byte_identical_across_runs(out, tmp_path, capsys):
    assert run(tmp_path, "--verified", str(out.parent / "no-verified.yaml")) == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second
    capsys.readouterr()
    assert run(tmp_path, "--verified", str(out.parent / "no-verified.yaml")) == 0
    assert "0 written or removed" in capsys.readouterr().out


def test_check_passes_on_the_committed_files():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_detects_drift_and_stale_files(tmp_path, capsys):
    assert run(tmp_path) == 0
    assert run(tmp_path, "--check") == 0
    edited = tmp_path / "papers/bruna2022neural.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nextra\n", encoding="utf-8")
    (tmp_path / "papers/bruna2024posterior.md").unlink()
    stale = tmp_path / "papers/obsolete2020paper.md"
    stale.write_text(f"<!-- {MARKER} from nowhere -->\n", encoding="utf-8")
    capsys.readouterr()
    assert run(tmp_path, "--check") == 1
    report = capsys.readouterr().out
    assert "differs: papers/bruna2022neural.md" in report
    assert "missing: papers/bruna2024posterior.md" in report
    assert "stale: papers/obsolete2020paper.md" in report
    assert run(tmp_path) == 0
    assert not stale.exists()
    assert run(tmp_path, "--check") == 0


def test_hand_owned_file_is_left_alone(tmp_path, capsys):
    assert run(tmp_path) == 0
    path = talk(tmp_path, "kempe-synthetic-data")
    owned = path.read_text(encoding="utf-8").split("\n", 1)[1].replace("New York University", "NYU")
    path.write_text(owned, encoding="utf-8")
    capsys.readouterr()
    assert run(tmp_path) == 0
    assert path.read_text(encoding="utf-8") == owned
    assert "kempe-synthetic-data.md is hand-owned" in capsys.readouterr().out
    assert run(tmp_path, "--check") == 0


# --------------------------------------------------------------------------- curation rules


def curated(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(CURATION.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "curation.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_lookalike_names_must_be_merged_or_declared_distinct(tmp_path, capsys):
    def drop_mahoney(data):
        merges = data["people"]["merge"]
        data["people"]["merge"] = [m for m in merges if m["name"] != "Michael W. Mahoney"]

    assert run(tmp_path / "out", "--curation", str(curated(tmp_path, drop_mahoney))) == 2
    assert "look alike" in capsys.readouterr().err


def test_every_entry_needs_curated_themes(tmp_path, capsys):
    def drop_theme(data):
        del data["themes"]["kempe-synthetic-data"]

    assert run(tmp_path / "out", "--curation", str(curated(tmp_path, drop_theme))) == 2
    assert "kempe-synthetic-data" in capsys.readouterr().err


def test_corrections_apply_and_must_match(tmp_path, capsys, bib):
    def correct(data):
        data["corrections"] = {"papers": {"Survey on Algorithms for multi-index models": {
            "set": {"title": "Survey on Algorithms for Multi-Index Models"}, "reason": "test"}}}
        data["people"]["set"] = {
            "Michael W. Mahoney": {"affiliation": "LBNL and UC Berkeley", "reason": "test"}}

    assert run(tmp_path / "out", "--curation", str(curated(tmp_path, correct))) == 0
    fixed = parse_file(str(tmp_path / "out/refs.bib"), "bibtex").entries["bruna2025survey"]
    assert title_of(fixed) == "Survey on Algorithms for Multi-Index Models"
    people = yaml.safe_load((tmp_path / "out/people.imported.yaml").read_text(encoding="utf-8"))
    assert people["michael-w-mahoney"]["affiliation"] == "LBNL and UC Berkeley"

    def dangling(data):
        data["corrections"] = {"papers": {"No Such Paper": {"set": {"title": "x"}, "reason": "test"}}}

    assert run(tmp_path / "out2", "--curation", str(curated(tmp_path, dangling))) == 2
    assert "matches 0 entries" in capsys.readouterr().err


# --------------------------------------------------------------------------- verified records


def test_verified_record_adds_the_arxiv_id_and_says_what_was_checked(verified_bib):
    fields = verified_bib["amsel2024benefits"].fields
    assert (fields["eprint"], fields["archiveprefix"]) == ("2407.16153", "arXiv")
    assert fields["verifiedurl"].startswith("https://")
    assert "v1 date 2024-07-23" in fields["verifiedchecks"]
    assert fields["addedfields"] == "eprint"  # the listing's authors were complete already


def test_truncated_author_list_is_completed_and_the_listing_kept(bib, verified_bib):
    listed = [full_name(p) for p in bib["arjevani2021symmetry"].persons["author"]]
    assert listed == ["Yossi Arjevani", "Joan Bruna", "Michael Field", "others"]
    entry = verified_bib["arjevani2021symmetry"]
    completed = [full_name(p) for p in entry.persons["author"]]
    assert completed[:3] == listed[:3] and len(completed) > 3 and "others" not in completed
    assert entry.fields["listingauthor"] == "Yossi Arjevani and Joan Bruna and Michael Field and others"
    assert entry.fields["addedfields"] == "eprint, author"


def test_count_only_listing_keeps_its_count_beside_the_names(verified_bib):
    entry = verified_bib["neuralnetworkperturbation2020"]
    assert entry.fields["authorcount"] == "2" and len(entry.persons["author"]) == 2


def test_a_year_the_listing_lacks_comes_from_the_v1_date(bib, verified_bib):
    assert "year" not in bib["ravfogelgeometric"].fields
    fields = verified_bib["ravfogelgeometric"].fields
    assert fields["year"] == "2026" and "year" in fields["addedfields"].split(", ")


def test_unverified_paper_gets_nothing_added(bib, verified_bib):
    # A record that is not verified (no stored page shows its v1 date) adds nothing.
    assert dict(verified_bib["zweig2022exponential"].fields) == dict(bib["zweig2022exponential"].fields)


def verified_with(tmp_path: Path, key: str, **changes) -> Path:
    data = yaml.safe_load(VERIFIED.read_text(encoding="utf-8"))
    data["papers"] = {key: {**data["papers"][key], **changes}}
    path = tmp_path / "verified.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("key, changes, message", [
    ("amsel2024benefits", {"v1_date": "2024-07-24"}, "is not the listing's date"),
    ("amsel2024benefits", {"title": "On the Costs of Rank in Attention Layers"}, "differs from the listing's"),
    ("amsel2024benefits", {"authors": ["Noah Amsel", "Joan Bruna", "Gilad Yehudai"]}, "do not begin with the listing's"),
    ("neuralnetworkperturbation2020", {"authors": ["One Author"]}, "the listing counts 2"),
    ("arjevani2021symmetry", {"authors": ["Yossi Arjevani", "Joan Bruna", "Michael Field"]}, "lists no more"),
    ("amsel2024benefits", {"checks": ""}, "a verified record needs 'checks'"),
])
def test_a_record_that_contradicts_the_listing_stops_the_import(tmp_path, capsys, key, changes, message):
    assert run(tmp_path / "out", "--verified", str(verified_with(tmp_path, key, **changes))) == 2
    assert message in capsys.readouterr().err


def test_a_record_for_an_unknown_paper_stops_the_import(tmp_path, capsys):
    path = tmp_path / "verified.yaml"
    path.write_text("papers:\n  nosuchpaper2020: {status: verified}\n", encoding="utf-8")
    assert run(tmp_path / "out", "--verified", str(path)) == 2
    assert "no paper 'nosuchpaper2020'" in capsys.readouterr().err


def test_a_verified_record_may_differ_from_the_listing_date_by_a_recorded_day_only():
    from importer.records import Paper as Listed
    from importer.text import SeedError
    from importer.verify import apply_verification

    def record(**extra):
        return {"status": "verified", "page": "https://arxiv.org/abs/2509.00336", "checks": "title", "arxiv": "2509.00336",
                "v1_date": "2025-08-30", "authors": ["A B"], "title": "T", **extra}

    def listed():
        return Listed(sources=["004.txt"], key="k", title="T", month=8, day=29, author_count=1)

    with pytest.raises(SeedError, match="is not the listing's date"):
        apply_verification([listed()], {"k": record()})
    apply_verification([listed()], {"k": record(date_offset={"days": 1, "reason": "featured the day before"})})
    with pytest.raises(SeedError, match="needs days and a reason"):
        apply_verification([listed()], {"k": record(date_offset={"days": 1})})
    with pytest.raises(SeedError, match="at most 1"):
        apply_verification([listed()], {"k": record(date_offset={"days": 2, "reason": "r"})})
