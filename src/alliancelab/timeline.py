r"""The timeline of a case's alliances, drawn as one bar per alliance.

A case's ``alliances`` table gives each alliance a start year and, when the source
says so, an end year; its ``timeline`` table dates the events of the case. The
figure puts the two together: a bar for the years each alliance ran, an arrow when
no end year is given, a dot for each dated event of that alliance, and a plain
statement for an alliance whose source gives no years at all (nothing is invented to
fill the gap).

Examples
--------
>>> from alliancelab.cases import load_case
>>> fig = plot_alliance_timeline(load_case("tesla"))
>>> [t.get_text().split("\n")[0] for t in fig.axes[0].texts]
['Daimler AG', 'Toyota Motor Corp.', 'Panasonic Corp.']
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from ._style import PALETTE, new_figure
from .cases import Case

__all__ = [
    "TIMELINE_BAR_GID",
    "TIMELINE_EVENT_GID",
    "TIMELINE_LABEL_GID",
    "plot_alliance_timeline",
]

#: the ``gid`` of the bars (one per dated alliance); tests and readers find them by it
TIMELINE_BAR_GID = "alliance-bar"
#: the ``gid`` of the row labels (partner, years, purpose), one per alliance
TIMELINE_LABEL_GID = "alliance-label"
#: the ``gid`` of the dots that mark dated events of an alliance
TIMELINE_EVENT_GID = "alliance-event"

#: bar colour by the alliance's purpose; the purpose is also written under the partner
_PURPOSE_COLOUR = {"exploitation": PALETTE["blue"], "exploration": PALETTE["orange"]}
_FONT = 10.0
_ROW_IN = 0.74
_WIDTH_IN = 5.0
#: where a bar sits in its row (row i spans i - 0.5 to i + 0.5; its label is above the bar)
_BAR_Y = 0.22


def _year(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _row_label(partner: str, start: int | None, end: int | None, purpose: str) -> str:
    name = "\n".join(textwrap.wrap(partner, 44, max_lines=2, placeholder="…")) or "(no name)"
    if start is None:
        years = "years not given"
    elif end is None:
        years = f"from {start}, end not given"
    else:
        years = f"{start} to {end}"
    detail = f"{years}; {purpose}" if purpose else years
    return f"{name}\n{detail}"


def plot_alliance_timeline(case: Case | pd.DataFrame, *, until: int | None = None) -> Figure:
    r"""Draw a case's alliances on a timeline, one bar per alliance with a start year.

    Parameters
    ----------
    case : Case or pandas.DataFrame
        A case from :func:`~alliancelab.cases.load_case`, or an alliances table with
        the columns ``alliance_id``, ``partner``, ``year_start``, ``year_end`` and
        ``purpose`` (a table alone has no events to mark).
    until : int, optional
        The last year drawn; an alliance with no end year runs to it, with an arrow.
        Defaults to the latest year in the alliances and the case timeline.

    Returns
    -------
    matplotlib.figure.Figure
        Rows in order of start year (alliances without years last, written out and
        without a bar). Above each bar, a label gives the partner, its years and its
        purpose;
        bars are coloured by purpose (blue exploitation, orange exploration), and a
        dot marks a dated event of the alliance from the case timeline. All text is
        drawn as plain text.

    Raises
    ------
    ValueError
        If the table lacks a column, or ``until`` is earlier than a start year.

    Examples
    --------
    >>> table = pd.DataFrame({"alliance_id": ["a", "b"], "partner": ["Acme $1", "Bolt"],
    ...     "year_start": [2019, None], "year_end": [2021, None],
    ...     "purpose": ["exploration", "exploitation"]})
    >>> fig = plot_alliance_timeline(table)
    >>> bars = [p for p in fig.axes[0].patches if p.get_gid() == TIMELINE_BAR_GID]
    >>> len(bars), fig.axes[0].texts[1].get_text()
    (1, 'Bolt\nyears not given; exploitation')
    """
    if isinstance(case, Case):
        alliances, events = case.alliances, case.timeline
    elif isinstance(case, pd.DataFrame):
        alliances, events = case, None
    else:
        raise TypeError(f"case must be a Case or a DataFrame, got {type(case).__name__}")
    needed = ("alliance_id", "partner", "year_start", "year_end", "purpose")
    missing = [c for c in needed if c not in alliances.columns]
    if missing:
        raise ValueError(f"alliances table lacks columns {missing}; needs {list(needed)}")

    rows = []
    for _, row in alliances.iterrows():
        start, end = _year(row["year_start"]), _year(row["year_end"])
        purpose = "" if pd.isna(row["purpose"]) else str(row["purpose"]).strip()
        rows.append((str(row["alliance_id"]), str(row["partner"]), start, end, purpose))
    order = sorted(range(len(rows)), key=lambda i: (rows[i][2] is None, rows[i][2] or 0, i))
    rows = [rows[i] for i in order]

    dated_events: dict[str, list[int]] = {}
    years = [y for r in rows for y in r[2:4] if y is not None]
    if events is not None and len(events):
        for _, ev in events.iterrows():
            year, aid = _year(ev["year"]), str(ev["alliance_id"] or "")
            if year is not None and aid:
                dated_events.setdefault(aid, []).append(year)
    starts = [r[2] for r in rows if r[2] is not None]
    if starts:
        first = min(starts)
        years += [y for ys in dated_events.values() for y in ys if y >= first]
    last = max(years) if years else None
    if until is not None:
        if starts and until < max(starts):
            raise ValueError(f"until must be >= the latest start year {max(starts)}, got {until}")
        last = int(until)

    labels = [_row_label(p, s, e, purpose) for _, p, s, e, purpose in rows] or ["(no alliances)"]
    n = len(labels)
    legend = (
        "Bar: the years an alliance ran (blue: exploitation, orange: exploration); "
        "arrow: end year not given, drawn to the latest year in the case"
        + (f" ({last})" if last is not None else "")
        + "; dot: a dated event of that alliance."
    )
    lines = max(label.count("\n") + 1 for label in labels)
    row_in = max(_ROW_IN, 0.34 * lines)  # a label of three lines needs a taller row
    fig, ax = new_figure(_WIDTH_IN, 0.45 + row_in * n + 0.95)
    # the key under the years, as the axis label: the layout engine makes room for it
    ax.set_xlabel(
        "\n".join(textwrap.wrap(legend, 72)), fontsize=9, color="#333333", loc="left",
        labelpad=8,
    )  # fmt: skip

    lo = (min(starts) - 1) if starts else 0
    hi = (last + 1) if last is not None else 1
    hi = max(hi, lo + 4)
    ax.set_xlim(lo, hi)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks([])
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for i, label in enumerate(labels):  # the partner and its years, above its bar
        text = ax.text(lo, i + 0.02, label, fontsize=_FONT, ha="left", va="bottom", zorder=3)
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1.0})
        text.set_gid(TIMELINE_LABEL_GID)

    for i, (aid, _, start, end, purpose) in enumerate(rows):
        if start is None:
            ax.plot([lo, hi], [_BAR_Y + i] * 2, color="#bbbbbb", linewidth=1, linestyle=(0, (2, 3)))
            continue
        colour = _PURPOSE_COLOUR.get(purpose, PALETTE["grey"])
        stop = end if end is not None else max(last or start, start)
        span = max(stop - start, 0.15)
        (bar,) = ax.barh(_BAR_Y + i, span, left=start, height=0.3, color=colour, edgecolor="none")
        bar.set_gid(TIMELINE_BAR_GID)
        if end is None:
            tip = (start + span + 0.1, _BAR_Y + i)
            ax.plot(*tip, marker=">", markersize=9, color=colour, clip_on=False)
        marks = sorted({y for y in dated_events.get(aid, []) if start <= y <= stop})
        if marks:
            dots = ax.scatter(
                marks, [_BAR_Y + i] * len(marks), s=30, color="white", edgecolor="black",
                linewidth=1.2, zorder=3,
            )  # fmt: skip
            dots.set_gid(TIMELINE_EVENT_GID)
    return fig
