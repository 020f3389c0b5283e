"""The build section: cold, warm and incremental builds of the site, and the stock template."""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from bench.checkout import copy_env, fresh_site, page_files, timed_run
from bench.common import (
    BenchError,
    Context,
    Row,
    SectionResult,
    first_line,
    fmt_range,
    log,
    summarize,
    tail,
    yes_no,
)

#: Chapter edited for the incremental rebuild (a harmless HTML comment is appended).
EDIT_CHAPTER = "book/part2/exit.md"
# targets of issue 10
TARGET_WARM_S = 15.0
TARGET_COLD_S = 120.0


def run_streamed(
    cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 3600
) -> tuple[float, int, list[tuple[float, str]]]:
    """Run ``cmd``; return wall seconds, exit code and each output line with its time."""
    env = {**env, "PYTHONUNBUFFERED": "1"}  # lines arrive when printed, so times are right
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines: list[tuple[float, str]] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((time.perf_counter() - start, strip_ansi(line.rstrip("\n"))))
        code = proc.wait()
    finally:
        timer.cancel()
    return time.perf_counter() - start, code, lines


_EXECUTED = re.compile(r": Executed notebook in ([\d.]+) seconds")


def build_phases(lines: list[tuple[float, str]], total: float) -> dict[str, float]:
    """Where a build's time went, from the times its log lines appeared.

    ``startup`` (config, extensions) until Sphinx reads the first source; ``read`` reading
    sources, which includes ``execute`` (the sum of myst-nb's notebook execution times);
    ``write`` writing pages; ``after`` everything after the page output (search index,
    JupyterLite, archives), of which ``jupyterlite`` when it is built. ``pages_written``
    counts pages Sphinx (re)wrote.
    """

    def first(pattern: str) -> float | None:
        return next((t for t, line in lines if re.search(pattern, line)), None)

    read = first(r"^(reading sources|updating environment)")
    write = first(r"^writing output\.\.\. *\[")
    write = write if write is not None else first(r"^(generating indices|writing additional)")
    after = first(r"^(generating indices|dumping search index|dumping object inventory)")
    lite0 = first(r"\[jupyterlite-sphinx\] Running JupyterLite build")
    lite1 = first(r"\[jupyterlite-sphinx\] JupyterLite build done")
    phases: dict[str, float] = {}
    marks = [("startup", 0.0), ("read", read), ("write", write), ("after", after)]
    marks = [(name, t) for name, t in marks if t is not None]
    for (name, t0), (_, t1) in itertools.pairwise([*marks, ("end", total)]):
        phases[name] = max(0.0, t1 - t0)
    phases["execute"] = sum(float(m.group(1)) for _, x in lines if (m := _EXECUTED.search(x)))
    phases["notebooks_executed"] = sum(1 for _, x in lines if _EXECUTED.search(x))
    phases["pages_written"] = sum(1 for _, x in lines if re.match(r"^writing output\.\.\. *\[", x))
    if lite0 is not None and lite1 is not None:
        phases["jupyterlite"] = lite1 - lite0
    return phases


