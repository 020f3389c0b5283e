"""The figures section: the figures that grow with the data, and their widgets, at 1,000 rows."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench.common import SEED, Context, Row, SectionResult, fmt_range, percentile, summarize, yes_no
from bench.interaction import bench_steps, clear_widget_figures
from bench.scaling import random_risks, time_call

#: a course figure (or a widget's change -> outputs) with 1,000 rows, in seconds
TARGET_FIGURE_S = 1.0
FIGURE_ROWS = 1_000
#: value changes timed per widget in the figures section (each draws its figure afresh)
FIGURE_CHANGES = 10


def figure_register(n: int, seed: int = SEED):
    """A RiskRegister of n random risks rated at two assessments, "before" and "after"."""
    import numpy as np

    from alliancelab.risks import Risk, RiskRegister

    rows = random_risks(n, seed)
    rng = np.random.default_rng(seed + 1)
    earlier = rng.integers(1, 6, size=(n, 2))
    return RiskRegister(
        tuple(Risk(name, cls) for name, cls, _, _ in rows),
        {
            "before": {r[0]: (int(a), int(b)) for r, (a, b) in zip(rows, earlier, strict=True)},
            "after": {name: (a, b) for name, _, a, b in rows},
        },
    )


def figure_resource_map(n: int, seed: int = SEED):
    """A ResourceMap of n categories (the standard ones first), brought and needed at random."""
    import numpy as np

    from alliancelab.resources import ALLIANCE_STAGES, RESOURCE_CATEGORIES, ResourceMap

    rng = np.random.default_rng(seed)
    extra = [f"category {i:05d}" for i in range(max(0, n - len(RESOURCE_CATEGORIES)))]
    cats = [*RESOURCE_CATEGORIES, *extra][:n]
    venture, partner = rng.random((2, n)) < 0.35
    needed = rng.random((len(ALLIANCE_STAGES), n)) < 0.3
    return ResourceMap(
        "Voltra",
        "BigAuto",
        brings={
            "Voltra": [c for c, b in zip(cats, venture, strict=True) if b],
            "BigAuto": [c for c, b in zip(cats, partner, strict=True) if b],
        },
        needs={
            stage: [c for c, b in zip(cats, row, strict=True) if b]
            for stage, row in zip(ALLIANCE_STAGES, needed, strict=True)
        },
    )


def figure_portfolio(n: int, seed: int = SEED) -> tuple[list[Any], list[str]]:
    """n alliances with n different partners, each bringing three of 40 categories; needs."""
    import numpy as np

    from alliancelab.portfolio import DIRECTIONS, GOVERNANCE_MODE_NAMES, PURPOSES, Alliance
    from alliancelab.resources import RESOURCE_CATEGORIES

    rng = np.random.default_rng(seed)
    cats = [
        *RESOURCE_CATEGORIES,
        *(f"resource {i:02d}" for i in range(40 - len(RESOURCE_CATEGORIES))),
    ]
    picks = rng.integers(0, len(cats), size=(n, 3))
    items = [
        Alliance(
            f"Partner {i:05d}",
            PURPOSES[i % len(PURPOSES)],
            DIRECTIONS[i % len(DIRECTIONS)],
            GOVERNANCE_MODE_NAMES[i % len(GOVERNANCE_MODE_NAMES)],
            [cats[k] for k in row],
        )
        for i, row in enumerate(picks)
    ]
    return items, list(RESOURCE_CATEGORIES[:8])


def count_texts(fig: Any) -> int:
    """Number of Text artists of a figure (tick labels included)."""
    from matplotlib.text import Text

    return len(fig.findobj(Text))


def time_changes(widget: Any, changes: int, warmup: int = 2) -> list[float]:
    """Wall seconds of each typical change of ``widget``, its figure drawn afresh each time."""
    step = bench_steps().step
    for i in range(warmup):
        step(widget, i)
    out = []
    for i in range(warmup, warmup + changes):
        clear_widget_figures()
        start = time.perf_counter()
        step(widget, i)
        out.append(time.perf_counter() - start)
    return out


def section_figures(ctx: Context) -> SectionResult:
    """Time the three figures that grow with the data, and their widgets, at 1,000 rows."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    from alliancelab._style import png_bytes
    from alliancelab.portfolio import plot_portfolio
    from alliancelab.resources import plot_resource_map
    from alliancelab.risks import plot_risk_matrix

    res = SectionResult()
    n = FIGURE_ROWS
    register = figure_register(n)
    rmap = figure_resource_map(n)
    items, needs = figure_portfolio(n)
    figures: dict[str, tuple[str, Callable[[], Any]]] = {
        "risk matrix": (
            "risk matrix, compared",
            lambda: plot_risk_matrix(register, "after", compare_with="before"),
        ),
        "resource map": ("resource map", lambda: plot_resource_map(rmap)),
        "portfolio": (f"portfolio, {n:,} partners", lambda: plot_portfolio(items, needs)),
    }
    target = f"< {TARGET_FIGURE_S:.0f} s"
    for name, (what, build) in figures.items():
        measure = f"figures at {n:,} rows: {what}"
        try:
            fig = build()  # warm-up (imports, font cache); also gives the text count
            png_bytes(fig)
            texts = count_texts(fig)
            cpu: list[float] = []
            stats = summarize(time_call(lambda b=build: png_bytes(b()), ctx.runs, cpu))
            stats.update(cpu=summarize(cpu), text_artists=texts)
            res.data[name] = stats
            res.rows.append(
                Row(
                    "figures",
                    measure,
                    f"{fmt_range(stats, digits=2)} (draw + PNG; {texts} texts)",
                    target,
                    yes_no(stats["median"] < TARGET_FIGURE_S),
                )
            )
        except Exception as exc:
            res.fail(measure, exc)
            res.rows[-1].section = "figures"
            res.data[name] = {"error": traceback.format_exc()}
    # the widgets holding the same data: value change -> outputs, figure drawn afresh
    try:
        from alliancelab import example_workbook
        from alliancelab.widgets import PortfolioExercise, ResourceMapExercise, RiskMatrixExercise
    except ImportError as exc:
        res.rows.append(
            Row("figures", f"widgets at {n:,} rows", f"not available ({exc})", met="n/a")
        )
        return res
    base = example_workbook()
    widgets = {
        "risk matrix": (RiskMatrixExercise, base.with_section(risk_register=register)),
        "resource map": (ResourceMapExercise, base.with_section(resource_map=rmap)),
        "portfolio": (PortfolioExercise, base.with_section(portfolio=tuple(items))),
    }
    for name, (cls, workbook) in widgets.items():
        measure = f"widget at {n:,} rows: {name}, change -> outputs"
        try:
            path = ctx.tmp / "figures" / f"{cls.__name__}.workbook.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            widget = cls(workbook, path=path)
            samples = time_changes(widget, max(FIGURE_CHANGES, ctx.runs))
        except Exception as exc:
            res.fail(measure, exc)
            res.rows[-1].section = "figures"
            res.data[f"widget/{name}"] = {"error": traceback.format_exc()}
            continue
        stats = summarize(samples)
        stats["p95"] = p95 = percentile(samples, 95)
        res.data[f"widget/{name}"] = stats
        res.rows.append(
            Row(
                "figures",
                measure,
                f"p95 {p95:.2f} s, median {stats['median']:.2f} s [{stats['min']:.2f}–"
                f"{stats['max']:.2f}], n={len(samples)}",
                target,
                yes_no(p95 < TARGET_FIGURE_S),
            )
        )
    return res
