"""The BibTeX downloads through a real BibTeX processor: every record read with no warning.

Runs TeX Live's ``bibtex`` with the standard ``plain`` style over every record of the real
site's ``refs.bib`` and ``talks.bib`` (Debian's texlive-binaries and texlive-base; .ci/run
installs them). Without ``bibtex`` the records go through pybtex's own plain style instead,
on a developer's machine only: in CI a missing ``bibtex`` is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pybtex.database import parse_file
from pybtex.plugin import find_plugin

BIBTEX = shutil.which("bibtex")
IN_CI = bool(os.environ.get("CI"))


def exports(site) -> list[Path]:
    outdir = Path(site.outdir)
    return [outdir / "refs.bib", outdir / "talks.bib"]


def run_bibtex(files: list[Path], folder: Path) -> str:
    for path in files:
        shutil.copy(path, folder / path.name)
    names = ",".join(path.stem for path in files)
    (folder / "cite.aux").write_text(f"\\relax\n\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{names}}}\n")
    result = subprocess.run([BIBTEX, "cite"], cwd=folder, capture_output=True, text=True, timeout=120)
    log = (folder / "cite.blg").read_text(errors="replace")
    assert result.returncode == 0, result.stdout + log
    assert (folder / "cite.bbl").stat().st_size > 0
    return log


def test_plain_bibtex_reads_every_record_without_a_warning(real_site, tmp_path):
    if BIBTEX is None:
        if IN_CI:
            pytest.fail("CI has no bibtex: .ci/run installs Debian's texlive-binaries and texlive-base")
        pytest.skip("bibtex is not installed (Debian texlive-binaries, texlive-base): see the pybtex test")
    log = run_bibtex(exports(real_site), tmp_path)
    warnings = [line for line in log.splitlines() if line.startswith("Warning--")]
    assert warnings == []
    assert "(There were" not in log  # bibtex's summary of warnings or errors


def test_pybtex_plain_style_formats_every_record(real_site):
    """The same records through pybtex's plain style: no missing field, no error."""
    style = find_plugin("pybtex.style.formatting", "plain")()
    for path in exports(real_site):
        data = parse_file(str(path))
        formatted = list(style.format_entries(data.entries.values()))
        assert len(formatted) == len(data.entries)
