"""Figures of the two-sided health check (:mod:`alliancelab.perception`).

:func:`plot_perception_gaps` draws one review, item by item, as a dumbbell chart;
:func:`plot_perception_trend` draws how the gaps moved from review to review.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ._style import LABEL_PAD, PALETTE, label_columns, label_rows, new_figure, writer
from ._validate import check_text
from .perception import (
    FLAG_GAP,
    PerceptionSurvey,
    SurveyRound,
    _check_round,
    _check_survey,
    perception_gaps,
    trend_summary,
)

__all__ = ["plot_perception_gaps", "plot_perception_trend"]


_START_STYLE = {"marker": "o", "color": PALETTE["blue"]}
_CORP_STYLE = {"marker": "s", "color": PALETTE["orange"]}


def _side(name: str, role: str) -> str:
    """Return a legend entry: the side's name and role, or the name alone if it is the role."""
    return name if name.strip().lower() == role else f"{name} ({role})"


def plot_perception_gaps(
    survey_round: SurveyRound,
    startup_name: str = "Start-up",
    corporate_name: str = "Corporate",
) -> Figure:
    """Draw each side's answer per item and the gap between them (a dumbbell chart).

    The start-up's answer is a circle, the corporate's a square, joined by a line whose
    length is the perception gap; the gap is written at the right, and items to talk
    about first are marked "▶ talk first" in words, so nothing relies on colour.
    Unanswered items say so.

    Examples
    --------
    >>> fig = plot_perception_gaps(SurveyRound("Year 2", {"pace": 2, "trust": 4},
    ...                                        {"pace": 5, "trust": 4}), "Corvanth", "Aldermoor")
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "gap -3 ▶ talk first" in texts, "gap 0" in texts, "not answered" in texts
    (True, True, True)
    """
    survey_round = _check_round(survey_round)
    startup_name = check_text("startup name", startup_name, max_len=100)
    corporate_name = check_text("corporate name", corporate_name, max_len=100)
    gaps = perception_gaps(survey_round)
    fig, ax = new_figure(7.4, 0.46 * len(gaps) + 1.5)  # the proportions of the earlier 8-in figure
    ys = np.arange(len(gaps))[::-1]
    start, corporate = gaps["startup"].to_numpy(float), gaps["corporate"].to_numpy(float)
    both = ~np.isnan(start) & ~np.isnan(corporate)
    # each side's answers as one artist, the gaps between them as another
    ax.hlines(ys[both], start[both], corporate[both], color="#777777", linewidth=2.2, zorder=1)
    ax.plot(start, ys, linestyle="none", markersize=10, zorder=3, **_START_STYLE)
    ax.plot(
        corporate,
        ys,
        linestyle="none",
        markersize=9,
        zorder=2,
        fillstyle="none",
        markeredgewidth=2,
        **_CORP_STYLE,
    )
    write = writer(ax, inside=True)
    for y, row in zip(ys, gaps.itertuples(index=False), strict=True):
        if row.flag == "not answered":
            note = "not answered"
        else:
            note = f"gap {row.gap:+.0f}" if row.gap else "gap 0"
            if row.flag == "talk first":
                note += " ▶ talk first"
            elif row.flag == "shared concern":
                note += " (both low)"
        bold = row.flag == "talk first"
        write(
            5.35,
            y,
            note,
            va="center",
            ha="left",
            fontsize=9,
            fontweight="bold" if bold else "normal",
        )
    ax.set_xlim(0.7, 7.1)
    ax.set_ylim(-0.7, len(gaps) - 0.3)
    # the items and the scale as texts, the grid as one artist: a third of ticks' artists
    ax.yaxis.set_visible(False)
    ax.set_xticks([])
    label_rows(ax, ys, ["\n".join(textwrap.wrap(label, 18)) for label in gaps["label"]])
    scale = ["1\nstrongly\ndisagree", "2", "3", "4", "5\nstrongly\nagree"]
    label_columns(ax, range(1, 6), scale)
    ax.vlines(range(1, 6), -0.7, len(gaps) - 0.3, color="#dddddd", linewidth=0.8, zorder=0)
    ax.spines["left"].set_visible(False)
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            markersize=9,
            label=_side(startup_name, "start-up"),
            **_START_STYLE,
        ),
        Line2D(
            [],
            [],
            linestyle="none",
            markersize=9,
            fillstyle="none",
            markeredgewidth=2,
            label=_side(corporate_name, "corporate"),
            **_CORP_STYLE,
        ),
    ]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.42, 1.0),
        ncol=2,
        frameon=False,
        fontsize=9,
    )
    ax.set_title(f"How each side sees the alliance: {survey_round.label}", fontsize=11, pad=26)
    return fig


