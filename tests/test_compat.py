"""Every patch of third-party internals (compat.py) takes effect, and is undone after the build.

Each test fails, rather than skips, when the internal a patch relies on changes: the
patch then logs a warning and counts nothing.
"""

from __future__ import annotations

import copyreg
import gc
import json
import pickle
from pathlib import Path

import pybtex.plugin
import pytest
from pybtex.database import BibliographyData
from sphinxcontrib.bibtex.bibfile import BibData

from conftest import build, copy_root
from helpers import warnings
from test_incremental import add_talks


@pytest.fixture
def effects():
    from scholar import compat

    compat.effects.clear()
    return compat.effects


@pytest.fixture
def srcdir(rootdir, tmp_path):
    return copy_root(rootdir, "basic", tmp_path)


def test_pybtex_plugin_lookups_hit_the_cache_and_are_restored_after(srcdir, effects):
    app = build(srcdir)
    assert effects["pybtex plugin cache hit"] > 0
    assert pybtex.plugin._load_entry_point.__name__ == "_load_entry_point"  # pybtex's own, restored
    assert not any("compat:" in line for line in warnings(app))


def test_parallel_read_shares_bibliography_data_and_unpatches(srcdir, effects):
    add_talks(srcdir, 14)
    build(srcdir, parallel=2)
    assert effects["bibliography data shared"] > 0
    assert effects["heap frozen before reading"] > 0 and effects["heap frozen before writing"] > 0
    assert BibData not in copyreg.dispatch_table
    assert gc.get_freeze_count() == 0


def test_shared_data_is_pickled_by_reference_only_while_shared():
    from scholar import compat

    class Env:
        domaindata = {"cite": {"bibdata": BibData("utf-8", {}, BibliographyData()), "bibliographies": {}}}

    class App:
        parallel = 2

    shared = Env.domaindata["cite"]["bibdata"]
    unshared = BibData("latin-1", {}, BibliographyData())
    compat.share_bibliography_data(App, Env, [])
    try:
        by_reference, whole = pickle.dumps(shared), pickle.dumps(unshared)
        assert pickle.loads(by_reference) is shared
        assert len(by_reference) < len(whole)
        assert pickle.loads(whole) == unshared
    finally:
        compat.stop_sharing()
    assert BibData not in copyreg.dispatch_table
    assert pickle.loads(pickle.dumps(shared)) is not shared


def search_index(app) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_words_of_a_deleted_page_leave_the_search_index(srcdir, effects):
    (srcdir / "talks/ev2024/lee-second.md").write_text(
        (srcdir / "talks/ev2024/lee-second.md").read_text().replace("Second abstract.", "Zanzibarian abstract."))
    assert "zanzibarian" in search_index(build(srcdir))["terms"]
    (srcdir / "talks/ev2024/lee-second.md").unlink()
    app = build(srcdir)
    assert effects["emptied search term dropped"] > 0
    assert "zanzibarian" not in search_index(app)["terms"]


def test_index_entries_of_pages_not_written_are_kept(srcdir, effects):
    (srcdir / "glossary.md").write_text("# Glossary\n\n```{glossary}\nlazy training\n  Training near "
                                        "initialization.\n```\n", encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("guides/diffusion\n", "guides/diffusion\nglossary\n"))
    assert "lazy training" in search_index(build(srcdir))["indexentries"]
    talk = srcdir / "talks/ev2024/lee-second.md"
    talk.write_text(talk.read_text().replace("Second abstract.", "A changed abstract."))
    app = build(srcdir)
    assert effects["index entry kept"] > 0
    assert "lazy training" in search_index(app)["indexentries"]


def test_formatted_bibliographies_are_reused_until_what_they_read_changes(srcdir, effects):
    from scholar import compat

    build(srcdir)
    talk = srcdir / "talks/ev2024/lee-second.md"
    talk.write_text(talk.read_text().replace("Second abstract.", "A changed abstract."))
    effects.clear()
    app = build(srcdir)
    assert effects["formatted bibliography reused"] == 1  # the guide's, formatted by the first build
    assert "Learning Single-Index Models" in guide_bibliography(app)
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("Learning Single-Index Models", "Learning Single Index Models"))
    effects.clear()
    app = build(srcdir)
    assert effects["formatted bibliography reused"] == 0
    assert "Learning Single Index Models" in guide_bibliography(app)
    from sphinxcontrib.bibtex.domain import BibtexDomain
    assert BibtexDomain.env_updated.__module__ == "sphinxcontrib.bibtex.domain"  # restored after the build
    assert compat._original_env_updated is None


def guide_bibliography(app) -> str:
    html = (Path(app.outdir) / "guides/diffusion.html").read_text(encoding="utf-8")
    return html[html.index('class="citation'):]


def test_aria_roles_are_fixed_in_every_page(srcdir, effects):
    app = build(srcdir)
    assert effects["navigation caption given a level"] > 0
    assert effects["bibliography entry role fixed"] > 0
    guide = (Path(app.outdir) / "guides/diffusion.html").read_text(encoding="utf-8")
    assert 'role="heading" aria-level="2"' in guide and 'doc-biblioentry' not in guide


def test_a_missing_internal_is_a_warning_not_a_crash(srcdir, monkeypatch):
    monkeypatch.delattr(pybtex.plugin, "_load_entry_point")
    from scholar import compat

    compat.restore_plugin_lookup()
    compat.memoize_plugin_lookup()  # what setup() does: with the internal gone, it only warns
    assert compat._original_lookup is None
