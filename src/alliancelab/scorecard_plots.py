"""The partner scorecards' figure (:mod:`alliancelab.scorecard`): a dot chart of the scores.

:func:`~alliancelab.scorecard.plot_scorecards` draws each candidate's factor scores and
weighted total, best first, with weak scores ringed and weak links spelled out. It is
importable from :mod:`alliancelab.scorecard` too, and documented there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import LABEL_PAD, PALETTE, boxes, label_columns, label_rows, new_figure
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

    # a new frame either way (ranked, or sorted): its attrs (the criteria) go, as pandas
    # deep-copies them on every step below and the figure has read what it needs
    ranking.attrs = {}
    if "candidate" in ranking.columns:
        ranking = ranking.set_index("candidate")
    total = len(ranking)
    shown = ranking.iloc[:max_candidates]
    n = len(shown)
    k = len(factors)
    fig, ax = new_figure(7.4, 1.6 + 0.55 * n + 0.25 * math.ceil(k / 3))
    ys = np.arange(n)[::-1].astype(float)
    boxes(
        ax, [(0.6, y - 0.5, 4.8, 1.0) for y in ys[::2]], facecolor="#F2F2F2", linewidth=0, zorder=0
    )
    spread = min(0.6, 0.14 * k)
    offsets = np.linspace(-spread / 2, spread / 2, k) if k > 1 else np.zeros(1)
    weak: list[tuple[float, float]] = []
    for j, factor in enumerate(factors):
        scores = shown[factor].to_numpy(dtype=float)
        y = ys - offsets[j]
        ax.scatter(
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
        low = scores <= floor
        weak += zip(scores[low], y[low], strict=True)
    if weak:  # every weak score ringed, by one artist
        ax.scatter(
            *zip(*weak, strict=True),
            marker="o",
            s=190,
            facecolors="none",
            edgecolors=PALETTE["vermillion"],
            linewidths=1.6,
            zorder=4,
            label=f"weak score (≤ {floor})",
        )
    totals = shown["weighted_total"].to_numpy(dtype=float)
    ax.scatter(
        totals,
        ys,
        marker="|",
        s=420,
        linewidths=2.4,
        color="black",
        zorder=5,
        label="weighted total",
    )

    labels = []
    for name, row in shown.iterrows():
        label = f"{int(row['rank'])}. {_clip(str(name), 34)}"
        label += f" ({row['weighted_total']:.2f})"
        if bool(row["weak_link"]):
            low = [f for f in factors if row[f] <= floor]
            text = _clip(", ".join(low), 34)
            label += f"\n⚠ weak link: {text}"
        labels.append(label)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0.6, 5.4)
    # names and scores as texts, grid lines as one artist: a third of the artists of ticks
    ax.yaxis.set_visible(False)
    ax.set_xticks([])
    label_rows(ax, ys, labels, fontsize=9)
    label_columns(ax, range(1, 6), [str(v) for v in range(1, 6)], fontsize=10)
    ax.vlines(range(1, 6), -0.6, n - 0.4, color="#CCCCCC", linewidth=0.6, zorder=1)
    ax.set_xlabel("score (1 = poor, 5 = excellent)", labelpad=LABEL_PAD + 4 + 10)
    title = "Partner scorecards: factor scores and weighted total"
    if total > n:
        title += f"\n(top {n} of {total} candidates shown)"
    ax.set_title(title, fontsize=11, loc="left")
    # the legend's entries as lines of markers: lighter to lay out and draw than copies
    # of the scatters (matplotlib's default), and they look the same
    handles, names = [], []
    for j, factor in enumerate(factors):
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=_MARKERS[j % len(_MARKERS)],
                markersize=46**0.5,
                markerfacecolor=PALETTE[_COLOURS[j % len(_COLOURS)]],
                markeredgecolor="black",
                markeredgewidth=0.4,
            )
        )
        names.append(factor)
    handles.append(
        Line2D(
            [],
            [],
            linestyle="none",
            marker="|",
            markersize=420**0.5,
            markeredgewidth=2.4,
            color="black",
        )
    )
    names.append("weighted total")
    if weak:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=190**0.5,
                markerfacecolor="none",
                markeredgecolor=PALETTE["vermillion"],
                markeredgewidth=1.6,
            )
        )
        names.append(f"weak score (≤ {floor})")
    fig.legend(
        handles,
        names,
        loc="outside lower center",
        ncol=min(4, len(names)),
        fontsize=9,
        frameon=False,
    )
    return fig
