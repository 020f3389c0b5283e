"""What every section shares: progress log, statistics, formatting, results and the table."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the checkout this file belongs to (the one benchmarked unless ``--repo`` says otherwise)
ROOT = Path(__file__).resolve().parents[1]
#: the N of the scaling section
SCALING_SIZES = (1_000, 10_000, 100_000)
#: the seed of every random data set, so each report times the same data
SEED = 20261125
#: value changes timed per widget, at least
MIN_CHANGES = 50


def log(message: str) -> None:
    """Progress line on stderr (the table goes to stdout)."""
    stamp = dt.datetime.now().strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", file=sys.stderr, flush=True)


def summarize(samples: Iterable[float]) -> dict[str, Any]:
    """Median, min and max (and the raw samples) of a list of figures."""
    values = [float(v) for v in samples]
    if not values:
        raise ValueError("summarize needs at least one sample")
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
        "samples": values,
    }


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    data = sorted(float(v) for v in values)
    if not data:
        raise ValueError("percentile needs at least one value")
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "n/a"
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:.2f} {unit}"
    return f"{n:.0f} B"


def signed_bytes(n: float) -> str:
    return ("+" if n >= 0 else "-") + fmt_bytes(abs(n))


def fmt_range(stats: dict[str, Any], unit: str = "s", scale: float = 1.0, digits: int = 1) -> str:
    med, lo, hi = (stats[k] * scale for k in ("median", "min", "max"))
    if stats.get("runs", 1) == 1:
        return f"{med:.{digits}f} {unit} (1 run)"
    return f"{med:.{digits}f} {unit} [{lo:.{digits}f}–{hi:.{digits}f}]"


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


class BenchError(RuntimeError):
    """A measurement that could not be taken (its message says why)."""


@dataclass
class Row:
    """One line of the printed table."""

    section: str
    measure: str
    value: str
    target: str = ""
    met: str = "—"  # yes / no / — (informational) / FAILED / n/a


@dataclass
class SectionResult:
    status: str = "ok"  # ok | failed | partial | not available | skipped
    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def fail(self, measure: str, exc: BaseException | str) -> None:
        """Record a failed measurement without stopping the section."""
        if isinstance(exc, str | BenchError):
            msg = str(exc)
        else:
            msg = f"{type(exc).__name__}: {exc}"
        self.errors.append(f"{measure}: {msg}")
        self.rows.append(Row("", measure, f"FAILED: {first_line(msg)}", met="FAILED"))
        self.status = "partial" if self.status == "ok" else self.status


def first_line(text: str, width: int = 70) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def yes_no(ok: bool) -> str:
    return "yes" if ok else "no"


@dataclass
class Context:
    """Settings and the artefacts sections share (temp dir, built sites)."""

    runs: int = 3
    quick: bool = False
    tmp: Path = Path(tempfile.gettempdir())
    python: str = sys.executable
    repo: Path = ROOT
    site_html: Path | None = None
    site_root: Path | None = None
    stock_html: Path | None = None
    stock_root: Path | None = None
    build_failed: bool = False
    build_records: list[dict[str, Any]] = field(default_factory=list)
    exercises: dict[str, Any] | None = None  # override of alliancelab.widgets.EXERCISES
    changes: int = MIN_CHANGES
    sizes: tuple[int, ...] = SCALING_SIZES

    @property
    def bin_dir(self) -> Path:
        return Path(self.python).parent


def render_table(results: dict[str, SectionResult]) -> str:
    rows = [r for res in results.values() for r in res.rows]
    head = ("section", "measure", "measured: median [min–max]", "target", "met")
    cells = [head] + [(r.section, r.measure, r.value, r.target, r.met) for r in rows]
    widths = [min(max(len(c[i]) for c in cells), cap) for i, cap in enumerate((11, 60, 90, 24, 6))]

    def line(c: tuple[str, ...]) -> str:
        parts = []
        for text, width in zip(c, widths, strict=True):
            text = text if len(text) <= width else text[: width - 1] + "…"
            parts.append(text.ljust(width))
        return " | ".join(parts).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    out = [line(head), sep]
    last = None
    for c in cells[1:]:
        if last is not None and c[0] != last:
            out.append(sep)
        out.append(line(c))
        last = c[0]
    return "\n".join(out)
