"""Shared figure style: a colour-blind-safe palette and small figure helpers.

The palette is Okabe and Ito's eight colours, safe for the common forms of colour
blindness. Figures never carry meaning by colour alone: every coloured mark also has
a label, a pattern or a position that says the same thing.
"""

from __future__ import annotations

from matplotlib.figure import Figure

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


def new_figure(width: float = 7.0, height: float = 4.5) -> tuple[Figure, object]:
    """Return a new figure and axes, not attached to pyplot (no global state, no display).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> type(fig).__name__
    'Figure'
    """
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax
