"""The command line: ``python tools/import_seeds.py [--check] [--out DIR] [--verbose]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import __doc__ as PACKAGE_DOC
from .load import load, read_manifest
from .render import render
from .sync import sync
from .text import SeedError

REPO_ROOT = Path(__file__).resolve().parents[2]
# The raw listings ship with the repository: they are the provenance of every entry.
DEFAULT_SOURCES = REPO_ROOT / "sources"
DEFAULT_CURATION = REPO_ROOT / "tools" / "curation.yaml"
DEFAULT_VERIFIED = REPO_ROOT / "tools" / "verified.yaml"
THEMES_FILE = REPO_ROOT / "themes.yaml"
EDITORS_BIB = REPO_ROOT / "editors.bib"  # the editors' records, which a curated talk link may name

def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def editors_keys() -> set[str]:
    """The keys of editors.bib, read as the build reads them (pybtex)."""
    from pybtex.database import parse_string

    if not EDITORS_BIB.is_file():
        return set()
    return set(parse_string(EDITORS_BIB.read_text(encoding="utf-8"), "bibtex").entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(PACKAGE_DOC or "").split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SOURCES, help="the folder of the listings")
    parser.add_argument("--manifest", type=Path, default=None,
                        help="which parser reads which listing (default: manifest.yaml in the listings' folder)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT,
                        help="output root (default: the repository)")
    parser.add_argument("--curation", type=Path, default=DEFAULT_CURATION, help="curation file")
    parser.add_argument("--verified", type=Path, default=DEFAULT_VERIFIED,
                        help="records checked against stored public pages")
    parser.add_argument("--check", action="store_true", help="exit 1 if files on disk differ")
    parser.add_argument("--verbose", action="store_true", help="print the import notes")
    args = parser.parse_args(argv)

    try:
        theme_ids = set(load_yaml(THEMES_FILE))
        verified = load_yaml(args.verified) if args.verified.is_file() else {}
        manifest = args.manifest or args.seeds / "manifest.yaml"
        imported = load(args.seeds, manifest, load_yaml(args.curation), theme_ids, verified, editors_keys())
    except SeedError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seed_names = sorted(listing.name for listing in read_manifest(manifest))
    files = render(imported, seed_names)
    if args.verbose:
        for note in imported.notes:
            print(f"note: {note}")
    differences = sync(args.out, files, args.check)
    if args.check:
        if differences:
            print(f"{differences} file(s) differ from what tools/import_seeds.py would write")
            return 1
        print(f"{len(files)} imported files are up to date")
    else:
        print(f"{len(files)} files: {differences} written or removed, the rest unchanged")
    return 0

