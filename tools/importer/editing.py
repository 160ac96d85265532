"""What the editors' import commands share: a change set written whole or not at all, and the report.

The commands (``tools/import_bib.py``, ``tools/import_schedule.py``) write the same files
an editor would write by hand, with no import marker: from then on the files are the
editors'. An import first prepares every file in a :class:`Changes`; each path is checked
to stay inside the site's folder; nothing that exists is overwritten; and only when every
file is ready are they written, each through a temporary file renamed into place, so that
a failure leaves the folder exactly as it was. Everything the command could not decide (a
theme, a look-alike name, a record that is already there) is listed in the report.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scholar.names import look_alike, name_key


@dataclass
class Report:
    """What an import added, what it left alone, and what an editor must decide."""

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already there: left as it is
    decisions: list[str] = field(default_factory=list)

    def print(self, dry_run: bool) -> None:
        verb = "would add" if dry_run else "added"
        print(f"{verb} {len(self.added)} file(s)" + "".join(f"\n  {path}" for path in self.added))
        if self.kept:
            print(f"left alone {len(self.kept)} (already there)" + "".join(f"\n  {item}" for item in self.kept))
        if self.decisions:
            print(f"needs a decision ({len(self.decisions)}):" + "".join(f"\n  - {item}" for item in self.decisions))


class UnsafePath(ValueError):
    """A path that would leave the site's folder."""


def inside(root: Path, relpath: str) -> Path:
    """``root / relpath``, refused unless it stays inside ``root`` (no ``..``, no absolute path, no link out)."""
    base = root.resolve()
    path = (base / relpath).resolve()
    if Path(relpath).is_absolute() or not path.is_relative_to(base) or path == base:
        raise UnsafePath(f"{relpath!r} is not a path inside the site's folder")
    return path


@dataclass
class Changes:
    """The files an import will write, all checked before any is written."""

    root: Path
    report: Report
    files: dict[str, str | bytes] = field(default_factory=dict)  # relpath -> new content

    def add(self, relpath: str, content: str | bytes) -> bool:
        """A new file; one that exists is left alone (and reported). False when not added."""
        path = inside(self.root, relpath)
        if path.exists() or relpath in self.files:
            self.report.kept.append(relpath)
            return False
        self.files[relpath] = content
        self.report.added.append(relpath)
        return True

    def extend(self, relpath: str, text: str) -> None:
        """Text appended to a file (editors.bib), or the file made when it is missing."""
        path = inside(self.root, relpath)
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        self.files[relpath] = (current.rstrip("\n") + "\n" if current else "") + text

    def commit(self, dry_run: bool) -> None:
        """Write every file, or none: each is staged beside its target and renamed into place."""
        if dry_run:
            return
        staged: list[tuple[Path, Path]] = []
        created: list[Path] = []
        try:
            for relpath, content in self.files.items():
                target = inside(self.root, relpath)
                for folder in reversed(target.parents):
                    if not folder.exists():
                        folder.mkdir()
                        created.append(folder)
                handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                with os.fdopen(handle, "wb") as stream:
                    stream.write(content.encode("utf-8") if isinstance(content, str) else content)
                staged.append((Path(name), target))
        except BaseException:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            for folder in reversed(created):
                folder.rmdir()
            raise
        for temporary, target in staged:
            os.replace(temporary, target)


class KnownPeople:
    """The names the site's people files know, to say when a new name looks like one of them."""

    def __init__(self, root: Path):
        self.names: dict[str, str] = {}  # name_key -> canonical name
        for filename in ("people.imported.yaml", "people.yaml"):
            path = root / filename
            data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
            for record in (data or {}).values():
                if isinstance(record, dict) and record.get("name"):
                    for spelling in [record["name"], *(record.get("aliases") or [])]:
                        self.names[name_key(spelling)] = record["name"]

    def check(self, name: str, where: str, report: Report) -> None:
        """A name no one answers to but that looks like a known person's is a decision to make."""
        if name_key(name) in self.names:
            return
        similar = next((known for key, known in self.names.items() if look_alike(name, known)), None)
        if similar:
            report.decisions.append(f"{where}: {name!r} looks like {similar!r}: if it is the same person, add it "
                                    f"to their aliases in people.yaml; if not, to their 'distinct' list")
        self.names[name_key(name)] = name  # a second use of the new name is not reported again


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2
