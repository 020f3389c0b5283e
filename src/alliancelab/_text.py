"""Small helpers for the sentences the package writes (notes, verdicts, reasons)."""

from __future__ import annotations

from collections.abc import Iterable


def listing(items: Iterable[str]) -> str:
    """Join names as in a sentence: ``a``, ``a and b``, ``a, b and c``.

    Examples
    --------
    >>> listing(["capital"]), listing(["capital", "brand"])
    ('capital', 'capital and brand')
    >>> listing(["capital", "brand", "data"])
    'capital, brand and data'
    >>> listing([])
    ''
    """
    items = list(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def clip(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, ending with an ellipsis when cut.

    Examples
    --------
    >>> clip("regulatory know-how", 12), clip("data", 12)
    ('regulatory…', 'data')
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
