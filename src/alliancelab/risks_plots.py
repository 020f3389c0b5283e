"""The risk matrix (:mod:`alliancelab.risks`): the likelihood x impact heat map.

:func:`~alliancelab.risks.plot_risk_matrix` draws a register's rated risks on the 5 x 5
matrix, shaded by severity band, with a numbered marker per risk (or, for a large
register, a count per cell), arrows from an earlier assessment, and a key listing the
risks, most severe first. It is built in steps, one helper each: the figure's fixed
layout, the grid of bands, the arrows from earlier cells, the markers (or the counts),
the key and the legend. It is importable from :mod:`alliancelab.risks` too, and
documented there.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._style import (
    LABEL_PAD,
    PALETTE,
    boxes,
    label_columns,
    label_rows,
    new_figure,
    text_width_in,
    writer,
)
from ._text import clip as _clip
from ._validate import check_text
from .risks import (
    MATRIX_KEY_MAX,
    MATRIX_MARKED_MAX,
    RISK_CLASSES,
    SEVERITY_BANDS,
    Risk,  # noqa: F401 (the examples use it)
    RiskRegister,
    severity_band,
    standard_register,  # noqa: F401 (the examples use it)
)
from .risks_tables import _check_register, _label, risk_matrix_counts, risk_table

__all__ = ["MARKER_CELLS", "plot_risk_matrix"]

_BAND_COLOURS = {
    "low": PALETTE["green"],
    "medium": PALETTE["yellow"],
    "high": PALETTE["orange"],
    "critical": PALETTE["vermillion"],
}
_CLASS_MARKERS = {"relational": "o", "performance": "s", "both": "D"}
_CLASS_SIZES = {"relational": 1.0, "performance": 0.85, "both": 0.8}

_KEY_FONT = 9
#: the risk matrix's size, in inches: its width (shown at 740 CSS px, so its text at its
#: size) and the height of the matrix with its title and labels (the layout engine places
#: them, and the legend beside them); then the key below: its margins and line pitch
_MATRIX_WIDTH = 7.4
_MATRIX_HEIGHT = 5.3
_KEY_LEFT = 0.1
_KEY_TOP = 0.3
_KEY_STEP = 0.22
_KEY_NUMBER = 0.28


#: a marker's diameter in cell widths (the largest, a circle of 300 pt², in a 0.85-inch cell)
MARKER_CELLS = 0.28


def _slots(now: int, then: int = 0) -> list[tuple[float, float]]:
    """Offsets of the markers sharing a cell: ``now`` current ones, then ``then`` earlier ones.

    A deterministic pattern inside the cell, below its label: one marker sits in the
    middle; a current and an earlier marker take a row each (current above), so the
    arrows of a row of cells never run along one line over each other's markers; more
    markers fill a grid of at most three columns (four beyond eight). Up to six markers
    keep a marker's width apart (:data:`MARKER_CELLS`); every offset stays inside the cell.

    Examples
    --------
    >>> _slots(1)
    [(0.0, -0.08)]
    >>> _slots(1, 1)
    [(0.0, 0.08), (0.0, -0.3)]
    >>> len(set(_slots(4, 2))), all(abs(x) < 0.4 and -0.4 < y < 0.2 for x, y in _slots(9, 6))
    (6, True)
    """
    n = now + then
    if n == 1:
        return [(0.0, -0.08)]
    if now and then and now <= 3 and then <= 3:
        groups = [now, then]  # current markers on the upper row, earlier ones below
    else:
        rows = 1 if n <= 3 else 2 if n <= 8 else math.ceil(n / 4)
        cols = math.ceil(n / rows)
        groups = [min(cols, n - r * cols) for r in range(rows)]
    ys = np.linspace(0.08, -0.3, len(groups)) if len(groups) > 1 else np.array([-0.08])
    out = []
    for count, y in zip(groups, ys, strict=True):
        xs = np.linspace(-0.3, 0.3, count) if count > 1 else np.zeros(1)
        out += [(round(float(x), 4), round(float(y), 4)) for x in xs]
    return out


def _positions(
    items: list[tuple[Any, int, int, tuple[int, int]]],
) -> dict[Any, tuple[float, float]]:
    """Place ``(key, likelihood, impact, heading)`` items in their cells.

    ``key[0]`` is true for a current marker and false for an earlier one. Items sharing
    a cell are spread over its slots (:func:`_slots`), current markers first; within
    each, left to right in the order of the cell they head for (an earlier position
    heads for the current one), so arrows leave a cell on the side they point to and
    seldom cross a marker.

    Examples
    --------
    >>> spots = _positions([((True, "a"), 3, 4, (3, 4)), ((False, "b"), 3, 4, (2, 4)),
    ...                     ((False, "c"), 3, 4, (4, 4))])
    >>> spots[True, "a"], spots[False, "b"], spots[False, "c"]
    ((3.0, 4.08), (2.7, 3.7), (3.3, 3.7))
    """
    out: dict[Any, tuple[float, float]] = {}
    cells: dict[tuple[int, int], list[tuple[tuple[bool, int, int], Any]]] = {}
    for item, lik, imp, heading in items:
        order = (not item[0], -heading[1], heading[0])
        cells.setdefault((lik, imp), []).append((order, item))
    for (lik, imp), entries in cells.items():
        keys = [item for _, item in sorted(entries, key=lambda e: e[0])]
        now = sum(1 for key in keys if key[0])
        for item, (dx, dy) in zip(keys, _slots(now, len(keys) - now), strict=True):
            out[item] = (lik + dx, imp + dy)
    return out


def plot_risk_matrix(
    register: RiskRegister,
    assessment: str | None = None,
    *,
    compare_with: str | None = None,
    risk_class: str | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the likelihood x impact heat map of the register's risks.

    Each cell is shaded by severity band (Okabe-Ito colours) and also says its severity
    and band in words. Each rated risk is a numbered marker whose shape gives its class
    (circle relational, square performance, diamond both); the key beside the matrix
    lists the numbers, most severe first, with name and rating. Risks sharing a cell
    are spread out inside it. With ``compare_with``, a hollow grey marker shows each
    risk's earlier cell and an arrow runs to where it is now.

    A large register stays legible, and as quick to draw as a small one: with more
    than :data:`MATRIX_MARKED_MAX` risks, each cell states how many risks it holds
    (and, with ``compare_with``, how many it held then) instead of a marker per risk;
    the key lists the :data:`MATRIX_KEY_MAX` most severe and ends "and N more".

    Parameters
    ----------
    register : RiskRegister
    assessment : str, optional
        Defaults to the latest assessment.
    compare_with : str, optional
        An earlier (or any other) assessment label to draw arrows from (for a large
        register: to give each cell's count at).
    risk_class : str, optional
        Filter as in :func:`risk_table`.
    title : str, optional
        Defaults to ``"Risk matrix: <assessment>"``.

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before signing", "coordination", 2, 3)
    ...        .assess("after signing", "coordination", 4, 3))
    >>> fig = plot_risk_matrix(reg, compare_with="before signing")
    >>> fig.axes[0].get_title(loc="left")
    'Risk matrix: after signing (arrows from before signing)'

    Forty risks: the cells count them, the key names the twenty most severe.

    >>> reg = RiskRegister(tuple(Risk(f"risk {i}", "performance") for i in range(40)),
    ...                    {"q1": {f"risk {i}": (1 + i % 5, 1 + i // 8) for i in range(40)}})
    >>> fig = plot_risk_matrix(reg)
    >>> [t.get_text() for t in fig.texts][-1]  # the key, under the matrix
    '… and 20 more, counted in their cells'
    >>> "2 risks" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    reg = _check_register(register)
    table = risk_table(reg, assessment, risk_class=risk_class)
    label = _label(reg, "assessment", assessment)
    earlier_label = earlier = None
    if compare_with is not None:
        earlier_label = _label(reg, "compare_with", compare_with)
        earlier = risk_table(reg, earlier_label, risk_class=risk_class)
    n = len(table)
    # a large register: counts per cell instead of a marker per risk, and the key is cut
    counted = n > MATRIX_MARKED_MAX
    title = _matrix_title(title, label, earlier_label, counted)
    listed = table.iloc[:MATRIX_KEY_MAX]
    fig, ax, key, columns = _matrix_figure(len(listed), n)
    cell_now, cell_then = _cells(listed, earlier)
    message = _empty_message(n, label, risk_class)
    _draw_grid(ax, title)
    if counted:
        _draw_counts(ax, table, earlier)
    else:
        spots = _marker_spots(cell_now, cell_then)
        _draw_arrows(ax, listed, spots, cell_then)
        _draw_markers(ax, listed, spots)
    _draw_key(key, listed, n, earlier, cell_then, columns, message)
    fig.legend(
        handles=_legend_handles(counted, bool(cell_then), earlier_label),
        loc="outside right upper",
        fontsize=_KEY_FONT,
        frameon=False,
    )
    return fig


def _matrix_title(title: str | None, label: str | None, earlier: str | None, counted: bool) -> str:
    """Return the given title checked, or the default one naming the assessments."""
    if title is not None:
        return check_text("title", title, max_len=200)
    title = f"Risk matrix: {label}" if label else "Risk matrix"
    if earlier is not None:
        title += f" ({'counts compared with' if counted else 'arrows from'} {earlier})"
    return title


def _matrix_figure(listed: int, n: int) -> tuple[Figure, Any, Any, int]:
    """Return the figure, the matrix's axes, the key's writer and the key's column count.

    The matrix, its title, labels and legend take the top :data:`_MATRIX_HEIGHT` inches,
    placed by matplotlib's constrained layout; the key below holds the ``listed`` of
    ``n`` risks in one or two columns, each line a figure text at a fixed pitch. At 7.4
    inches wide every text shows at 9 pt or more. The key's writer takes inches: across
    from the figure's left edge, down from the key's top.
    """
    more = n - listed
    columns = 1 if listed <= 6 else 2
    key_rows = math.ceil(listed / columns) + (1 if more else 0) if n else 3
    key_height = _KEY_TOP + _KEY_STEP * (key_rows + 0.4)
    width, height = _MATRIX_WIDTH, _MATRIX_HEIGHT + key_height
    fig, ax = new_figure(width, height)
    fig.get_layout_engine().set(rect=(0, key_height / height, 1, 1 - key_height / height))
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_aspect("equal")
    ax.set_anchor("E")  # the square matrix next to its legend
    # inches from the key's top-left corner, as figure texts (no axes to lay out)
    place = _flip(key_height) + fig.dpi_scale_trans

    def key(x: float, y: float, text: str, **style: Any) -> Any:
        return fig.text(x, y, text, transform=place, fontsize=_KEY_FONT, **style)

    key.figure = fig  # type: ignore[attr-defined]
    return fig, ax, key, columns


def _flip(top: float) -> Any:
    """Return the transform from inches down from ``top`` (inches up) to inches up."""
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(1, -1).translate(0, top)


def _cells(
    listed: pd.DataFrame, earlier: pd.DataFrame | None
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Return each listed risk's cell now, and its earlier cell where it moved since."""
    cell_now = {r.name: (int(r.likelihood), int(r.impact)) for r in listed.itertuples(index=False)}
    cell_then = {}
    if earlier is not None:
        cell_then = {
            r.name: (int(r.likelihood), int(r.impact))
            for r in earlier.itertuples(index=False)
            if r.name in cell_now and cell_now[r.name] != (int(r.likelihood), int(r.impact))
        }
    return cell_now, cell_then


