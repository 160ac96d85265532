"""Exported files (calendars, feeds, BibTeX), written only when what they are made of changed.

Calendars, feeds and BibTeX downloads are rebuilt from the catalog after every build;
serialising them all again costs seconds on a large catalog. A digest of each file's
inputs is kept beside the doctrees, and a file whose inputs did not change is left alone,
so a rebuild's cost follows what changed. A clean build has no memo and makes everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


class ExportMemo:
    def __init__(self, app: Sphinx, name: str):
        self.outdir = Path(app.outdir)
        self.path = Path(app.doctreedir) / f"scholar-{name}.json"
        self.previous = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        self.current: dict[str, str] = {}

    def unchanged(self, relpath: str, inputs: Any) -> bool:
        """Note the inputs of ``relpath``; true when the file exists and they did not change."""
        text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=repr)
        self.current[relpath] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.previous.get(relpath) == self.current[relpath] and (self.outdir / relpath).is_file()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")


def publish(app: Sphinx, name: str, outputs: Iterable[tuple[str, Any, Callable[[], bytes | str]]],
            owned: tuple[str, ...]) -> None:
    """Write each ``(relpath, inputs, make)`` whose inputs changed; delete stale owned files.

    ``make`` is only called for a file that must be made again.
    """
    memo = ExportMemo(app, name)
    files = {relpath: None if memo.unchanged(relpath, inputs) else make() for relpath, inputs, make in outputs}
    sync_outputs(memo.outdir, files, owned)
    memo.save()


def sync_outputs(outdir: Path, files: dict[str, bytes | str | None], owned: tuple[str, ...]) -> None:
    """Write the ``files`` (output-relative paths) whose bytes differ; delete stale ones.

    Unchanged files keep their modification time, so servers and caches see no change.
    Files matching an ``owned`` pattern that are not in ``files`` belong to entries that
    are gone: deleting them makes an incremental build leave what a clean build leaves.
    """
    for relpath, data in sorted(files.items()):
        if data is not None:  # None: made from the same inputs as the file already there
            write_if_changed(outdir / relpath, data)
    for pattern in owned:
        for path in sorted(outdir.glob(pattern)):
            if path.is_file() and path.relative_to(outdir).as_posix() not in files:
                path.unlink()
                _remove_empty_folders(path.parent, outdir)


def _remove_empty_folders(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_if_changed(path: Path, data: bytes | str) -> None:
    """Write ``data`` unless the file already holds it, so its modification time stays."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
