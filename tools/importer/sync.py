"""Writing the import into the repository, or checking that the files on disk match it."""

from __future__ import annotations

from pathlib import Path

from .render import MARKER


def is_imported(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        return MARKER in handle.readline()


def stale_files(out: Path, wanted: dict[str, str]) -> list[str]:
    """Files this importer wrote earlier that it would no longer write."""
    found = []
    for pattern in ("talks/*/*.md", "papers/*.md"):
        for path in out.glob(pattern):
            rel = path.relative_to(out).as_posix()
            if rel not in wanted and is_imported(path):
                found.append(rel)
    return sorted(found)


def sync(out: Path, files: dict[str, str], check: bool) -> int:
    """Write (or, with check, compare) the files. Returns the number of differences."""
    differences = 0
    for rel, content in files.items():
        path = out / rel
        if path.exists() and not is_imported(path):
            print(f"note: {rel} is hand-owned (no import marker); left alone")
            continue
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == content:
            continue
        differences += 1
        if check:
            print(f"differs: {rel}" if current is not None else f"missing: {rel}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    for rel in stale_files(out, files):
        differences += 1
        if check:
            print(f"stale: {rel} (imported earlier, no longer produced)")
        else:
            (out / rel).unlink()
            print(f"removed stale {rel}")
    return differences
