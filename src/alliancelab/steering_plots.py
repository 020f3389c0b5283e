"""The figure of the steering committee (:mod:`alliancelab.steering`): the escalation ladder."""

from __future__ import annotations

import textwrap

from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ._style import PALETTE, new_figure
from .steering import SteeringCommittee, _check_committee

__all__ = ["plot_escalation_ladder"]

#: a white plate behind step labels, so a hatched step stays readable
_PLATE = {"facecolor": "white", "edgecolor": "none", "pad": 1.5, "alpha": 0.9}


def plot_escalation_ladder(committee: SteeringCommittee) -> Figure:
    """Draw the escalation ladder as a staircase, each step with who takes it and its deadline.

    Steps rise from left to right; each is labelled with its rung and "within N days"
    (or "⚠ no deadline", with a hatched step). Above the top step sits the deadlock
    rule, or "⚠ no deadlock rule". The running total of days is written under each
    step, so nothing relies on colour.

    Examples
    --------
    >>> from alliancelab.steering import Rung
    >>> sc = SteeringCommittee(ladder=[Rung("Alliance managers", 14), Rung("CEOs")])
    >>> texts = [t.get_text() for t in plot_escalation_ladder(sc).axes[0].texts]
    >>> "within 14 days" in texts, "⚠ no deadline" in texts, "⚠ no deadlock rule" in texts
    (True, True, True)
    >>> plot_escalation_ladder(SteeringCommittee())
    Traceback (most recent call last):
    ...
    ValueError: the committee has no escalation ladder yet; add a rung with add_rung
    """
    committee = _check_committee(committee)
    if not committee.ladder:
        raise ValueError("the committee has no escalation ladder yet; add a rung with add_rung")
    n = len(committee.ladder)
    fig, ax = new_figure(7.4, 1.2 + 0.7 * (n + 1))
    ax.set_axis_off()
    ax.set_xlim(-0.05, n + 0.05)
    ax.set_ylim(-0.6, n + 1.4)
    running = 0
    known = True
    for i, rung in enumerate(committee.ladder):
        missing = rung.deadline_days is None
        ax.add_patch(
            Rectangle(
                (i, 0),
                1,
                i + 1,
                facecolor="white" if missing else (*to_rgb(PALETTE["sky"]), 0.45),
                edgecolor="#333333",
                hatch="//" if missing else None,
                linewidth=1,
            )
        )
        ax.text(
            i + 0.5,
            i + 0.72,
            "\n".join(textwrap.wrap(rung.who, max(12, 72 // n), max_lines=3, placeholder="…")),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            bbox=_PLATE,
        )
        ax.text(
            i + 0.5,
            i + 0.25,
            "⚠ no deadline" if missing else f"within {rung.deadline_days} days",
            ha="center",
            va="center",
            fontsize=9,
            bbox=_PLATE,
        )
        if missing:
            known = False
        else:
            running += rung.deadline_days
        ax.text(
            i + 0.5,
            -0.3,
            f"day {running}" if known else "day ?",
            ha="center",
            va="center",
            fontsize=9,
        )
    rule = committee.deadlock_rule
    top = "Deadlock: " + rule if rule else "⚠ no deadlock rule"
    ax.text(
        n - 0.02,
        n + 0.55,
        "\n".join(textwrap.wrap(top, 56, max_lines=3, placeholder="…")),
        ha="right",
        va="center",
        fontsize=9,
        fontweight="normal" if rule else "bold",
    )
    ax.text(
        0,
        n + 1.3,
        "The escalation ladder: an issue climbs until someone resolves it",
        ha="left",
        va="top",
        fontsize=11,
    )
    ax.text(
        0,
        -0.58,
        "day N: the latest day the issue is settled, counted from when it is raised",
        ha="left",
        va="bottom",
        fontsize=9,
        style="italic",
    )
    return fig
