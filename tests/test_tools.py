"""The benchmark's synthetic sites build cleanly, so the benchmark measures working sites."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.parametrize("flavour", ["scholar", "plain"])
def test_a_small_synthetic_site_builds_without_warnings(tmp_path, flavour):
    sys.path.insert(0, str(REPO / "tools"))
    from synthetic_catalog import make_catalog, site_files, write_site

    write_site(site_files(make_catalog(60), flavour), tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", str(tmp_path / "site"),
                             str(tmp_path / "site/_build/html")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARNING" not in result.stderr, result.stderr[-2000:]
