"""Shared fixtures: Sphinx's test application over the roots in tests/roots/."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "_ext"))

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


def copy_root(rootdir: Path, name: str, destination: Path) -> Path:
    """A private copy of tests/roots/test-<name>, which builds may change."""
    import shutil

    srcdir = destination / name
    shutil.copytree(rootdir / f"test-{name}", srcdir)
    return srcdir


def build(srcdir: Path, buildername: str = "html", parallel: int = 0, **confoverrides):
    """Build ``srcdir`` (into srcdir/_build) and return the finished application."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        buildername, srcdir=srcdir, status=StringIO(), warning=StringIO(), parallel=parallel,
        confoverrides={"nitpicky": True, **confoverrides},
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
