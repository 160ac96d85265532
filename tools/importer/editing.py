"""What the editors' import commands share: writing new files only, and the report.

The commands (``tools/import_bib.py``, ``tools/import_schedule.py``) write the same files
an editor would write by hand, with no import marker: from then on the files are the
editors'. Nothing that exists is overwritten; everything the command could not decide
(a theme, a look-alike name, a record that is already there) is listed in the report.
"""

from __future__ import annotations

import sys
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


def write_new(root: Path, relpath: str, text: str, report: Report, dry_run: bool) -> bool:
    """Write ``relpath`` unless it exists; say which in the report."""
    path = root / relpath
    if path.exists():
        report.kept.append(relpath)
        return False
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    report.added.append(relpath)
    return True


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