def _empty_message(n: int, label: str | None, risk_class: str | None) -> str:
    """Return what the key says when nothing is rated ("" when some risks are)."""
    if n:
        return ""
    if label is not None and risk_class is not None:
        return f"No {risk_class} risks rated at\n{label!r}."
    return "No risks rated yet.\nRate each risk's likelihood and impact\nfrom 1 to 5."


def _legend_handles(counted: bool, moved: bool, earlier_label: str | None) -> list[Any]:
    """Return the legend's entries: the classes' markers, the bands, the earlier position."""
    handles: list[Any] = []
    if not counted:
        handles += [
            Line2D(
                [],
                [],
                marker=_CLASS_MARKERS[c],
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor="black",
                markersize=8 * _CLASS_SIZES[c] ** 0.5,
                label=f"{c} risk" if c != "both" else "relational and\nperformance",
            )
            for c in RISK_CLASSES
        ]
    handles += [
        Patch(facecolor=_BAND_COLOURS[b], alpha=0.38, label=f"{b} ({lo}–{hi})")
        for b, (lo, hi) in SEVERITY_BANDS.items()
    ]
    if moved and not counted:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="--",
                color="#555555",
                markerfacecolor="none",
                label=f"earlier position\n({_clip(earlier_label, 20)})",
            )
        )
    return handles


def _draw_grid(ax: Any, title: str) -> None:
    """Draw the 25 cells shaded and labelled by band, the axes' labels and the title."""
    write = writer(ax, inside=True)
    cells, colours = [], []
    for lik in range(1, 6):
        for imp in range(1, 6):
            sev = lik * imp
            band = severity_band(sev)
            cells.append((lik - 0.5, imp - 0.5, 1, 1))
            colours.append(_BAND_COLOURS[band])
            write(
                lik - 0.45,
                imp + 0.45,
                f"{sev} {band}",
                ha="left",
                va="top",
                fontsize=9,
                color="#333333",
                zorder=1,
            )
    # the 25 cells as one collection: one artist to draw instead of 25
    boxes(ax, cells, facecolors=colours, alpha=0.38, edgecolors="white", linewidths=2, zorder=0)
    # the scales' numbers as texts: a third of the artists of ticks (see label_rows), so
    # the axes' labels stand clear of them by a labelpad
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    pad = LABEL_PAD + 4  # the gap to the numbers and an axis label's own pad, in points
    label_columns(ax, range(1, 6), [str(i) for i in range(1, 6)], fontsize=10)
    label_rows(ax, range(1, 6), [str(i) for i in range(1, 6)], fontsize=10)
    ax.set_xlabel("Likelihood (1 = rare, 5 = almost certain)", labelpad=pad + 10)
    ax.set_ylabel("Impact (1 = negligible, 5 = severe)", labelpad=pad + 7)
    ax.set_title(title, loc="left", fontsize=11)