def jb_build(ctx: Context, src: Path, out: Path, label: str) -> float:
    """Build the book in ``src`` into ``out/_build/html``; return wall seconds."""
    jb = str(ctx.bin_dir / "jupyter-book")
    cmd = [jb, "build", str(src), "--path-output", str(out), "--builder", "html"]
    seconds, code, lines = run_streamed(cmd, cwd=src, env=copy_env(src))
    output = "\n".join(line for _, line in lines)
    logfile = ctx.tmp / f"{label}.log"
    logfile.write_text("\n".join(f"{t:8.2f} {line}" for t, line in lines), encoding="utf-8")
    index = out / "_build" / "html" / "index.html"
    if code != 0 or not index.exists():
        raise BenchError(
            f"{label}: jupyter-book build exited {code}: {build_error(output)}\n"
            f"(log {logfile})\n{tail(output, 40)}"
        )
    warnings = len(re.findall(r"WARNING", output))
    phases = build_phases(lines, seconds)
    ctx.build_records.append(
        {"label": label, "seconds": seconds, "warning_lines": warnings, "phases": phases}
    )
    log(f"{label}: {seconds:.1f} s ({warnings} warning lines)")
    return seconds


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def build_error(output: str) -> str:
    """The most telling lines of a failed build's output: which page, and the cause."""
    lines = [line.strip() for line in strip_ansi(output).splitlines()]
    parts: list[str] = []
    for i, line in enumerate(lines):
        if re.match(r"^(Extension error|Sphinx error|Configuration error)", line):
            parts.append(f"{line} {lines[i + 1] if i + 1 < len(lines) else ''}".strip())
            break
    page = next((m.group(1) for m in map(_EXEC_ERROR.match, lines) if m), None)
    if page:
        parts.append(f"executing {page}")
    wrappers = ("RuntimeError", "ExtensionError", "CellExecutionError", "ExecutionError")
    cause = next(
        (
            line
            for line in lines
            if re.match(r"^[\w.]*(Error|Exception|Warning): \S", line)
            and line.split(":")[0].rsplit(".", 1)[-1] not in wrappers
        ),
        None,
    )
    if cause:
        parts.append(cause)
    if not parts:
        parts.append(next((line for line in reversed(lines) if line), "no output"))
    return "; ".join(parts)


_EXEC_ERROR = re.compile(r"^[\w.]*ExecutionError: (\S+)$")


def median_phases(records: list[dict[str, Any]], prefix: str) -> dict[str, float]:
    """Median of each phase over the build records whose label starts with ``prefix``."""
    picked = [r["phases"] for r in records if r["label"].startswith(prefix) and "phases" in r]
    keys = sorted({k for p in picked for k in p})
    return {k: statistics.median(p.get(k, 0.0) for p in picked) for k in keys}


def fmt_phases(ph: dict[str, float]) -> str:
    parts = [f"startup {ph.get('startup', 0):.0f} s"]
    read = f"read {ph.get('read', 0):.0f} s"
    if ph.get("notebooks_executed"):
        read += f" (executing {ph['notebooks_executed']:.0f} notebooks {ph['execute']:.0f} s)"
    parts.append(read)
    parts.append(f"write {ph.get('write', 0):.0f} s ({ph.get('pages_written', 0):.0f} pages)")
    after = f"after {ph.get('after', 0):.0f} s"
    if "jupyterlite" in ph:
        after += f" (JupyterLite {ph['jupyterlite']:.0f} s)"
    parts.append(after)
    return ", ".join(parts)


def build_stock(ctx: Context, i: int) -> tuple[float, Path, Path]:
    """Create the stock template (``jupyter-book create``) and build it cold."""
    stock = ctx.tmp / f"stock{i}"
    if stock.exists():
        shutil.rmtree(stock)
    jb = str(ctx.bin_dir / "jupyter-book")
    _, proc = timed_run([jb, "create", str(stock)], cwd=ctx.tmp)
    if proc.returncode != 0:
        raise BenchError(f"jupyter-book create failed: {tail(proc.stdout + proc.stderr)}")
    out = ctx.tmp / f"stock{i}-out"
    seconds = jb_build(ctx, stock, out, f"stock-cold-{i}")
    return seconds, stock, out / "_build" / "html"


