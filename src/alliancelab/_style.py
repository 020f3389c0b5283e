"""Shared figure style: a colour-blind-safe palette and small figure helpers.

The palette is Okabe and Ito's eight colours, safe for the common forms of colour
blindness. Figures never carry meaning by colour alone: every coloured mark also has
a label, a pattern or a position that says the same thing.

Every course figure is a :class:`CourseFigure`, which draws all its text as plain text:
names typed by learners ("Pay $5 now, $10 later") are never read as mathtext or TeX.
"""

from __future__ import annotations

import contextvars
import functools
import io
import sys
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import matplotlib
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: CSS pixels per inch of figure: a figure 7 inches wide is shown 700 px wide (at most
#: the column's width), so its text shows at its size in points (9 pt or more)
DISPLAY_DPI = 100
#: pixels drawn per displayed (CSS) pixel: sharp on high-density screens
DENSITY = 2
#: the resolution figures are drawn at
DPI = DISPLAY_DPI * DENSITY

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


def png_bytes(fig: Figure, *, compress_level: int = 6) -> bytes:
    r"""Render a figure to compact, reproducible PNG bytes, at :data:`DENSITY` pixels per CSS pixel.

    The figure is drawn once into Agg's pixel buffer (see :func:`render`: a figure
    that declared its unchanging part draws only what changed) and encoded once (no
    PNG round trip); no timestamp or software metadata is written, so the same figure
    gives the same bytes. Course figures use a handful of flat colours, so a 64-colour
    palette keeps them sharp at about a third of the size. A figure with a kept
    background reuses the palette found for its first picture (mapping the pixels to
    a known palette is several times faster than finding one), so a widget's redraw
    stays quick at twice the pixels. A lower ``compress_level`` (zlib's 1-9) encodes
    faster into a somewhat larger file (the widgets, redrawing as a learner types, use 3).

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> png_bytes(fig)[:4]
    b'\x89PNG'
    """
    from PIL import Image

    canvas = render(fig)
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgb = rgba.convert("RGB")
    key = getattr(canvas, "_course_key", None)
    palette = _PALETTES.get(key) if key is not None else None
    if palette is None:
        # the palette is found on every other pixel of every other row (the same
        # colours, a quarter of the work), then every pixel takes its nearest colour
        sample = rgb.resize((max(width // 2, 1), max(height // 2, 1)), Image.Resampling.NEAREST)
        palette = sample.quantize(
            colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        if key is not None:
            _PALETTES[key] = palette
            while len(_PALETTES) > BACKGROUNDS_MAX:
                _PALETTES.popitem(last=False)
    else:
        _PALETTES.move_to_end(key)
    small = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


def display_size(fig: Figure) -> tuple[int, int]:
    """Return the size in CSS pixels a figure is shown at (its pixels over :data:`DENSITY`).

    Examples
    --------
    >>> display_size(new_figure(7, 4.5)[0])
    (700, 450)
    """
    width, height = fig.get_size_inches()
    return round(width * DISPLAY_DPI), round(height * DISPLAY_DPI)


# --------------------------------------------------------------------------- blitting

#: Pixels of figures' unchanging parts, by what they depend on (see :func:`set_background`)
_BACKGROUNDS: OrderedDict[Any, _Background] = OrderedDict()
#: how many backgrounds are kept (each is width x height x 4 bytes: 1-2 MB)
BACKGROUNDS_MAX = 12


#: Agg renderers by (width, height, dpi), reused by :func:`render`
_RENDERERS: OrderedDict[tuple[int, int, float], Any] = OrderedDict()
_RENDERERS_MAX = 4
#: 64-colour palettes of the figures with a kept background, by the same key
_PALETTES: OrderedDict[Any, Any] = OrderedDict()


class _Background(NamedTuple):
    pixels: Any  # an Agg BufferRegion of the whole figure
    positions: tuple[tuple[Bbox, Bbox], ...]  # each axes' (original, active) position
    limits: tuple[tuple[float, ...], ...]  # each axes' view limits, as drawn


def set_background(fig: Figure, key: Hashable, changing: Iterable[Artist]) -> None:
    """Declare a figure's unchanging part, by what it depends on, and the artists that change.

    ``key`` must capture everything the rest of the figure (every artist not in
    ``changing``, and the axes' places) depends on; ``changing`` are the artists
    drawn on top of it. :func:`render` then draws the rest once per ``key`` and keeps
    its pixels (Agg's ``copy_from_bbox``), and for a figure of the same ``key`` only
    restores them and draws ``changing`` (``restore_region`` and ``draw_artist``:
    blitting). The figure itself stays whole: drawn any other way (``savefig``, a
    layout engine) it shows everything, and :func:`render` draws the same pixels.

    ``changing`` should lie on top of the rest (drawn after it in a full draw).

    Examples
    --------
    >>> fig, ax = new_figure(2, 1, layout=None)
    >>> dot = ax.scatter([0.5], [0.5])
    >>> set_background(fig, ("doc-example", 1), [dot])
    >>> png_bytes(fig) == png_bytes(fig)  # drawn, then blitted on the kept background
    True
    """
    fig._course_background = (key, tuple(changing))


#: inside :func:`drawn_once`: figures are built to be rendered once, by :func:`render`
_DRAWN_ONCE: contextvars.ContextVar[bool] = contextvars.ContextVar("drawn_once", default=False)


@contextmanager
def drawn_once() -> Iterator[None]:
    """Build figures, in the ``with`` block, only to render them once with :func:`render`.

    A figure function may then skip building the unchanging part that a kept background
    already holds (see :func:`background_kept`): the picture :func:`render` gives is the
    same, for a fraction of the work. Outside the block every figure is built whole.
    The widgets draw their figures inside it; nothing else needs to.

    Examples
    --------
    >>> with drawn_once():
    ...     fig, ax = new_figure(2, 1, layout=None)
    ...     background_kept(fig, ("doc-example", 2))
    False
    """
    token = _DRAWN_ONCE.set(True)
    try:
        yield
    finally:
        _DRAWN_ONCE.reset(token)


def _full_key(fig: Figure, key: Hashable) -> tuple:
    """Return the key a background is kept by: ``key``, the pixel size, dpi and axes."""
    width, height = (int(v) for v in fig.bbox.max)
    return (key, width, height, fig.dpi, len(fig.axes))


def background_kept(fig: Figure, key: Hashable) -> bool:
    """Return whether ``fig``'s unchanging part need not be built: it is kept for ``key``.

    True only inside :func:`drawn_once`, once a figure of the same ``key``, size and
    number of axes was rendered: the figure function may then add only its changing
    artists (and set the axes' limits, which :func:`render` checks), and must still
    call :func:`set_background` with the same ``key``.
    """
    if not _DRAWN_ONCE.get():
        return False
    try:
        return _full_key(fig, key) in _BACKGROUNDS
    except TypeError:  # an unhashable key: nothing kept
        return False


def clear_backgrounds() -> None:
    """Forget every kept background (the next figure of each kind is drawn whole)."""
    _BACKGROUNDS.clear()
    _PALETTES.clear()


def _draw_order(fig: Figure, artist: Artist) -> tuple[float, int, float]:
    """Return where a full draw puts ``artist``: by axes (zorder, then as added), then zorder."""
    ax = artist.axes
    if ax is None or artist is ax:
        return (artist.get_zorder(), -1, 0.0)
    return (ax.get_zorder(), fig.axes.index(ax), artist.get_zorder())


def render(fig: Figure) -> Any:
    """Draw ``fig`` on a new Agg canvas and return the canvas (pixels in ``buffer_rgba()``).

    The pixels are valid until the next figure of the same size is rendered (the
    renderer is reused); encode or copy them first.

    A figure with a declared background (:func:`set_background`) is drawn whole the
    first time for its key, without its changing artists; those pixels and the axes'
    places (after any layout engine and fixed aspect) are kept. Next time only the
    changing artists are drawn over the kept pixels, in the order a full draw uses, as
    plain text (see :func:`plain_text`): the same picture, a fraction of the work.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> render(fig).get_width_height(physical=True)  # two pixels per CSS pixel
    (400, 200)
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    canvas = FigureCanvasAgg(fig)
    # one renderer per size, shared by the figures drawn one after the other: Agg keeps
    # the measures of the texts it drew per renderer, so repeated texts are measured once
    size = (*canvas.get_width_height(physical=True), fig.dpi)
    renderer = _RENDERERS.pop(size, None) or RendererAgg(*size)
    _RENDERERS[size] = renderer
    while len(_RENDERERS) > _RENDERERS_MAX:
        _RENDERERS.popitem(last=False)
    canvas.renderer, canvas._lastKey = renderer, size
    declared = getattr(fig, "_course_background", None)
    if declared is None:
        canvas.draw()
        return canvas
    key, changing = declared
    try:
        full_key = _full_key(fig, key)
        kept = _BACKGROUNDS.get(full_key)
    except TypeError:  # an unhashable key: no background kept
        canvas.draw()
        return canvas
    canvas._course_key = full_key
    if kept is not None:
        for ax, (original, active) in zip(fig.axes, kept.positions, strict=True):
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")
        if _limits(fig) != kept.limits:  # the key missed something: draw it whole
            kept = None
    if kept is None:
        for artist in changing:
            artist.set_animated(True)
        try:
            canvas.draw()
        finally:
            for artist in changing:
                artist.set_animated(False)
        kept = _Background(
            canvas.copy_from_bbox(fig.bbox),
            tuple((ax.get_position(original=True), ax.get_position()) for ax in fig.axes),
            _limits(fig),
        )
        _BACKGROUNDS[full_key] = kept
        while len(_BACKGROUNDS) > BACKGROUNDS_MAX:
            _BACKGROUNDS.popitem(last=False)
    else:
        _BACKGROUNDS.move_to_end(full_key)
        canvas.restore_region(kept.pixels)
    renderer = canvas.get_renderer()
    with matplotlib.rc_context(_PLAIN_TEXT):
        for artist in changing:
            for text in artist.findobj(Text):
                text.set_parse_math(False)
                text.set_usetex(False)
        for artist in sorted(changing, key=lambda a: _draw_order(fig, a)):
            artist.draw(renderer)
    return canvas


def _limits(fig: Figure) -> tuple[tuple[float, ...], ...]:
    out = []
    for ax in fig.axes:
        ax._unstale_viewLim()
        out.append(tuple(ax.viewLim.bounds))
    return tuple(out)


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

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        width, height = display_size(self)
        return png_bytes(self), {"width": width, "height": height}


def _ipython_png(fig: CourseFigure) -> tuple[str, dict[str, int]]:
    """IPython's PNG of a course figure: our compact PNG, shown at its CSS size."""
    import base64

    data, size = fig._repr_png_()
    return base64.b64encode(data).decode("ascii"), size


@functools.cache
def _show_sharp_in_ipython() -> None:
    """In IPython, show course figures with :meth:`CourseFigure._repr_png_`, once per process.

    ``%matplotlib inline`` registers a PNG printer for every matplotlib figure, which
    would save ours with its own settings and no displayed size; a printer for
    :class:`CourseFigure` itself comes first (IPython picks the most specific type).
    """
    shell = sys.modules.get("IPython")
    shell = shell.get_ipython() if shell is not None and hasattr(shell, "get_ipython") else None
    if shell is None:
        return
    shell.display_formatter.formatters["image/png"].for_type(CourseFigure, _ipython_png)


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
    _show_sharp_in_ipython()
    fig = CourseFigure(figsize=(width, height), dpi=DPI, layout=layout)
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
    widest = 0.0
    for text in texts:
        for line in str(text).split("\n"):
            if line:
                widest = max(widest, _line_width(line, float(fontsize), float(fig.dpi)))
    return widest / fig.dpi


@functools.lru_cache(maxsize=4096)
def _line_width(line: str, fontsize: float, dpi: float) -> float:
    """Width in pixels of one line of plain text (measured once per line, size and dpi)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=fontsize)
    return _measurer(dpi).get_text_width_height_descent(line, prop, ismath=False)[0]


@functools.lru_cache(maxsize=4)
def _measurer(dpi: float) -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


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