def _marker_spots(
    cell_now: dict[str, tuple[int, int]], cell_then: dict[str, tuple[int, int]]
) -> dict[tuple[bool, str], tuple[float, float]]:
    """Place every marker: ``(True, name)`` now, ``(False, name)`` at its earlier cell.

    Current and earlier (ghost) markers share the cells' slots, so none overlap.
    """
    return _positions(
        [((True, name), *c, c) for name, c in cell_now.items()]
        + [((False, name), *c, cell_now[name]) for name, c in cell_then.items()]
    )


def _marker_size(table: pd.DataFrame) -> int:
    """Return a marker's area in pt² (smaller when many risks are marked)."""
    return 300 if len(table) <= 12 else 230


#: about how many points a cell of the matrix measures (its side over five cells)
_POINTS_PER_CELL = 66.0
#: the ``gid`` of the arrows from the risks' earlier cells (their shafts, and their heads)
ARROW_GID = "moved"


def _draw_arrows(
    ax: Any,
    table: pd.DataFrame,
    spots: dict[tuple[bool, str], tuple[float, float]],
    cell_then: dict[str, tuple[int, int]],
) -> None:
    """Draw a hollow grey marker at each moved risk's earlier cell and an arrow to its cell now.

    The arrows are two artists however many risks moved: their shafts (a line
    collection, gid :data:`ARROW_GID`, one segment an arrow) and their heads (filled
    triangles), each shaft stopping short of the markers at its ends.
    """
    size = _marker_size(table)
    then_xy: dict[str, list[tuple[float, float]]] = {}  # one scatter per risk class
    shafts, heads = [], []
    head_length, head_width = 4 / _POINTS_PER_CELL, 2 / _POINTS_PER_CELL  # "-|>", 10 pt
    for row in table.itertuples(index=False):
        if row.name not in cell_then:
            continue
        x0, y0 = spots[False, row.name]
        x1, y1 = spots[True, row.name]
        then_xy.setdefault(row.risk_class, []).append((x0, y0))
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        # clear of the markers: half a marker's width (in points), over the cell's points
        start = 0.5 * (0.6 * size * _CLASS_SIZES[row.risk_class]) ** 0.5 / _POINTS_PER_CELL
        stop = (0.5 * (size * _CLASS_SIZES[row.risk_class]) ** 0.5 + 1.5) / _POINTS_PER_CELL
        tip = (x1 - dx * stop, y1 - dy * stop)
        base = (tip[0] - dx * head_length, tip[1] - dy * head_length)
        shafts.append([(x0 + dx * start, y0 + dy * start), base])
        heads.append(
            [
                tip,
                (base[0] - dy * head_width, base[1] + dx * head_width),
                (base[0] + dy * head_width, base[1] - dx * head_width),
            ]
        )
    if shafts:
        ax.add_collection(
            LineCollection(shafts, colors="#333333", linewidths=1.1, zorder=3, gid=ARROW_GID),
            autolim=False,
        )
        ax.add_collection(
            PolyCollection(
                heads, facecolors="#333333", edgecolors="#333333", linewidths=1.1, zorder=3
            ),
            autolim=False,
        )
    for cls, points in then_xy.items():
        ax.scatter(
            *zip(*points, strict=True),
            s=size * _CLASS_SIZES[cls] * 0.6,
            marker=_CLASS_MARKERS[cls],
            facecolors="none",
            edgecolors="#555555",
            linewidths=1.0,
            linestyle="--",
            zorder=2,
        )