def section_build(ctx: Context) -> SectionResult:
    res = SectionResult()
    cold: list[float] = []
    warm: list[float] = []
    incr: list[float] = []
    stock: list[float] = []
    failures: list[tuple[str, BaseException]] = []
    for i in range(ctx.runs):
        try:
            src, out = fresh_site(ctx, f"site{i}")
            log(f"build run {i + 1}/{ctx.runs}: cold build of a fresh copy in {src}")
            cold.append(jb_build(ctx, src, out, f"cold-{i}"))
            ctx.site_root, ctx.site_html = src, out / "_build" / "html"
            warm.append(jb_build(ctx, src, out, f"warm-{i}"))
            chapter = src / EDIT_CHAPTER
            with chapter.open("a", encoding="utf-8") as fh:
                fh.write(f"\n<!-- bench: incremental rebuild {i} -->\n")
            incr.append(jb_build(ctx, src, out, f"incremental-{i}"))
        except Exception as exc:
            failures.append((f"build run {i + 1}", exc))
            log(f"build run {i + 1} failed: {first_line(str(exc), 200)}")
        try:
            seconds, root, html = build_stock(ctx, i)
            stock.append(seconds)
            ctx.stock_root, ctx.stock_html = root, html
        except Exception as exc:
            failures.append((f"peer: stock template build, run {i + 1}", exc))
        # keep only the newest copies on disk
        keep = {ctx.site_root, ctx.stock_root}
        keep |= {h.parents[1] for h in (ctx.site_html, ctx.stock_html) if h is not None}
        for old in (f"site{i - 1}", f"site{i - 1}-out", f"stock{i - 1}", f"stock{i - 1}-out"):
            if i > 0 and ctx.tmp / old not in keep:
                shutil.rmtree(ctx.tmp / old, ignore_errors=True)

    ctx.build_failed = not cold
    n_pages = len(page_files(ctx.site_root, ctx.site_html)) if ctx.site_html else 0
    n_stock = len(page_files(ctx.stock_root, ctx.stock_html)) if ctx.stock_html else 0
    res.data.update(pages=n_pages, stock_pages=n_stock, edited_chapter=EDIT_CHAPTER)
    rows = res.rows
    if cold:
        s = res.data["cold_s"] = summarize(cold)
        rows.append(
            Row(
                "build",
                "cold build, whole site (fresh cache)",
                fmt_range(s),
                f"< {TARGET_COLD_S:.0f} s",
                yes_no(s["median"] < TARGET_COLD_S),
            )
        )
    if warm:
        s = res.data["warm_s"] = summarize(warm)
        rows.append(
            Row(
                "build",
                "warm rebuild, nothing changed",
                fmt_range(s),
                f"< {TARGET_WARM_S:.0f} s",
                yes_no(s["median"] < TARGET_WARM_S),
            )
        )
    if incr:
        s = res.data["incremental_s"] = summarize(incr)
        rows.append(Row("build", f"incremental rebuild ({EDIT_CHAPTER} edited)", fmt_range(s)))
    if stock:
        s = res.data["stock_cold_s"] = summarize(stock)
        rows.append(
            Row("build", f"peer: stock template cold build ({n_stock} pages)", fmt_range(s))
        )
    if cold and n_pages:
        ours = res.data["cold_s_per_page"] = res.data["cold_s"]["median"] / n_pages
        text = f"{ours:.2f} s/page ({n_pages} pages)"
        if stock and n_stock:
            theirs = res.data["stock_s_per_page"] = res.data["stock_cold_s"]["median"] / n_stock
            res.data["s_per_page_ratio"] = ours / theirs
            text += f" vs stock {theirs:.2f} s/page: ours takes {ours / theirs:.2f}x"
        rows.append(Row("build", "cold build per page, ours vs stock", text))
    for kind in ("cold", "warm", "incremental"):
        phases = median_phases(ctx.build_records, f"{kind}-")
        if phases:
            res.data[f"{kind}_phases"] = phases
            warned = max(
                r["warning_lines"] for r in ctx.build_records if r["label"].startswith(kind)
            )
            text = fmt_phases(phases) + (f"; {warned} WARNING lines in the log" if warned else "")
            rows.append(Row("build", f"{kind}: where the time went (median)", text))
    for measure, exc in failures:
        res.fail(measure, exc)
    res.data["builds"] = ctx.build_records
    if res.errors:
        res.status = "partial" if cold else "failed"
    return res
