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


def number(value: float, places: int = 2) -> str:
    """Write a number as a reader expects: a whole number without decimals, others short.

    At most ``places`` decimals, trailing zeros dropped; thousands separated by commas;
    a missing value (NaN) is an empty string.

    Examples
    --------
    >>> number(6.0), number(4.5), number(3.75), number(1234.0), number(0.125)
    ('6', '4.5', '3.75', '1,234', '0.12')
    >>> number(float("nan")), number(-0.001)
    ('', '0')
    """
    if value != value:  # NaN
        return ""
    text = f"{float(value):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(value: float, unit: str = "", places: int = 2) -> str:
    """Write a number with its unit, singular or plural as the number needs.

    ``unit`` is written in the plural ("years", "months late"); for exactly 1 its first
    word loses its plural "s" ("1 month late"). A unit starting with "%" follows the
    number directly ("10%"); what comes after the "%" is left out (a metric such as
    "cost overrun %" reads "10%"). The number is written by :func:`number`.

    Examples
    --------
    >>> quantity(6.0, "years"), quantity(1, "months"), quantity(4.0, "months late")
    ('6 years', '1 month', '4 months late')
    >>> quantity(1, "months late"), quantity(2.5, "years"), quantity(10.0, "%")
    ('1 month late', '2.5 years', '10%')
    >>> quantity(3, ""), quantity(float("nan"), "years")
    ('3', '')
    """
    shown = number(value, places)
    unit = " ".join(str(unit).split())
    if not shown or not unit:
        return shown
    if unit.startswith("%"):
        return f"{shown}%"
    first, _, rest = unit.partition(" ")
    if float(value) == 1 and first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return " ".join(part for part in (shown, first, rest) if part)


#: the words that make a metric's name its unit, e.g. "months late" (see :func:`reading`)
TIME_UNITS = ("days", "weeks", "months", "quarters", "years")


def reading(value: float, metric: str) -> str:
    """Write a value observed for an exit trigger's metric, in the metric's own terms.

    A metric named in units of time ("months late", "years running") gives "4 months
    late"; a percentage ("cost overrun %") gives "10%"; any other metric the number alone.

    Examples
    --------
    >>> reading(4.0, "months late"), reading(10.0, "cost overrun %"), reading(0.0, "goal achieved")
    ('4 months late', '10%', '0')
    """
    metric = " ".join(str(metric).split())
    if metric.endswith("%"):
        return quantity(value, "%")
    if metric.split(" ", 1)[0].lower() in TIME_UNITS:
        return quantity(value, metric)
    return number(value)