def _draw_markers(
    ax: Any,
    table: pd.DataFrame,
    spots: dict[tuple[bool, str], tuple[float, float]],
) -> None:
    """Draw a numbered marker per risk of ``table`` (its shape gives the risk's class)."""
    size = _marker_size(table)
    write = writer(ax, inside=True)
    now_xy: dict[str, list[tuple[float, float]]] = {}  # one scatter per risk class
    for number, row in enumerate(table.itertuples(index=False), start=1):
        x, y = spots[True, row.name]
        now_xy.setdefault(row.risk_class, []).append((x, y))
        write(x, y, str(number), ha="center", va="center", fontsize=9, fontweight="bold", zorder=5)
    for cls, points in now_xy.items():
        ax.scatter(
            *zip(*points, strict=True),
            s=size * _CLASS_SIZES[cls],
            marker=_CLASS_MARKERS[cls],
            facecolors="white",
            edgecolors="black",
            linewidths=1.3,
            zorder=4,
        )


def _draw_key(
    key: Any,
    listed: pd.DataFrame,
    n: int,
    earlier: pd.DataFrame | None,
    cell_then: dict[str, tuple[int, int]],
    columns: int,
    message: str,
) -> None:
    """Write the key below the matrix: the ``listed`` risks (of ``n``), numbered, with ratings.

    Each line gives the rating and what changed since the earlier assessment; with more
    risks than listed, a last line says how many more the cells count. With no risk
    rated, the key holds ``message``. ``key`` writes a figure text at inches from the
    key's top-left corner.
    """
    if n == 0:
        key(_KEY_LEFT + 0.65, _KEY_TOP, message, ha="left", va="top")
        return
    more = n - len(listed)
    heading = "Risks, most severe first"
    if more:
        heading = f"The {len(listed)} most severe of {n:,} risks"
    key(_KEY_LEFT, 0.05, heading, fontweight="bold", va="top")
    before = {}
    if earlier is not None:
        before = {r.name: r for r in earlier.itertuples(index=False)}
    per_column = math.ceil(len(listed) / columns)
    column_width = (_MATRIX_WIDTH - _KEY_LEFT - 0.05) / columns
    # inches from where a key line starts to its column's end, less a margin
    room = column_width - _KEY_NUMBER - 0.12
    for number, row in enumerate(listed.itertuples(index=False), start=1):
        column, line_no = divmod(number - 1, per_column)
        x = _KEY_LEFT + column * column_width
        y = _KEY_TOP + _KEY_STEP * (line_no + 0.5)
        detail = f"{row.likelihood} × {row.impact} = {row.severity} {row.band}"
        old = before.get(row.name)
        if earlier is not None and old is None:
            detail += " (new)"
        elif old is not None and old.severity != row.severity:
            detail += f" (was {old.severity})"
        elif old is not None and row.name in cell_then:
            detail += f" (was {old.likelihood} × {old.impact})"
        key(x, y, f"{number:>2}", fontweight="bold", va="center")
        key(x + _KEY_NUMBER, y, _key_line(key.figure, row.name, f": {detail}", room), va="center")
    if more:
        key(
            _KEY_LEFT,
            _KEY_TOP + _KEY_STEP * (per_column + 0.5),
            f"… and {more:,} more, counted in their cells",
            style="italic",
            va="center",
        )


def _key_line(fig: Figure, name: str, detail: str, room: float) -> str:
    """Return ``name`` and ``detail``, the name clipped (to 30 characters at most) to fit.

    The line is measured at the key's font size, so it fits ``room`` inches of the key.
    """
    for width in range(30, 5, -1):
        line = _clip(name, width) + detail
        if text_width_in(fig, [line], _KEY_FONT) <= room:
            break
    return line


def _draw_counts(ax: Any, table: pd.DataFrame, earlier: pd.DataFrame | None) -> None:
    """Write in each cell how many risks it holds (and held at the earlier assessment)."""
    now = risk_matrix_counts(table)
    then = risk_matrix_counts(earlier) if earlier is not None else None
    write = writer(ax, inside=True)
    for lik in range(1, 6):
        for imp in range(1, 6):
            count = int(now.loc[imp, lik])
            was = int(then.loc[imp, lik]) if then is not None else count
            if not count and not was:
                continue
            text = f"{count:,} risk{'' if count == 1 else 's'}"
            if was != count:
                text += f"\n(was {was:,})"
            write(
                lik,
                imp - 0.08,
                text,
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                linespacing=1.15,
                zorder=5,
            )
