#!/usr/bin/env python3
"""Import the raw source listings into the site's entry files (the ``importer`` package)."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "_ext")]  # the importer shares the site's name rules

from importer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
