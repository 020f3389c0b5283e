"""Shared figure style: a colour-blind-safe palette and small figure helpers.

The palette is Okabe and Ito's eight colours, safe for the common forms of colour
blindness. Figures never carry meaning by colour alone: every coloured mark also has
a label, a pattern or a position that says the same thing.

Every course figure is a :class:`CourseFigure`, which draws all its text as plain text:
names typed by learners ("Pay $5 now, $10 later") are never read as mathtext or TeX.
"""

from __future__ import annotations

import contextlib
import functools
import io
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.text import Text

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

    The figure is drawn once into Agg's pixel buffer and encoded once (no PNG round
    trip); no timestamp or software metadata is written, so the same figure gives the
    same bytes. Course figures use a handful of flat colours, so a 64-colour palette
    keeps them sharp at about a third of the size. A lower ``compress_level`` (zlib's
    1-9) encodes faster into a somewhat larger file.

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
    width, height = canvas.get_width_height(physical=True)
    rgba = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgb = rgba.convert("RGB")
    # the palette is found on every other pixel of every other row (the same colours,
    # a quarter of the work), then every pixel takes its nearest colour
    sample = rgb.resize((max(width // 2, 1), max(height // 2, 1)), Image.Resampling.NEAREST)
    palette = sample.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()


#: how :func:`svg_bytes` writes SVG: text as text (light, selectable, and searchable),
#: with ids from a fixed salt, so the same figure gives the same bytes; every text plain
#: text (what :func:`plain_text` would set, once for the whole drawing); and each text's
#: fonts: matplotlib's (DejaVu Sans, whose measures laid the text out), else the
#: browser's of about its width (Verdana, Geneva), else narrower ones
_SVG = {
    "svg.fonttype": "none",
    "svg.hashsalt": "alliancelab",
    "text.parse_math": False,
    "text.usetex": False,
    "font.sans-serif": [
        "DejaVu Sans",
        "Bitstream Vera Sans",
        "Verdana",
        "Geneva",
        "Arial",
        "Helvetica",
        "sans-serif",
    ],
}
#: no date, creator or format in the SVG (reproducible, and lighter)
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def svg_bytes(fig: Figure) -> bytes:
    """Render a figure to compact, reproducible SVG bytes: vector, so sharp at any density.

    Text stays text (``svg.fonttype: none``, escaped by matplotlib's XML writer), laid
    out with matplotlib's own font metrics, so a figure is lighter and several times
    quicker to write than its PNG at two pixels per CSS pixel, which rasterizes every
    glyph. Each text's measures are kept from one figure to the next (see
    :func:`_svg_renderer`), also for the layout engine: widgets redraw similar figures
    as a learner types. The figure keeps its resolution and canvas (matplotlib's SVG
    writer works at 72 dpi).

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> ax.set_title("Pay $5 <now>")
    Text(...)
    >>> svg = svg_bytes(fig).decode()
    >>> "Pay $5 &lt;now&gt;" in svg, svg == svg_bytes(fig).decode(), fig.dpi == DPI
    (True, True, True)
    """
    from matplotlib.backends.backend_mixed import MixedModeRenderer

    old_canvas = fig.canvas
    canvas = _svg_canvas()(fig)
    out = io.StringIO()
    dpi = fig.dpi
    try:
        with matplotlib.rc_context(_SVG):
            # what FigureCanvasSVG.print_svg does, with a renderer that keeps text measures
            fig.dpi = 72
            width, height = fig.get_size_inches()
            svg = _svg_renderer()(
                width * 72, height * 72, out, image_dpi=dpi, metadata=_SVG_METADATA
            )
            canvas.renderer = MixedModeRenderer(fig, width, height, dpi, svg)
            fig.draw(canvas.renderer)
            canvas.renderer.finalize()
    finally:
        fig.dpi = dpi
        fig.set_canvas(old_canvas)
    return out.getvalue().encode("utf-8")


@functools.cache
def _svg_canvas() -> type:
    """Matplotlib's SVG canvas, whose layout engine measures with the renderer drawing it.

    A layout engine asks the canvas for a renderer to measure texts with; the stock SVG
    canvas makes a throwaway one (and measures every text afresh), this one hands over
    the renderer of the picture being drawn, whose measures are kept. It is the
    figure's canvas only while :func:`svg_bytes` draws.
    """
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    class _CourseCanvasSVG(FigureCanvasSVG):
        renderer: Any = None

        def get_renderer(self) -> Any:
            return self.renderer

    return _CourseCanvasSVG


@functools.cache
def _svg_renderer() -> type:
    """Matplotlib's SVG renderer, measuring each text once per process instead of per figure.

    matplotlib keeps text measures per renderer, and an SVG renderer lives for one
    figure; measuring (FreeType's layout of the string) was most of a widget figure's
    cost. The measures depend only on the string and the font (SVG is drawn in points).
    """
    from matplotlib.backends.backend_svg import RendererSVG

    class _SVGRenderer(RendererSVG):
        def get_text_width_height_descent(self, s: str, prop: Any, ismath: Any) -> Any:
            if ismath:
                return super().get_text_width_height_descent(s, prop, ismath)
            return _svg_text_measure(s, prop.copy())

        def _get_font_height_metrics(self, prop: Any) -> tuple[float, float, float]:
            # what Text._get_layout reads from the font's tables for each text, at 72 dpi
            return _svg_font_height(prop.copy())

    return _SVGRenderer


@functools.lru_cache(maxsize=4096)
def _svg_text_measure(s: str, prop: Any) -> tuple[float, float, float]:
    return _text_to_path().get_text_width_height_descent(s, prop, False)


@functools.cache
def _text_to_path() -> Any:
    from matplotlib.textpath import TextToPath

    return TextToPath()


@functools.lru_cache(maxsize=64)
def _svg_font_height(prop: Any) -> tuple[float, float, float] | tuple[None, None, None]:
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager._find_fonts_by_props(prop))
    scale = prop.get_size_in_points() / font.get_sfnt_table("head")["unitsPerEm"]
    for table_name, gap, ascent, descent in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


def display_size(fig: Figure) -> tuple[int, int]:
    """Return the size in CSS pixels a figure is shown at (its pixels over :data:`DENSITY`).

    Examples
    --------
    >>> display_size(new_figure(7, 4.5)[0])
    (700, 450)
    """
    width, height = fig.get_size_inches()
    return round(width * DISPLAY_DPI), round(height * DISPLAY_DPI)


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
    rc = matplotlib.rcParams
    plain = not rc["text.parse_math"] and not rc["text.usetex"]  # already (svg_bytes)
    with contextlib.nullcontext() if plain else matplotlib.rc_context(_PLAIN_TEXT):
        for artist in artists(fig):
            if isinstance(artist, Text):
                artist.set_parse_math(False)
                artist.set_usetex(False)
        yield


def artists(fig: Figure) -> Iterator[Any]:
    """Yield the figure and every artist in it, as ``fig.findobj()`` would, creating none.

    ``findobj`` asks each axis for its ticks, and an axis makes the ticks its locator
    wants when first asked (five artists each, some twenty an axes), even for an axes
    drawn without its axes: those are not walked here until drawing made them.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> ax.set_axis_off()
    >>> n = len(list(artists(fig)))
    >>> n == len(list(artists(fig))) < len(fig.findobj())
    True
    """
    from matplotlib.axis import Axis

    stack: list[Any] = [fig]
    while stack:
        artist = stack.pop()
        yield artist
        if isinstance(artist, Axis):
            made = artist.__dict__  # the tick lists, once made (they are made lazily)
            children = [artist.label, artist.offsetText]
            children += [*made.get("majorTicks", ()), *made.get("minorTicks", ())]
        else:
            children = artist.get_children()
        stack.extend(reversed(children))


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

    ``layout="constrained"`` (matplotlib's layout engine) fits titles, labels and
    legends; texts written inside the axes with :func:`writer` (``inside=True``) are
    left out of its measures, and rows and columns named with :func:`label_rows` and
    :func:`label_columns` get room like tick labels. ``layout=None`` leaves placing
    the axes to the caller.

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


def writer(ax, *, inside: bool = False) -> Any:
    """Return a function like ``ax.text`` whose texts share one clip path: lighter figures.

    Each ``ax.text`` gets a clip path of its own (the axes' patch, transformed), some
    forty Python objects that the garbage collector then walks; texts that are not
    clipped (the default) draw the same with one shared by all. A figure of fifty
    labels is then built quicker and leaves less for the collector. Texts written
    ``inside`` the axes are left out of the layout engine's measures (they need no
    margin), which then measures only what lies around the axes.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> say = writer(ax)
    >>> a, b = say(0.1, 0.5, "one"), say(0.6, 0.5, "two", ha="center")
    >>> [t.get_text() for t in ax.texts], a.get_clip_path() is b.get_clip_path()
    (['one', 'two'], True)
    """
    from matplotlib.transforms import TransformedPatchPath

    return functools.partial(
        ax.text, clip_path=TransformedPatchPath(ax.patch), in_layout=not inside
    )


#: the ``gid`` of the texts that name a figure's rows (left of the axes) and columns
ROW_LABEL_GID = "row label"
COLUMN_LABEL_GID = "column label"
#: points between an axes' edge and the names of its rows or columns (a tick label's pad)
LABEL_PAD = 3.5


def label_rows(ax, ys: Iterable[float], labels: Iterable[str], **style: Any) -> list[Any]:
    """Name the rows at data heights ``ys`` left of the axes, as tick labels would.

    A text each (gid :data:`ROW_LABEL_GID`), where a tick is five artists (two labels,
    three lines): a figure of twenty rows is built and drawn much quicker. Layout
    engines make room for them as for tick labels; an axis label beside them needs a
    ``labelpad`` to stand clear. ``style`` goes to each text (``fontsize=9``, say).

    Examples
    --------
    >>> fig, ax = new_figure(3, 2)
    >>> [t.get_text() for t in label_rows(ax, [0.25, 0.75], ["low", "high"], fontsize=9)]
    ['low', 'high']
    """
    from matplotlib.transforms import offset_copy

    write = writer(ax)
    at = offset_copy(ax.get_yaxis_transform(), ax.figure, x=-LABEL_PAD, units="points")
    style = {"ha": "right", "va": "center", "gid": ROW_LABEL_GID, **style}
    return [write(0, y, label, transform=at, **style) for y, label in zip(ys, labels, strict=True)]


def label_columns(
    ax, xs: Iterable[float], labels: Iterable[str], *, top: bool = False, **style: Any
) -> list[Any]:
    """Name the columns at data places ``xs`` below the axes (or above, ``top``), as tick labels.

    Like :func:`label_rows`, with the gid :data:`COLUMN_LABEL_GID`.

    Examples
    --------
    >>> fig, ax = new_figure(3, 2)
    >>> [t.get_text() for t in label_columns(ax, [0.5], ["1"], top=True)]
    ['1']
    """
    from matplotlib.transforms import offset_copy

    write = writer(ax)
    pad = LABEL_PAD if top else -LABEL_PAD
    at = offset_copy(ax.get_xaxis_transform(), ax.figure, y=pad, units="points")
    style = {"ha": "center", "va": "bottom" if top else "top", "gid": COLUMN_LABEL_GID, **style}
    y = 1 if top else 0
    return [write(x, y, label, transform=at, **style) for x, label in zip(xs, labels, strict=True)]


def boxes(ax, rects: Iterable[tuple[float, float, float, float]], **style: Any) -> Any:
    """Draw rectangles ``(x, y, width, height)`` in data units as one artist, and return it.

    One collection draws dozens of cells much quicker than a patch each (every patch
    is an artist, laid out, limited and drawn on its own), and looks the same. The
    axes' limits are left alone: set them.

    Examples
    --------
    >>> fig, ax = new_figure(2, 1)
    >>> cells = boxes(ax, [(0, 0, 1, 1), (1, 0, 1, 1)], facecolor="#56B4E9")
    >>> len(cells.get_paths()), len(ax.patches)
    (2, 0)
    """
    from matplotlib.collections import PolyCollection

    verts = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in rects]
    return ax.add_collection(PolyCollection(verts, **style), autolim=False)


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
