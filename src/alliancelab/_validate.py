"""Input checks shared by every public function.

Every error names the field and states the rule, so a learner (or a widget showing
the message) knows exactly what to fix, for example
``likelihood must be a whole number from 1 to 5, got 7``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Integral, Real
from typing import Any


def check_text(field: str, value: Any, *, allow_empty: bool = False, max_len: int = 2000) -> str:
    """Return ``value`` stripped, or raise if it is not a (non-empty) string.

    Examples
    --------
    >>> check_text("partner", "  Daimler ")
    'Daimler'
    >>> check_text("partner", "")
    Traceback (most recent call last):
    ...
    ValueError: partner must not be empty
    >>> check_text("partner", "Dai" + chr(0xD800) + "mler")
    Traceback (most recent call last):
    ...
    ValueError: partner holds a character that cannot be saved (U+D800 at position 4); ...
    """
    if not isinstance(value, str):
        raise TypeError(f"{field} must be text (str), got {type(value).__name__}")
    value = value.strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no file can hold it
        raise ValueError(
            f"{field} holds a character that cannot be saved (U+{ord(value[exc.start]):04X} "
            f"at position {exc.start + 1}); retype that part"
        ) from None
    if not value and not allow_empty:
        raise ValueError(f"{field} must not be empty")
    if len(value) > max_len:
        raise ValueError(f"{field} must be at most {max_len} characters, got {len(value)}")
    return value


def check_name(field: str, value: Any, *, max_len: int = 100, lower: bool = True) -> str:
    """Return a name checked by :func:`check_text`, inner spaces collapsed, lowercased.

    Names compared across a plan (criteria, categories, risks) go through here, so
    ``"Market  access"`` and ``"market access"`` are the same name.

    Examples
    --------
    >>> check_name("category", "  Market   Access ")
    'market access'
    >>> check_name("risk", "Key  engineer leaves", lower=False)
    'Key engineer leaves'
    """
    name = " ".join(check_text(field, value, max_len=max_len).split())
    return name.lower() if lower else name


def check_int_range(field: str, value: Any, low: int = 1, high: int = 5) -> int:
    """Return ``value`` as int if it is a whole number in ``[low, high]``.

    Booleans, NaN, fractions and text are refused with a message naming the field.

    Examples
    --------
    >>> check_int_range("impact", 4)
    4
    >>> check_int_range("impact", 6)
    Traceback (most recent call last):
    ...
    ValueError: impact must be a whole number from 1 to 5, got 6
    """
    rule = f"{field} must be a whole number from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{rule}, got {type(value).__name__} {value!r}")
    if isinstance(value, float) and (math.isnan(value) or not value.is_integer()):
        raise ValueError(f"{rule}, got {value!r}")
    if not isinstance(value, Integral | float):
        raise TypeError(f"{rule}, got {type(value).__name__} {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{rule}, got {number}")
    return number


def check_number(
    field: str, value: Any, *, low: float | None = None, high: float | None = None
) -> float:
    """Return ``value`` as float if it is a finite number within the optional bounds.

    Examples
    --------
    >>> check_number("weight", 0.5, low=0)
    0.5
    >>> check_number("weight", -1, low=0)
    Traceback (most recent call last):
    ...
    ValueError: weight must be >= 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{field} must be a number, got {type(value).__name__} {value!r}")
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{field} must be a finite number, got {value!r}")
    if low is not None and value < low:
        raise ValueError(f"{field} must be >= {low:g}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{field} must be <= {high:g}, got {value!r}")
    return float(value)


