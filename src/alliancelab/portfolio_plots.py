"""The portfolio's figures (:mod:`alliancelab.portfolio`): the portfolio map and experience.

- :func:`~alliancelab.portfolio.plot_portfolio` draws who brings which resource category,
  the needed ones first and gaps marked, beside the portfolio's mix of purposes and
  directions;
- :func:`~alliancelab.portfolio.plot_experience_curve` draws the stylised experience curve
  (:func:`~alliancelab.portfolio.experience_curve`) beside a schematic of the declining
  success rate after about six alliances (``Draulans2003``): teaching illustrations with
  made-up units, not curves fitted to any data.

Both are importable from :mod:`alliancelab.portfolio` too, and documented there.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from ._style import (
    LABEL_PAD,
    PALETTE,
    ROW_LABEL_GID,
    boxes,
    brings_dots,
    label_columns,
    label_rows,
    new_figure,
    writer,
)
from ._validate import check_int_range
from .portfolio import (
    DIRECTIONS,
    MANY_ALLIANCES,
    PORTFOLIO_CATEGORIES_MAX,
    PORTFOLIO_PARTNERS_MAX,
    PURPOSES,
    Alliance,
    PortfolioReview,
    _coerce_alliances,
    experience_curve,
    review_portfolio,
)

__all__ = ["plot_experience_curve", "plot_portfolio"]


# --------------------------------------------------------------------------- figures


def _partners_to_draw(
    items: list[Alliance], partners: list[str], review: PortfolioReview
) -> list[str]:
    """Return the at most :data:`PORTFOLIO_PARTNERS_MAX` partners to draw, in given order.

    The partners the venture could least do without come first: those that alone bring
    a needed category, then those that bring the most needed categories, then those
    with the most alliances and the most categories.
    """
    if len(partners) <= PORTFOLIO_PARTNERS_MAX:
        return partners
    needed = set(review.coverage["category"][review.coverage["needed"]])
    brings: dict[str, set[str]] = {p: set() for p in partners}
    for a in items:
        brings[a.partner].update(a.resources)
    sole: dict[str, int] = {}
    for partner in review.single_partner_dependence.values():
        sole[partner] = sole.get(partner, 0) + 1

    def importance(p: str) -> tuple[int, int, int, int]:
        got = brings[p]
        return (sole.get(p, 0), len(got & needed), review.partner_counts.get(p, 0), len(got))

    order = {p: i for i, p in enumerate(partners)}
    picked = sorted(partners, key=lambda p: (*(-v for v in importance(p)), order[p]))
    return sorted(picked[:PORTFOLIO_PARTNERS_MAX], key=order.__getitem__)


def plot_portfolio(
    alliances: Iterable[Alliance],
    needs: Iterable[str] = (),
    *,
    review: PortfolioReview | None = None,
) -> Figure:
    """Draw the portfolio: a partner × resource matrix and the purpose and direction mix.

    The top panel has one row per partner and one column per resource category; a
    dot ("●") marks a category the partner brings. Needed categories come first with a "needed"
    header mark, and the last row spells out each category's status (gap, single
    partner, redundant, extra), with hatching for gaps. The bottom panels count
    alliances by purpose and by direction, each bar labelled with its number.

    A large portfolio stays legible and quick to draw: the matrix shows at most
    :data:`PORTFOLIO_PARTNERS_MAX` partners (those that alone bring a needed category
    first, then those that bring the most needed ones) and
    :data:`PORTFOLIO_CATEGORIES_MAX` categories (needed ones first); a row "and N more
    partners" and a line "and N more categories" say what is left out. The statuses
    and the bars always count the whole portfolio.

    ``review`` is :func:`review_portfolio` of the same alliances and needs, when the
    caller has it already (a widget shows its notes too): the figure then does not
    make it again.

    Examples
    --------
    >>> fig = plot_portfolio([Alliance("Aldermoor", "exploitation", "downstream",
    ...                                "licensing", ["capital"])], needs=["capital", "data"])
    >>> dots = [c for c in fig.axes[0].collections if c.get_gid() == "brings"]
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> len(dots[0].get_offsets()), "gap" in texts
    (1, True)

    >>> many = [Alliance(f"Partner {i}", "exploration", "upstream", "licensing", ["data"])
    ...         for i in range(25)]
    >>> from alliancelab._style import ROW_LABEL_GID
    >>> ax = plot_portfolio(many).axes[0]
    >>> [t.get_text() for t in ax.texts if t.get_gid() == ROW_LABEL_GID][-2:]
    ['… and 5 more partners', 'status']
    """
    items = _coerce_alliances(alliances)
    if review is None:
        review = review_portfolio(items, needs)
    elif not isinstance(review, PortfolioReview):
        raise TypeError(f"review must be a PortfolioReview, got {type(review).__name__}")
    all_partners = list(dict.fromkeys(a.partner for a in items))
    partners = _partners_to_draw(items, all_partners, review)
    more_partners = len(all_partners) - len(partners)
    coverage = review.coverage.iloc[:PORTFOLIO_CATEGORIES_MAX]
    more_categories = len(review.coverage) - len(coverage)
    categories = list(coverage["category"])
    n_rows, n_cols = len(partners) + (1 if more_partners else 0), len(categories)

    # 7.4 inches wide, shown at 740 CSS px: every text shows at its size, 9 pt or more;
    # with many categories the columns narrow and the status labels stand upright
    width = 7.4
    narrow = n_cols > 8
    height = 4.3 + 0.38 * max(n_rows, 1) + (0.6 if narrow else 0.0)
    column_labels = [
        "\n".join(textwrap.wrap(("* " if needed else "") + c, 22, break_long_words=False))
        for c, needed in zip(categories, coverage["needed"], strict=True)
    ]
    row_labels = ["\n".join(textwrap.wrap(p, 22, max_lines=2, placeholder="…")) for p in partners]
    if more_partners:
        row_labels.append(f"… and {more_partners:,} more partners")
    row_labels.append("status")
    legend = (
        "● = the partner brings it;  * = the venture needs it;\ngap = needed but nobody brings it"
    )
    if more_categories:
        legend += f"\n… and {more_categories:,} more categories, not drawn"
    fig, ax = new_figure(width, height)
    # the matrix on top (a row's height of room per partner), the mix below
    grid = fig.add_gridspec(2, 1, height_ratios=[2.2 + 0.35 * max(n_rows, 1), 1.6])
    ax.set_subplotspec(grid[0])
    mix = fig.add_subplot(grid[1])
    # the whole figure's title, above the slanted category names (the layout makes room)
    fig.suptitle(
        f"Alliance portfolio: {review.size:,} alliance{'s' if review.size != 1 else ''}, "
        f"{len(all_partners):,} partner{'s' if len(all_partners) != 1 else ''}",
        x=0.01,
        ha="left",
        fontsize=11,
    )

    ax.spines[:].set_visible(False)
    ax.set_xticks([])
    ax.yaxis.set_visible(False)  # the rows are named by texts: no axis to draw
    write = writer(ax, inside=True)
    if n_cols == 0 or n_rows == 0:
        message = (
            "No alliances yet: add your alliances and what each partner brings."
            if n_rows == 0
            else "No resource categories yet: list what each partner brings."
        )
        write(0.5, 0.5, message, ha="center", va="center", fontsize=10)
    else:
        # the status row: one row's height, or tall enough for upright labels (about
        # 0.85 inches, of the rows' inches: the figure's height less its other parts)
        status_h = 1.0
        if narrow:
            rows_in = (height - 3.4) * (2.2 + 0.35 * n_rows) / (3.8 + 0.35 * n_rows)
            status_h = max(1.0, 0.85 * n_rows / max(rows_in - 0.85, 0.3))
        ax.set_xlim(0, n_cols)
        ax.set_ylim(n_rows + status_h, 0)
        brings = {(a.partner, r) for a in items for r in a.resources}
        dots = []
        for i, partner in enumerate(partners):
            dots += [
                (j + 0.5, i + 0.5)
                for j, category in enumerate(categories)
                if (partner, category) in brings
            ]
        stripes = [(0, i, n_cols, 1) for i in range(0, len(partners), 2)]
        boxes(ax, stripes, facecolor="#F2F2F2", linewidth=0, zorder=0)
        brings_dots(ax, dots, size=12)
        ax.axhline(n_rows, color="#666666", lw=1.0)
        styles = {
            "gap": (PALETTE["vermillion"], "///"),
            "single partner": (PALETTE["orange"], ""),
            "redundant": (PALETTE["purple"], "\\\\"),
            "extra": ("#BBBBBB", ""),
        }
        cells: dict[str, list[tuple[float, float, float, float]]] = {}
        for j, status in enumerate(coverage["status"]):
            cells.setdefault(status, []).append((j + 0.05, n_rows + 0.08, 0.9, status_h - 0.16))
            label = "single\npartner" if status == "single partner" else status
            write(
                j + 0.5,
                n_rows + status_h / 2,
                label,
                ha="center",
                va="center",
                fontsize=9,
                rotation=90 if narrow else 0,
                linespacing=1.0,
            )
        for status, rects in cells.items():
            colour, hatch = styles[status]
            boxes(
                ax,
                rects,
                facecolor=colour,
                edgecolor=colour,
                alpha=0.3,
                hatch=hatch or None,
                zorder=1,
            )
        label_columns(
            ax,
            [j + 0.5 for j in range(n_cols)],
            column_labels,
            top=True,
            fontsize=9,
            rotation=35,
            ha="left",
            va="baseline",
            rotation_mode="anchor",
        )
        names = label_rows(
            ax, [i + 0.5 for i in range(n_rows)] + [n_rows + status_h / 2], row_labels, fontsize=9
        )
        if more_partners:
            names[-2].set_fontstyle("italic")
        ax.set_xlabel(legend, fontsize=9)

    _bar_panels(
        mix,
        {
            "Purpose": (
                {p: sum(a.purpose == p for a in items) for p in PURPOSES},
                [PALETTE["sky"], PALETTE["blue"]],
                ["", "//"],
            ),
            "Direction": (
                {d: review.direction_mix[d] for d in DIRECTIONS},
                [PALETTE["green"], PALETTE["orange"], PALETTE["purple"]],
                ["", "//", "\\\\"],
            ),
        },
    )
    return fig


#: the ``gid`` of the numbers on the portfolio's bars
COUNT_GID = "count"
#: where each bar panel starts and how wide it is, as fractions of their axes' width
_PANEL_LEFTS, _PANEL_WIDTH = (0.0, 0.58), 0.42


def _bar_panels(ax: Any, panels: dict[str, tuple[dict[str, int], list[str], list[str]]]) -> None:
    """Count alliances in side-by-side bar panels of one axes, each bar named and numbered.

    One axes holds every panel (an axes is some fifteen hundred Python objects, a
    bar a few dozen): each takes :data:`_PANEL_WIDTH` of it from its left in
    :data:`_PANEL_LEFTS`, on one scale of counts, with its title above, its bars named
    on its left and each bar's number at its end (gid :data:`COUNT_GID`): the numbers
    say what an axis of counts would.
    """
    most = max([1, *(v for counts, _, _ in panels.values() for v in counts.values())])
    scale = _PANEL_WIDTH / (most * 1.25 + 0.3)
    rows = max(len(counts) for counts, _, _ in panels.values())
    ax.set_xlim(0, 1)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xticks([])
    ax.yaxis.set_visible(False)
    ax.spines[:].set_visible(False)
    write, outside = writer(ax, inside=True), writer(ax)
    for (title, (counts, colours, hatches)), left in zip(panels.items(), _PANEL_LEFTS, strict=True):
        pitch = rows / len(counts)  # fewer bars are spread over the same height
        ys = [(i + 0.5) * pitch - 0.5 for i in range(len(counts))]
        values = list(counts.values())
        ax.barh(
            ys,
            [v * scale for v in values],
            left=left,
            height=0.6 * pitch,
            color=colours,
            edgecolor="#333333",
            hatch=hatches,
        )
        for y, value in zip(ys, values, strict=True):
            write(
                left + value * scale + 0.01, y, str(value), va="center", fontsize=9, gid=COUNT_GID
            )
        ax.vlines(left, -0.5, rows - 0.5, color="black", linewidth=0.8)
        at = offset_copy(ax.transData, ax.figure, x=-LABEL_PAD, units="points")
        for y, name in zip(ys, counts, strict=True):
            outside(
                left, y, name, transform=at, ha="right", va="center", fontsize=9, gid=ROW_LABEL_GID
            )
        outside(
            left,
            1.0,
            title,
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=10,
        )
        outside(
            left + _PANEL_WIDTH / 2,
            0.0,
            "number of alliances",
            ha="center",
            va="top",
            fontsize=9,
            transform=offset_copy(ax.get_xaxis_transform(), ax.figure, y=-4, units="points"),
        )


def _integer_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def plot_experience_curve(n_alliances: int = 10) -> Figure:
    """Plot two stylised pictures of alliance experience, each from its own study.

    Teaching illustration, not fitted data, in two panels that are kept apart because
    they come from different studies of different populations:

    - top, after ``HoangRothaermel2016``: R&D projects between pharmaceutical firms and
      biotech partners. General experience brings gains with diminishing returns;
      partner-specific experience has a negative effect.
    - bottom, a schematic after ``Draulans2003`` as reviewed by ``StartupAllianceReview``:
      the alliance success rate gradually decreases once a firm has been in about six
      alliances. The review names no particular industry. The rising stretch before six
      is drawn dotted because the review reports only the decline.

    Neither y-axis has units.

    Examples
    --------
    >>> fig = plot_experience_curve()
    >>> any("Teaching illustration, not fitted data" in t.get_text()
    ...     for t in fig.axes[0].texts)
    True
    >>> [ax.get_title(loc="left").splitlines()[0] for ax in fig.axes]
    ['Biotech-pharma R&D projects', 'Alliances in general (schematic)']
    """
    n = check_int_range("n_alliances", n_alliances, 1, 100)
    general = experience_curve(n, "general")
    specific = experience_curve(n, "partner-specific")
    # one panel above the other, so each is as wide as the column and its text legible
    fig, ax = new_figure(7.4, 8.6)
    grid = fig.add_gridspec(2, 1)
    ax.set_subplotspec(grid[0])
    right = fig.add_subplot(grid[1])
    right.spines[["top", "right"]].set_visible(False)

    # left panel: Hoang and Rothaermel's biotech-pharma findings
    ax.axhline(0, color="#888888", lw=0.8)
    ax.plot(
        general["prior_alliances"],
        general["effect"],
        marker="o",
        color=PALETTE["blue"],
        lw=2,
        label="general experience\n(different partners)",
    )
    ax.plot(
        specific["prior_alliances"],
        specific["effect"],
        marker="s",
        linestyle="--",
        color=PALETTE["vermillion"],
        lw=2,
        label="partner-specific experience\n(same partner again)",
    )
    last = n
    ax.annotate(
        "gains shrink with each\nextra alliance",
        xy=(min(3, last), general["effect"].iloc[min(3, last)]),
        xytext=(min(3, last) + 0.6, 0.35),
        fontsize=9,
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    ax.annotate(
        "performance falls with\nrepeat alliances with\nthe same partner",
        xy=(min(4, last), specific["effect"].iloc[min(4, last)]),
        xytext=(0.3, -0.6),
        fontsize=9,
        arrowprops={"arrowstyle": "->", "color": "#333333"},
    )
    ax.set_xlim(-0.3, n + 0.5)
    ax.set_ylim(-0.65, 1.3)
    ax.set_yticks([0], ["no change"])
    ax.set_xlabel("number of prior alliances")
    ax.set_ylabel("change in R&D project performance\n(stylised, no units)")
    ax.xaxis.set_major_locator(_integer_locator())
    ax.set_title(
        "Biotech-pharma R&D projects\n"
        "shapes after Hoang and Rothaermel (2016): nearly 300 pharma-biotech R&D projects",
        loc="left",
        fontsize=10,
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=9, frameon=False)

    # right panel: Draulans et al.'s finding, as the review reports it, drawn schematically
    six = MANY_ALLIANCES
    x = np.arange(n + 1, dtype=float)
    peak = 0.9
    rate = np.where(
        x <= six,
        0.35 + (peak - 0.35) * (1.0 - np.exp(-x / 2.0)) / (1.0 - np.exp(-six / 2.0)),
        peak - 0.045 * (x - six),
    )
    before, after = x <= six, x >= six
    right.plot(
        x[before],
        rate[before],
        linestyle=":",
        color="#555555",
        lw=1.5,
        label="before about six: assumed, not reported",
    )
    if after.sum() > 1:
        right.plot(
            x[after],
            rate[after],
            marker="o",
            color=PALETTE["blue"],
            lw=2,
            label="after about six: gradual decline",
        )
        right.axvline(six, color="#555555", lw=1, linestyle=":")
        right.annotate(
            "about six alliances:\nthe success rate then\ngradually decreases",
            xy=(six + 0.5, rate[six] - 0.02),
            xytext=(0.6, 0.08),
            fontsize=9,
            arrowprops={"arrowstyle": "->", "color": "#333333"},
        )
    right.set_xlim(-0.3, n + 0.5)
    right.set_ylim(0, 1.3)
    right.set_yticks([])
    right.set_xlabel("number of alliances the firm has been in")
    right.set_ylabel("alliance success rate\n(schematic, no units)")
    right.xaxis.set_major_locator(_integer_locator())
    right.set_title(
        "Alliances in general (schematic)\n"
        "after Draulans et al. (2003), as reviewed by Comi and Eppler (2009);\n"
        "no industry named",
        loc="left",
        fontsize=10,
    )
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1, fontsize=9, frameon=False)
    for panel, label in ((ax, "Teaching illustration, not fitted data"), (right, "Schematic")):
        panel.text(
            0.99,
            0.99,
            label,
            transform=panel.transAxes,
            ha="right",
            va="top",
            fontsize=9,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#555555"},
        )
    return fig
