#!/usr/bin/env python3
"""Import an event from its schedule: pretalx/frab JSON or XML, or iCalendar (the ``importer`` package)."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "_ext")]

from importer.schedule_import import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=HERE.parent))
