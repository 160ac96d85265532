"""The citation downloads through pandoc, a real reader of BibTeX and CSL-JSON.

pandoc (3.9, from PyPI's pypandoc_binary) reads the real site's ``refs.bib``,
``talks.bib`` and ``catalog.csl.json`` as a reader's pandoc would: every record read, no
message, event titles with their capitals (pandoc lower-cases unprotected title words).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypandoc
from pybtex.database import parse_file

PANDOC = pypandoc.get_pandoc_path()


def pandoc(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run([PANDOC, *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def test_pandoc_reads_every_bibtex_record_as_written(real_site):
    outdir = Path(real_site.outdir)
    for name in ("refs.bib", "talks.bib"):
        items = json.loads(pandoc("--from", "bibtex", "--to", "csljson", str(outdir / name)))
        assert sorted(item["id"] for item in items) == sorted(parse_file(outdir / name).entries)
    talks = {item["id"]: item for item in json.loads(pandoc("-f", "bibtex", "-t", "csljson", str(outdir / "talks.bib")))}
    papers = {item["id"]: item for item in json.loads(pandoc("-f", "bibtex", "-t", "csljson", str(outdir / "refs.bib")))}
    assert papers["boyd2004convex"]["URL"] == "https://web.stanford.edu/~boyd/cvxbook/"  # read verbatim
    bandeira = talks["bandeira-sharp-non-asymptotic"]
    assert bandeira["type"] == "speech"  # a talk, not a manuscript
    assert bandeira["event"] == "1st Symposium on Machine Learning for Theories and Theories of Machine Learning"
    assert bandeira["event-place"] == "Rovinj, Croatia" and bandeira["issued"] == {"date-parts": [[2024, 10, 1]]}


def test_pandoc_formats_both_downloads_without_a_message(real_site, tmp_path):
    outdir = Path(real_site.outdir)
    for files in (["refs.bib", "talks.bib"], ["catalog.csl.json"]):
        listed = ", ".join(str(outdir / name) for name in files)
        (tmp_path / "doc.md").write_text(f"---\nnocite: '@*'\nbibliography: [{listed}]\n---\n")
        text = pandoc("--citeproc", "--to", "plain", "--wrap", "none", "doc.md", cwd=tmp_path)
        assert "1st Symposium on Machine Learning for Theories and Theories of Machine Learning" in text
        assert "1st symposium on machine learning" not in text