def plot_perception_trend(survey: PerceptionSurvey) -> Figure:
    """Draw, round by round, the average gap and the largest gap, with the item it is on.

    The average is a solid line with circles, the largest gap a dashed line with
    triangles, each point labelled with its item; a shaded band marks gaps of at least
    :data:`~alliancelab.perception.FLAG_GAP` points.

    Examples
    --------
    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q1", {"pace": 2}, {"pace": 5}),
    ...                                 SurveyRound("Q2", {"pace": 3}, {"pace": 4})])
    >>> fig = plot_perception_trend(s)
    >>> notes = [t for t in fig.axes[0].texts if t.get_gid() is None]  # not the scales
    >>> [t.get_text().replace(chr(10), " ") for t in notes][1:]
    ['Compatible pace', 'Compatible pace']
    >>> plot_perception_trend(PerceptionSurvey("A", "B"))
    Traceback (most recent call last):
    ...
    ValueError: survey has no rounds yet; add one with add_round
    """
    _check_survey(survey)
    if not survey.rounds:
        raise ValueError("survey has no rounds yet; add one with add_round")
    summary = trend_summary(survey)
    fig, ax = new_figure(7.4, 4.2)
    x = np.arange(len(summary))
    ax.axhspan(FLAG_GAP, 4.4, color=PALETTE["vermillion"], alpha=0.08, zorder=0)
    write = writer(ax, inside=True)
    write(
        x[-1] + 0.35,
        4.3,
        f"gap of {FLAG_GAP} or more: flagged",
        ha="right",
        va="top",
        fontsize=9,
        color="#8a1c00",
    )
    ax.plot(
        x,
        summary["mean_abs_gap"],
        marker="o",
        color=PALETTE["blue"],
        linewidth=2,
        label="average gap over the items",
    )
    ax.plot(
        x,
        summary["largest_gap"],
        marker="^",
        linestyle="--",
        color=PALETTE["vermillion"],
        linewidth=1.6,
        label="largest gap (item named)",
    )
    for xi, (value, items, tied) in enumerate(
        zip(summary["largest_gap"], summary["largest_item"], summary["tied"], strict=True)
    ):
        if not np.isnan(value):
            # items tied for the largest gap: the first is named, the others counted (the
            # survey's labels hold no ", ", which joins them in trend_summary)
            item = items.split(", ")[0] + (f" and {tied - 1} more" if tied > 1 else "")
            write(
                xi,
                value + 0.12,
                "\n".join(textwrap.wrap(item, 14)),
                ha="center",
                va="bottom",
                fontsize=9,
            )
    ax.set_xlim(-0.5, max(len(x) - 0.5, 0.5))
    ax.set_ylim(0, 4.4)
    # the rounds and the whole points apart as texts: a third of the artists of ticks
    ax.set_xticks([])
    ax.set_yticks([])
    label_columns(ax, x, ["\n".join(textwrap.wrap(label, 14)) for label in summary["round"]])
    label_rows(ax, range(5), [str(v) for v in range(5)])
    ax.set_ylabel("points apart (0 = both sides agree)", labelpad=LABEL_PAD + 4 + 7)
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    ax.set_title(
        f"Perception gaps over time: {survey.startup_name} and {survey.corporate_name}", fontsize=11
    )
    return fig
