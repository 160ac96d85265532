"""What each exported file was made from at the last build.

Calendars, feeds and BibTeX downloads are rebuilt from the catalog after every build;
serialising them all again costs seconds on a large catalog. A digest of each file's
inputs is kept beside the doctrees, and a file whose inputs did not change is left alone,
so a rebuild's cost follows what changed. A clean build has no memo and makes everything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


class ExportMemo:
    def __init__(self, app, name: str):
        self.outdir = Path(app.outdir)
        self.path = Path(app.doctreedir) / f"scholar-{name}.json"
        self.previous = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        self.current: dict[str, str] = {}

    def unchanged(self, relpath: str, inputs) -> bool:
        """Note the inputs of ``relpath``; true when the file exists and they did not change."""
        text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=repr)
        self.current[relpath] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.previous.get(relpath) == self.current[relpath] and (self.outdir / relpath).is_file()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
