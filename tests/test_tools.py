"""The benchmark's synthetic sites build cleanly, so the benchmark measures working sites."""

from __future__ import annotations

import os
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


def test_the_readme_import_command_runs_the_importer_inside_the_virtualenv(tmp_path):
    """`make import-schedule` works from a shell that has not activated .venv (a dry run)."""
    environment = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment["PATH"] = "/usr/bin:/bin"
    result = subprocess.run(
        ["make", "-s", "import-schedule", f"FILE={REPO / 'tests/data/pretalx-schedule.json'}", "EVENT=trial-2027",
         "ARGS=--dry-run"], cwd=REPO, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "trial-2027" in result.stdout
    assert not (REPO / "talks" / "trial-2027").exists()


def test_the_readme_import_command_says_how_to_call_it():
    result = subprocess.run(["make", "-s", "import-bib"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 2 and "usage: make import-bib FILE=" in result.stderr
