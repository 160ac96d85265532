#!/usr/bin/env python3
"""Import papers from a reference manager's BibTeX export (the ``importer`` package)."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "_ext")]

from importer.bibtex_import import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=HERE.parent))
