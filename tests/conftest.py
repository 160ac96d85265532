"""Shared fixtures: Sphinx's test application over the roots in tests/roots/."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "_ext"), str(REPO / "tools")]

pytest_plugins = ["sphinx.testing.fixtures"]

# CI runs the property tests on a fixed sequence of examples, so that a run fails only for a
# change of the code; a developer's run draws new examples each time, to find new failures
# (each one found is then kept as an @example).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Test builds are made for the placeholder address, whatever the developer's shell exports.
for variable in ("SITE_URL", "READTHEDOCS_CANONICAL_URL"):
    os.environ.pop(variable, None)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


def copy_root(rootdir: Path, name: str, destination: Path) -> Path:
    """A private copy of tests/roots/test-<name>, which builds may change."""
    import shutil

    srcdir = destination / name
    shutil.copytree(rootdir / f"test-{name}", srcdir)
    return srcdir


# MathJax's 7 MB of files, which the site serves itself, are copied only into the builds
# a browser reads; elsewhere pages name this path and nothing is copied.
NO_MATHJAX = {"mathjax_path": "mathjax/not-copied-in-this-test-build.js"}


def build(srcdir: Path, buildername: str = "html", parallel: int = 0, mathjax: bool = False,
          **confoverrides):
    """Build ``srcdir`` (into srcdir/_build) and return the finished application."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(), parallel=parallel,
        confoverrides={"nitpicky": True, **({} if mathjax else NO_MATHJAX), **confoverrides},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def basic_site(rootdir, tmp_path_factory):
    """One build of tests/roots/test-basic, shared by read-only tests."""
    return build(copy_root(rootdir, "basic", tmp_path_factory.mktemp("site")))


@pytest.fixture(scope="module")
def citations_site(rootdir, tmp_path_factory):
    """One build of tests/roots/test-citations: every shape of work and name a citation takes."""
    return build(copy_root(rootdir, "citations", tmp_path_factory.mktemp("site")))


# Top-level names of the repository that are not part of the site's sources.
NOT_SITE = {".git", ".venv", "_build", "tests", "tools", "people", "themes", ".pytest_cache", "test-artifacts"}


def copy_site(destination: Path, source: Path = REPO) -> Path:
    """The site's sources, without what the build generates or the tools around it."""
    import shutil

    def ignore(folder, names):
        top = Path(folder) == source
        return [name for name in names if (top and name in NOT_SITE) or name == "__pycache__"]

    return Path(shutil.copytree(source, destination, ignore=ignore))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """One clean build of the real site, shared by every test that only reads it."""
    return build(copy_site(tmp_path_factory.mktemp("real") / "src"), mathjax=True)


# The fast tier (`make check`, `pytest -m "not slow"`) leaves out what builds the real site
# or drives a browser; `make test` runs everything, on every core (pytest-xdist). Each worker
# that runs a test of the real site builds it once (real_site is per worker process).
SLOW_MODULES = {"test_browser", "test_editing_sequences", "test_incremental"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds the real site, drives a browser or edits a site many times")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "real_site" in getattr(item, "fixturenames", ()) or item.module.__name__ in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