def check_choice(field: str, value: Any, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` (case-insensitive match on text).

    Examples
    --------
    >>> check_choice("risk_class", "Relational", ["relational", "performance", "both"])
    'relational'
    >>> check_choice("risk_class", "legal", ["relational", "performance", "both"])
    Traceback (most recent call last):
    ...
    ValueError: risk_class must be one of 'relational', 'performance', 'both'; got 'legal'
    """
    allowed = list(allowed)
    if isinstance(value, str):
        key = value.strip().lower()
        for option in allowed:
            if option.lower() == key:
                return option
    shown = ", ".join(repr(a) for a in allowed)
    got = repr(value)
    if len(got) > 80:  # a hostile file's 5,000 characters would drown the message
        got = got[:79] + "…"
    raise ValueError(f"{field} must be one of {shown}; got {got}")


def check_unique(field: str, names: Iterable[str]) -> None:
    """Raise if ``names`` holds the same name twice (compared case-insensitively).

    Examples
    --------
    >>> check_unique("candidate names", ["Acme", "acme"])
    Traceback (most recent call last):
    ...
    ValueError: candidate names must be unique; 'acme' appears more than once
    """
    seen: set[str] = set()
    for name in names:
        key = name.strip().lower()
        if key in seen:
            raise ValueError(f"{field} must be unique; {key!r} appears more than once")
        seen.add(key)


def check_weights(field: str, weights: Mapping[str, Any]) -> dict[str, float]:
    """Validate a mapping of weights: each finite and >= 0, not all zero.

    Examples
    --------
    >>> check_weights("weights", {"reputation": 2, "stability": 1})
    {'reputation': 2.0, 'stability': 1.0}
    >>> check_weights("weights", {"reputation": 0})
    Traceback (most recent call last):
    ...
    ValueError: weights must not all be zero
    """
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(f"{field} must be a non-empty mapping of name to weight")
    clean = {
        check_text(f"{field} name", k): check_number(f"{field}[{k!r}]", v, low=0)
        for k, v in weights.items()
    }
    if not any(clean.values()):
        raise ValueError(f"{field} must not all be zero")
    return clean


def check_keys(
    kind: str,
    data: Any,
    required: set[str],
    optional: set[str],
    *,
    not_mapping: type[Exception] = TypeError,
) -> None:
    """Raise unless ``data`` is a mapping with the required keys and no unknown ones.

    Used by every ``from_dict``: the message names the object, the missing or unknown
    keys and the keys allowed.

    Examples
    --------
    >>> check_keys("risk", {"name": "x"}, {"name", "risk_class"}, set())
    Traceback (most recent call last):
    ...
    ValueError: risk data needs the key(s) 'risk_class'
    >>> check_keys("risk", {"name": "x", "colour": 1}, {"name"}, {"owner"})
    Traceback (most recent call last):
    ...
    ValueError: risk data has unknown key(s) 'colour'; allowed: 'name', 'owner'
    """
    if not isinstance(data, Mapping):
        raise not_mapping(f"{kind} data must be a mapping (dict), got {type(data).__name__}")
    missing = sorted(required - set(data))
    if missing:
        raise ValueError(f"{kind} data needs the key(s) {', '.join(map(repr, missing))}")
    unknown = sorted(set(map(str, data)) - required - optional)
    if unknown:
        allowed = ", ".join(repr(k) for k in sorted(required | optional))
        raise ValueError(
            f"{kind} data has unknown key(s) {', '.join(map(repr, unknown))}; allowed: {allowed}"
        )


def coerce_items(field: str, items: Any, cls: type) -> list:
    """Return ``items`` as a list of ``cls`` objects (mappings go through ``cls.from_dict``).

    A single object is accepted as a list of one; text, a lone mapping or anything
    that is not a list raises ``TypeError`` naming the field.

    Examples
    --------
    >>> from fractions import Fraction
    >>> coerce_items("numbers", Fraction(1, 2), Fraction)
    [Fraction(1, 2)]
    >>> coerce_items("numbers", "1/2", Fraction)
    Traceback (most recent call last):
    ...
    TypeError: numbers must be a list of Fraction objects, got str
    """
    if isinstance(items, cls):
        return [items]
    name = cls.__name__
    if isinstance(items, str | bytes | Mapping) or not isinstance(items, Iterable):
        raise TypeError(f"{field} must be a list of {name} objects, got {type(items).__name__}")
    out = []
    for item in items:
        if isinstance(item, Mapping):
            item = cls.from_dict(item)
        if not isinstance(item, cls):
            article = "an" if name[0] in "AEIOU" else "a"
            raise TypeError(
                f"each {field[:-1]} must be {article} {name}, got {type(item).__name__}"
            )
        out.append(item)
    return out
