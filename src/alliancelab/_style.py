"""Shared figure style: a colour-blind-safe palette and small figure helpers.

The palette is Okabe and Ito's eight colours, safe for the common forms of colour
blindness. Figures never carry meaning by colour alone: every coloured mark also has
a label, a pattern or a position that says the same thing.

Every course figure is a :class:`CourseFigure`, which draws all its text as plain text:
names typed by learners ("Pay $5 now, $10 later") are never read as mathtext or TeX.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

#: Okabe-Ito palette, by name.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}


def png_bytes(fig: Figure) -> bytes:
    r"""Render a figure to compact, reproducible PNG bytes.

    The figure is drawn once into Agg's pixel buffer and encoded once (no PNG round
    trip); no timestamp or software metadata is written, so the same figure gives the
    same bytes. Course figures use a handful of flat colours, so a 64-colour palette
    keeps them sharp at about a third of the size.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> png_bytes(fig)[:4]
    b'\x89PNG'
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    width, height = canvas.get_width_height()
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    small = rgba.convert("RGB").quantize(
        colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=6)
    return out.getvalue()


#: rcParams under which course figures are drawn and measured: text is plain text
_PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


@contextmanager
def plain_text(fig: Figure) -> Iterator[None]:
    r"""Make every text of ``fig`` plain text (no mathtext, no TeX) for the ``with`` block.

    Each :class:`~matplotlib.text.Text` of the figure (titles, labels, tick labels,
    legend entries, annotations) stops parsing ``$...$``, and texts that matplotlib
    creates inside the block (tick labels made lazily while drawing or while a layout
    engine measures the figure) start out plain, because the block runs under
    ``text.parse_math = False``. A ``$`` is then just a dollar sign: a learner's
    ``"Loss of $\foo$ engineer"`` neither raises nor is drawn as a formula.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> label = ax.text(0, 0, "Pay $5 now, $10 later")
    >>> with plain_text(fig):
    ...     label.get_parse_math(), label._preprocess_math(label.get_text())
    (False, ('Pay $5 now, $10 later', False))
    """
    with matplotlib.rc_context(_PLAIN_TEXT):
        for text in fig.findobj(Text):
            text.set_parse_math(False)
            text.set_usetex(False)
        yield


class CourseFigure(Figure):
    r"""A matplotlib figure that shows itself in Jupyter without pyplot or ``%matplotlib``.

    It draws every text as plain text (see :func:`plain_text`): drawing, and measuring
    for a tight bounding box or a layout, run inside :func:`plain_text`, so no
    learner's text is ever parsed as mathtext, whoever builds the figure.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> ax.set_title(r"Loss of $\foo$ engineer")
    Text(...)
    >>> png_bytes(fig)[:4], ax.title.get_parse_math()
    (b'\x89PNG', False)
    """

    def draw(self, renderer: Any) -> None:
        with plain_text(self):
            super().draw(renderer)

    def get_tightbbox(self, renderer: Any = None, **kwargs: Any) -> Any:
        with plain_text(self):
            return super().get_tightbbox(renderer, **kwargs)

    def tight_layout(self, **kwargs: Any) -> None:
        with plain_text(self):
            super().tight_layout(**kwargs)

    def _repr_png_(self) -> bytes:
        return png_bytes(self)


def new_figure(
    width: float = 7.0, height: float = 4.5, *, layout: str | None = "constrained"
) -> tuple[Figure, object]:
    """Return a new figure and axes, not attached to pyplot (no global state, no display).

    ``layout="constrained"`` fits labels and legends automatically; a figure whose
    parts have fixed sizes can pass ``layout=None`` and place them itself, which
    draws about a fifth faster (the layout engine measures every text repeatedly).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> isinstance(fig, Figure)
    True
    """
    fig = CourseFigure(figsize=(width, height), dpi=100, layout=layout)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


#: the ``gid`` of the dots that mark "brings it" cells (tests and readers find them by it)
BRINGS_GID = "brings"


def brings_dots(ax, points: list[tuple[float, float]], size: float = 11.0) -> None:
    """Mark cells with a black dot ("brings it"), as one artist for all of them.

    One scatter draws much faster than a "●" text per cell (each text is laid out
    and rendered on its own), and looks the same.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> brings_dots(ax, [(0.5, 0.5), (1.5, 0.5)])
    >>> [len(c.get_offsets()) for c in ax.collections if c.get_gid() == BRINGS_GID]
    [2]
    """
    if not points:
        return
    xs, ys = zip(*points, strict=True)
    dots = ax.scatter(xs, ys, s=(0.62 * size) ** 2, marker="o", color="black", zorder=2)
    dots.set_gid(BRINGS_GID)


def text_width_in(fig: Figure, texts: Iterable[str], fontsize: float) -> float:
    """Return the widest of ``texts`` (the widest line of each) in inches, at ``fontsize``.

    Measured with Agg's font metrics at the figure's resolution, once per line: what a
    fixed layout needs to know, far cheaper than a layout engine's repeated passes.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> 0 < text_width_in(fig, ["ab"], 9) < text_width_in(fig, ["abcd", "x"], 9)
    True
    """
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    renderer = RendererAgg(1, 1, fig.dpi)
    prop = FontProperties(size=fontsize)
    widest = 0.0
    for text in texts:
        for line in str(text).split("\n"):
            if line:
                width = renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
                widest = max(widest, width)
    return widest / fig.dpi


def place_axes(
    fig: Figure,
    ax,
    *,
    left_in: float,
    top_in: float,
    bottom_in: float,
    right_in: float = 0.08,
) -> None:
    """Put ``ax`` at fixed margins (inches from each edge) of a figure without a layout engine.

    Examples
    --------
    >>> fig, ax = new_figure(4, 2, layout=None)
    >>> place_axes(fig, ax, left_in=1.0, top_in=0.5, bottom_in=0.5)
    >>> [round(float(v), 2) for v in ax.get_position().bounds]
    [0.25, 0.25, 0.73, 0.5]
    """
    width, height = fig.get_size_inches()
    left, bottom = left_in / width, bottom_in / height
    ax.set_position([left, bottom, 1 - right_in / width - left, 1 - top_in / height - bottom])
