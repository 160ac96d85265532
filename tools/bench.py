"""Build-time benchmark: the extension against plain Sphinx + MyST on the same pages.

For each catalog size N, three sites with the same pages and text (see
``synthetic_catalog.py``) are built in the same run: ``scholar`` (this project's
extension), baseline (a) ``plain`` (plain Sphinx + MyST, same navigation structure) and
baseline (b) ``flat`` (plain pages under one flat toctree). Measured for each: a clean
build, serial and with ``-j 2``; a no-op rebuild; rebuilds after editing one talk's
abstract, changing one talk's theme and adding one talk; the peak memory of a clean build;
the HTML size of an entry page; and how many pages each rebuild wrote. Each measure is the
median of ``--repeat`` runs. Baseline (b) grows quadratically, so it is only run up to
``--flat-max`` entries.

Usage: python tools/bench.py [--sizes 300 1000 3000] [--repeat 3] [--flat-max 1000] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from synthetic_catalog import FLAVOURS, make_catalog, site_files, write_site  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EDITS = ("no-op", "edit abstract", "change theme", "add talk")


def sphinx(srcdir: Path, parallel: int = 1) -> dict:
    """One build in its own process: wall time, peak memory, pages written."""
    outdir = srcdir / "_build" / "html"
    before = html_mtimes(outdir)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", str(parallel), str(srcdir), str(outdir)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    errors = process.stderr.read() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0 or "WARNING" in errors:
        raise RuntimeError(f"build of {srcdir} failed:\n{errors[-2000:]}")
    after = html_mtimes(outdir)
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    return {"seconds": elapsed, "peak_mb": usage.ru_maxrss / 1024, "written": written}


def html_mtimes(outdir: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in outdir.rglob("*.html")} if outdir.exists() else {}


def entry_page_bytes(srcdir: Path) -> float:
    pages = [p for p in (srcdir / "_build/html/talks").rglob("*.html") if p.name != "index.html"]
    return statistics.mean(p.stat().st_size for p in pages)


def edited(catalog, what: str):
    """The catalog after one reader-visible edit."""
    catalog = copy.deepcopy(catalog)
    talk = catalog.talks[len(catalog.talks) // 2]
    if what == "edit abstract":
        talk["abstract"] += " One more sentence."
    elif what == "change theme":
        talk["themes"] = sorted({*talk["themes"][:1], "theme-11" if "theme-11" not in talk["themes"] else "theme-10"})
    elif what == "add talk":
        catalog.talks.append({**talk, "id": "talk-added", "title": "An Added Talk", "start": "18:00", "end": "18:45"})
    return catalog


def run_once(n: int, flavour: str, workdir: Path) -> dict:
    catalog = make_catalog(n)
    srcdir = workdir / f"{flavour}-{n}"
    shutil.rmtree(srcdir, ignore_errors=True)
    write_site(site_files(catalog, flavour), srcdir)
    result: dict[str, Any] = {"clean": sphinx(srcdir)}
    result["page_bytes"] = entry_page_bytes(srcdir)
    for what in EDITS:
        if what != "no-op":
            catalog = edited(catalog, what)
            write_site(site_files(catalog, flavour), srcdir)
        result[what] = sphinx(srcdir)
    parallel_dir = workdir / f"{flavour}-{n}-j2"
    shutil.rmtree(parallel_dir, ignore_errors=True)
    write_site(site_files(make_catalog(n), flavour), parallel_dir)
    result["clean -j 2"] = sphinx(parallel_dir, parallel=2)
    shutil.rmtree(srcdir)
    shutil.rmtree(parallel_dir)
    return result


def median_of(runs: list[dict]) -> dict:
    result = {"page_bytes": statistics.median(r["page_bytes"] for r in runs)}
    for measure in ("clean", "clean -j 2", *EDITS):
        result[measure] = {key: statistics.median(r[measure][key] for r in runs) for key in runs[0][measure]}
    return result


def table(results: dict, sizes: list[int]) -> str:
    lines = ["| N | measure | scholar (s) | plain (a) (s) | flat (b) (s) | ÷ (a) | ÷ (b) | "
             "ms per entry | pages written scholar / (a) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        row = results[str(n)]
        for measure in ("clean", "clean -j 2", *EDITS):
            ours, plain, flat = (row.get(f, {}).get(measure) for f in FLAVOURS)
            lines.append(
                f"| {n} | {measure} | {ours['seconds']:.2f} | {plain['seconds']:.2f} | "
                + (f"{flat['seconds']:.2f}" if flat else "not run") + " | "
                + f"{ours['seconds'] / plain['seconds']:.2f} | "
                + (f"{ours['seconds'] / flat['seconds']:.2f}" if flat else "–") + " | "
                + f"{1000 * ours['seconds'] / n:.1f} | {ours['written']:.0f} / {plain['written']:.0f} |")
        ours, plain = row["scholar"], row["plain"]
        lines.append(f"| {n} | peak memory (MB) | {ours['clean']['peak_mb']:.0f} | {plain['clean']['peak_mb']:.0f} | "
                     + (f"{row['flat']['clean']['peak_mb']:.0f}" if "flat" in row else "not run") + " | | | | |")
        lines.append(f"| {n} | entry page (KB) | {ours['page_bytes'] / 1024:.1f} | {plain['page_bytes'] / 1024:.1f} | "
                     + (f"{row['flat']['page_bytes'] / 1024:.1f}" if "flat" in row else "not run") + " | | | | |")
    return "\n".join(lines)


def linearity(results: dict, sizes: list[int]) -> str:
    small, large = str(min(sizes)), str(max(sizes))
    per_small = results[small]["scholar"]["clean"]["seconds"] / int(small)
    per_large = results[large]["scholar"]["clean"]["seconds"] / int(large)
    return (f"Per-entry cost of a clean build: {1000 * per_small:.1f} ms at N={small}, "
            f"{1000 * per_large:.1f} ms at N={large} (ratio {per_large / per_small:.2f}).")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--flat-max", type=int, default=300)
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        for n in args.sizes:
            results[str(n)] = {}
            for flavour in FLAVOURS:
                if flavour == "flat" and n > args.flat_max:
                    continue
                runs = [run_once(n, flavour, Path(workdir)) for _ in range(args.repeat)]
                results[str(n)][flavour] = median_of(runs)
                print(f"N={n} {flavour}: clean {results[str(n)][flavour]['clean']['seconds']:.1f} s", flush=True)
    report = (f"# Benchmark ({args.repeat} runs each, median; {os.cpu_count()} cores)\n\n"
              f"{table(results, args.sizes)}\n\n{linearity(results, args.sizes)}\n")
    print("\n" + report)
    (args.out / "results.md").write_text(report, encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
