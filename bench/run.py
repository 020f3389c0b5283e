"""Alliance Lab benchmarks (issue 10): build, tests, widgets, package scaling, page weight.

Run with ``make bench`` or ``.venv/bin/python bench/run.py [--only build,scaling] [--runs N]
[--quick]`` (or ``python -m bench ...`` from the repository root). Prints a table (target,
measured median [min-max], target met) and writes every raw figure, with machine
information, to ``bench/results.json``.

Sections (``--only`` takes a comma-separated list of these names):

build
    Cold build of the whole site in a fresh copy of the repository (fresh ``_build`` and
    Jupyter cache), warm rebuild with nothing changed, incremental rebuild after a harmless
    edit of one chapter. In the same run, the stock ``jupyter-book create`` template is
    built cold as a peer; both are reported in seconds per page.
tests
    Wall time of each kind of test that ``make test`` runs (lint, unit + doctests, nbval,
    book build, browser), one run each, in a fresh copy (what CI on a fresh machine sees).
interaction
    For each exercise widget in ``alliancelab.widgets.EXERCISES``: time from a value change
    to updated outputs (a typical change, from ``bench/steps.py``), median and 95th
    percentile over >= 50 changes, for new values (figure drawn) and for revisited values
    (figure cached), against a 100 ms target, next to the p95 measured before issue 20's
    work ("was"). "first figure p95" is the same changes with the kept text measures
    forgotten before each, as for the first figure of an exercise.
scaling
    ``rank_candidates`` on N random scorecards and the 5x5 matrix of N rated risks, for
    N = 1,000, 10,000 and 100,000, with the growth ratio t(10N)/t(N).
figures
    Figures at 1,000 rows: the risk matrix (1,000 risks, compared with an earlier
    assessment), the resource map (1,000 categories) and the portfolio (1,000 alliances
    with 1,000 partners), each built and rendered to PNG as a reader sees it; and the
    time from a value change to updated outputs of the risk, resource-map and portfolio
    widgets holding the same data (figure drawn afresh each change). Target: under 1 s.
pages
    Bytes of each reading page with everything it loads (HTML, scripts, style sheets,
    fonts, images): largest and median page, whole site, JupyterLite bundle, and the same
    for the stock template, from the cold build (built here if the build section did not
    run).

How the figures are taken:

- Builds run ``jupyter-book build <copy> --path-output <dir> --builder html`` on a copy of
  the project's files (git-tracked plus untracked-but-not-ignored; no ``_build``, caches or
  ``.venv``), with ``PYTHONPATH`` pointing at the copy's ``src`` so the copy's package is
  the one executed. Cold means a fresh copy and output dir, so no Sphinx environment and no
  Jupyter cache. Download caches outside the project (pip's, the npm tarballs of
  ``scripts/fetch_web_assets.py`` in ``~/.cache``) are kept: a cold build measures building,
  not the network. The incremental rebuild appends an HTML comment to
  :data:`bench.builds.EDIT_CHAPTER`. Each build's log lines are timed, which gives where
  the time went.
- Page weight is static: the HTML plus every local file the page loads (``<script src>``,
  style sheets and what they ``@import`` or ``url()``, ``<link rel=preload|icon>``,
  images, iframes), each file once. For each ``@font-face`` only the file a modern browser
  picks (woff2 before woff before ttf) counts. Files fetched later by scripts are not
  seen; off-site URLs are listed, not weighed. The target compares our heaviest page with
  the stock template's heaviest page, side by side, raw and as a host sends them
  (gzip level 6 for text types): at most :data:`bench.pages.TARGET_PAGE_RATIO` times as
  heavy. The same comparison without "own figures" (the images a page shows from
  ``_images/`` or inline ``data:image``) is reported too, with the files that make the
  difference.
- Widget and scaling timings record wall time (the target) and this process's CPU time;
  the scaling growth ratios use the fastest run's CPU time, which other programs loading
  the machine disturb least. Figures taken on a busy machine say so in the JSON
  (``machine.load_average_at_start``).

A section that fails is reported in the table as FAILED and in the JSON with its error;
the other sections still run. The exit code is 1 when a section failed, else 0 (a missed
target is reported, not an error).

This file parses the arguments, runs the sections and writes the results. Each section is a
module of the package ``bench``: ``builds``, ``testsuite``, ``interaction``, ``scaling``,
``figures`` and ``pages``, each with its targets; ``common`` holds the statistics, the
result rows and the table, ``checkout`` the copy of the project sections build in, and
``steps`` the exercises' typical changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

if not __package__:  # run as a script (python bench/run.py): import bench from the checkout
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from bench.builds import EDIT_CHAPTER, TARGET_COLD_S, TARGET_WARM_S, section_build
from bench.common import (
    MIN_CHANGES,
    ROOT,
    SEED,
    Context,
    Row,
    SectionResult,
    first_line,
    log,
    render_table,
)
from bench.figures import TARGET_FIGURE_S, section_figures
from bench.interaction import TARGET_P95_MS, section_interaction
from bench.pages import TARGET_PAGE_RATIO, section_pages
from bench.scaling import TARGET_GROWTH, TARGET_RANK_100K_S, section_scaling
from bench.testsuite import section_tests

RESULTS = ROOT / "bench" / "results.json"
SECTIONS = ("build", "tests", "interaction", "scaling", "figures", "pages")


RUNNERS: dict[str, Callable[[Context], SectionResult]] = {
    "build": section_build,
    "tests": section_tests,
    "interaction": section_interaction,
    "scaling": section_scaling,
    "figures": section_figures,
    "pages": section_pages,
}


def run_sections(
    ctx: Context,
    names: Iterable[str],
    runners: dict[str, Callable[[Context], SectionResult]] | None = None,
) -> dict[str, SectionResult]:
    """Run each named section; an exception becomes a FAILED row, never stops the rest."""
    runners = runners or RUNNERS
    results: dict[str, SectionResult] = {}
    for name in names:
        log(f"section {name}: start")
        start = time.perf_counter()
        try:
            res = runners[name](ctx)
        except Exception as exc:
            res = SectionResult(status="failed")
            res.errors.append(traceback.format_exc())
            res.rows.append(
                Row(
                    name,
                    "section",
                    f"FAILED: {type(exc).__name__}: {first_line(str(exc), 60)}",
                    met="FAILED",
                )
            )
        for row in res.rows:
            row.section = row.section or name
        res.data["section_seconds"] = time.perf_counter() - start
        results[name] = res
        log(f"section {name}: {res.status} in {res.data['section_seconds']:.0f} s")
    return results


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "date_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        info["usable_cores"] = len(os.sched_getaffinity(0))
        info["load_average_at_start"] = os.getloadavg()
    except (AttributeError, OSError):
        pass
    try:
        info["git_commit"] = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        info["git_uncommitted_files"] = len(dirty.splitlines())
    except OSError:
        pass
    try:
        from importlib.metadata import version

        info["versions"] = {
            p: version(p)
            for p in (
                "jupyter-book",
                "sphinx",
                "myst-nb",
                "pandas",
                "numpy",
                "matplotlib",
                "ipywidgets",
            )
        }
    except Exception:
        pass
    return info


def to_jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        return obj.item()
    return obj


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per figure (default 3; 1 with --quick)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run per figure; skip the book-build and browser tests",
    )
    parser.add_argument(
        "--changes",
        type=int,
        default=MIN_CHANGES,
        help=f"value changes per widget (at least {MIN_CHANGES})",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary build dirs")
    parser.add_argument(
        "--site",
        type=Path,
        default=None,
        help="pages: weigh this built site (a _build/html folder) instead of building one",
    )
    parser.add_argument(
        "--repo", type=Path, default=ROOT, help="the checkout to benchmark (default: this one)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    args.sections = [n for n in SECTIONS if n in names]  # always in the documented order
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="alliancelab-bench-"))
    ctx = Context(
        runs=args.runs, quick=args.quick, tmp=tmp, changes=args.changes, repo=args.repo.resolve()
    )
    if args.site is not None:
        ctx.site_root, ctx.site_html = ctx.repo, args.site.resolve()
    machine = machine_info()
    log(f"sections {','.join(args.sections)}; runs {ctx.runs}; temp dir {tmp}")
    started = time.perf_counter()
    try:
        results = run_sections(ctx, args.sections)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    table = render_table(results)
    try:
        machine["load_average_at_end"] = os.getloadavg()
    except (AttributeError, OSError):
        pass
    record = {
        "issue": 10,
        "machine": machine,
        "settings": {
            "sections": args.sections,
            "runs": ctx.runs,
            "quick": ctx.quick,
            "widget_changes": max(MIN_CHANGES, ctx.changes),
            "scaling_sizes": list(ctx.sizes),
            "seed": SEED,
            "edited_chapter": EDIT_CHAPTER,
        },
        "targets": {
            "warm_rebuild_s": TARGET_WARM_S,
            "cold_build_s": TARGET_COLD_S,
            "widget_p95_ms": TARGET_P95_MS,
            "rank_100k_s": TARGET_RANK_100K_S,
            "figure_1000_rows_s": TARGET_FIGURE_S,
            "growth_per_10x_max": TARGET_GROWTH,
            "page_weight": f"heaviest reading page <= {TARGET_PAGE_RATIO}x the stock "
            "template's heaviest page, raw and gzip-compressed",
        },
        "total_seconds": time.perf_counter() - started,
        "sections": {
            name: {"status": r.status, "errors": r.errors, **r.data} for name, r in results.items()
        },
        "table": [vars(r) for res in results.values() for r in res.rows],
        "table_text": table,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(to_jsonable(record), indent=2) + "\n", encoding="utf-8")
    cores = machine.get("usable_cores", machine["cpu_count"])
    print(
        f"\nAlliance Lab benchmarks — {machine['date_utc']}, {cores} cores, "
        f"Python {machine['python']}, runs={ctx.runs}{' (quick)' if ctx.quick else ''}"
    )
    print(table)
    print(f"\nRaw figures: {args.output}")
    failed = [n for n, r in results.items() if r.status in ("failed", "partial")]
    if failed:
        print(f"\nSections with failures: {', '.join(failed)} (full output: 'errors' in the JSON)")
        for name in failed:
            for err in results[name].errors:
                print(f"  - {name}: {first_line(err, 300)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
