"""The partner scorecards' figure (:mod:`alliancelab.scorecard`): a dot chart of the scores.

:func:`~alliancelab.scorecard.plot_scorecards` draws each candidate's factor scores and
weighted total, best first, with weak scores ringed and weak links spelled out. It is
importable from :mod:`alliancelab.scorecard` too, and documented there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._style import PALETTE, new_figure, set_background, text_width_in
from ._text import clip as _clip
from ._validate import check_int_range
from .scorecard import _RESERVED, RANKING_COLUMNS, CriteriaLike, Scorecard, _coerce_criteria
from .scorecard_ranking import _check_thresholds, rank_candidates

__all__ = ["plot_scorecards"]

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_COLOURS = ("blue", "orange", "green", "purple", "sky", "black", "yellow", "grey")


def plot_scorecards(
    scorecards: Iterable[Scorecard] | pd.DataFrame,
    criteria: CriteriaLike = None,
    *,
    floor: int | None = None,
    strong_total: float = 3.5,
    max_candidates: int = 12,
) -> Figure:
    """Draw each candidate's factor scores and weighted total as a dot chart.

    Candidates run down the chart best first (rank, name and total in the label). Each
    factor has its own marker shape as well as colour; the weighted total is a vertical
    bar. Weak scores (at or below ``floor``) are ringed, and a flagged weak link is also
    spelled out under the candidate's name, so nothing relies on colour alone.

    Parameters
    ----------
    scorecards : list of Scorecard, a wide DataFrame, or a :func:`rank_candidates` result
        A ranking is drawn as it is (its totals and flags are kept); anything else is
        ranked first with ``criteria``, ``floor`` and ``strong_total``.
    criteria : optional
        As in :func:`rank_candidates`. With a ranking, it picks and orders the factor
        columns to draw.
    floor : int, optional
        Weak-score threshold; defaults to the ranking's own (2 unless set otherwise).
    strong_total : float, default 3.5
    max_candidates : int, default 12
        Only the best this many are drawn; the title says so when some are left out.

    Examples
    --------
    >>> cards = [Scorecard("Acme", {"reputation": 5, "stability": 2, "complementarity": 5,
    ...                             "cultural similarity": 4}),
    ...          Scorecard("Bolt", {"reputation": 3, "stability": 4, "complementarity": 3,
    ...                             "cultural similarity": 4})]
    >>> fig = plot_scorecards(cards)
    >>> fig.axes[0].get_title(loc="left")
    'Partner scorecards: factor scores and weighted total'
    """
    max_candidates = check_int_range("max_candidates", max_candidates, 1, 50)
    is_ranking = isinstance(scorecards, pd.DataFrame) and set(RANKING_COLUMNS) <= set(
        scorecards.columns
    )
    if is_ranking:
        ranking = scorecards
        if ranking.empty:
            raise ValueError("plot_scorecards needs at least one candidate")
        if criteria is None:
            factors = [c for c in ranking.columns if c not in _RESERVED]
        else:
            factors = [c.name for c in _coerce_criteria(criteria)]
            missing = [f for f in factors if f not in ranking.columns]
            if missing:
                raise ValueError(f"the ranking has no column for criterion {missing[0]!r}")
        floor = ranking.attrs.get("floor", 2) if floor is None else floor
        floor, _ = _check_thresholds(floor, None)
        ranking = ranking.sort_values("rank", kind="stable")
    else:
        floor = 2 if floor is None else floor
        ranking = rank_candidates(scorecards, criteria, floor, strong_total)
        factors = [c.name for c in _coerce_criteria(criteria)]

    if "candidate" in ranking.columns:
        ranking = ranking.set_index("candidate")
    total = len(ranking)
    shown = ranking.iloc[:max_candidates]
    n = len(shown)
    k = len(factors)
    fig, ax = new_figure(7.4, 1.6 + 0.55 * n + 0.25 * math.ceil(k / 3))
    ys = np.arange(n)[::-1].astype(float)
    for y in ys[::2]:
        ax.axhspan(y - 0.5, y + 0.5, color="#F2F2F2", zorder=0, linewidth=0)
    spread = min(0.6, 0.14 * k)
    offsets = np.linspace(-spread / 2, spread / 2, k) if k > 1 else np.zeros(1)
    weak_labelled = False
    # the scores, totals and ranked names change as the learner scores; the rest is kept
    changing: list[Any] = [ax.yaxis]
    for j, factor in enumerate(factors):
        scores = shown[factor].to_numpy(dtype=float)
        y = ys - offsets[j]
        dots = ax.scatter(
            scores,
            y,
            marker=_MARKERS[j % len(_MARKERS)],
            s=46,
            color=PALETTE[_COLOURS[j % len(_COLOURS)]],
            edgecolors="black",
            linewidths=0.4,
            zorder=3,
            label=factor,
        )
        changing.append(dots)
        low = scores <= floor
        if low.any():
            ring = ax.scatter(
                scores[low],
                y[low],
                marker="o",
                s=190,
                facecolors="none",
                edgecolors=PALETTE["vermillion"],
                linewidths=1.6,
                zorder=4,
                label=None if weak_labelled else f"weak score (≤ {floor})",
            )
            changing.append(ring)
            weak_labelled = True
    totals = shown["weighted_total"].to_numpy(dtype=float)
    bars = ax.scatter(
        totals,
        ys,
        marker="|",
        s=420,
        linewidths=2.4,
        color="black",
        zorder=5,
        label="weighted total",
    )
    changing.append(bars)

    labels = []
    for name, row in shown.iterrows():
        label = f"{int(row['rank'])}. {_clip(str(name), 34)}"
        label += f" ({row['weighted_total']:.2f})"
        if bool(row["weak_link"]):
            low = [f for f in factors if row[f] <= floor]
            text = _clip(", ".join(low), 34)
            label += f"\n⚠ weak link: {text}"
        labels.append(label)
    ax.set_yticks(ys, labels, fontsize=9)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0.6, 5.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.6, zorder=1)
    ax.set_axisbelow(True)
    ax.set_xlabel("score (1 = poor, 5 = excellent)")
    title = "Partner scorecards: factor scores and weighted total"
    if total > n:
        title += f"\n(top {n} of {total} candidates shown)"
    ax.set_title(title, fontsize=11, loc="left")
    handles, names = ax.get_legend_handles_labels()
    last = {"weighted total": 1, f"weak score (≤ {floor})": 2}
    pairs = sorted(zip(handles, names, strict=True), key=lambda hn: last.get(hn[1], 0))
    handles, names = [h for h, _ in pairs], [lab for _, lab in pairs]
    fig.legend(
        handles,
        names,
        loc="outside lower center",
        ncol=min(4, len(names)),
        fontsize=9,
        frameon=False,
    )
    # the layout engine leaves room for the widest name: the rest depends on its width
    widest = round(text_width_in(fig, labels, 9) * fig.dpi, 1)
    kept = ("scorecards", fig.get_size_inches().tobytes(), title, tuple(names), widest)
    set_background(fig, kept, changing)
    return fig
