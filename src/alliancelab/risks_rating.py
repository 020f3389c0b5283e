"""Ratings of alliance risks (:mod:`alliancelab.risks`): likelihood, impact, severity, band.

- :class:`~alliancelab.risks.Rating` holds a risk's likelihood and impact at one
  assessment, each a whole number from 1 to 5, with its severity (their product) and band;
- :data:`~alliancelab.risks_rating.SEVERITY_BANDS` and :func:`~alliancelab.risks.severity_band`
  give the band of a severity (a teaching convention, explained in :mod:`alliancelab.risks`).

The register that holds risks and their ratings is in :mod:`alliancelab.risks`. Every name
here is also importable from :mod:`alliancelab.risks`, and documented there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import check_int_range, check_keys

__all__ = ["SEVERITY_BANDS", "Rating", "severity_band"]

#: Severity bands as ``{band: (lowest, highest)}``, from low to critical (a teaching
#: convention, explained in :mod:`alliancelab.risks`).
SEVERITY_BANDS: Mapping[str, tuple[int, int]] = {
    "low": (1, 4),
    "medium": (5, 9),
    "high": (10, 19),
    "critical": (20, 25),
}
_BAND_NAMES = tuple(SEVERITY_BANDS)
_BAND_STARTS = np.array([lo for lo, _ in SEVERITY_BANDS.values()][1:], dtype=float)


def _check_keys(kind: str, data: Any, required: set[str], optional: set[str]) -> None:
    """Raise ValueError unless ``data`` is a mapping with the required keys and no others."""
    check_keys(kind, data, required, optional, not_mapping=ValueError)


def _as_value_error(build: Any, *args: Any) -> Any:
    """Call ``build(*args)``, turning a TypeError about bad data into a ValueError."""
    try:
        return build(*args)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


@dataclass(frozen=True)
class Rating:
    """A risk's likelihood and impact at one assessment, each a whole number from 1 to 5.

    Likelihood runs from 1 (rare) to 5 (almost certain); impact from 1 (negligible) to
    5 (severe: it could end the alliance or the venture).

    Examples
    --------
    >>> r = Rating(3, 4)
    >>> r.severity, r.band
    (12, 'high')
    >>> Rating(3, 4.5)
    Traceback (most recent call last):
    ...
    ValueError: impact must be a whole number from 1 to 5, got 4.5
    """

    likelihood: int
    impact: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "likelihood", check_int_range("likelihood", self.likelihood))
        object.__setattr__(self, "impact", check_int_range("impact", self.impact))

    @property
    def severity(self) -> int:
        """Likelihood x impact, from 1 to 25."""
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        """The severity band (see :data:`~alliancelab.risks_rating.SEVERITY_BANDS`)."""
        return severity_band(self.severity)

    def to_dict(self) -> dict[str, int]:
        """Return the rating as plain JSON-able data.

        Examples
        --------
        >>> Rating(2, 5).to_dict()
        {'likelihood': 2, 'impact': 5}
        """
        return {"likelihood": self.likelihood, "impact": self.impact}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | Iterable[Any]) -> Rating:
        """Build a rating from :meth:`to_dict` output or a ``(likelihood, impact)`` pair.

        Examples
        --------
        >>> Rating.from_dict({"likelihood": 2, "impact": 5})
        Rating(likelihood=2, impact=5)
        >>> Rating.from_dict([4, 1])
        Rating(likelihood=4, impact=1)
        """
        return _coerce_rating("rating", data)


def _coerce_rating(where: str, value: Any) -> Rating:
    """Turn a Rating, a rating dict or a pair into a :class:`Rating`, naming ``where``."""
    if isinstance(value, Rating):
        return value
    if isinstance(value, Mapping):
        _check_keys(f"{where}", value, {"likelihood", "impact"}, set())
        pair = (value["likelihood"], value["impact"])
    elif isinstance(value, list | tuple) and len(value) == 2:
        pair = tuple(value)
    else:
        raise ValueError(
            f"{where} must be a Rating, a {{'likelihood': .., 'impact': ..}} mapping "
            f"or a (likelihood, impact) pair, got {value!r}"
        )
    likelihood = _as_value_error(check_int_range, f"likelihood of {where}", pair[0])
    impact = _as_value_error(check_int_range, f"impact of {where}", pair[1])
    return Rating(likelihood, impact)


def severity_band(severity: float) -> str:
    """Return the band of a severity from 1 to 25.

    The bands are :data:`~alliancelab.risks_rating.SEVERITY_BANDS`. A fractional
    severity (a pooled mean, say) falls in the band whose range starts at or below it:
    17.5 is high, 20 is critical.

    Examples
    --------
    >>> [severity_band(s) for s in (4, 5, 16, 20)]
    ['low', 'medium', 'high', 'critical']
    >>> severity_band(30)
    Traceback (most recent call last):
    ...
    ValueError: severity must be from 1 to 25, got 30
    """
    if isinstance(severity, bool) or not isinstance(severity, int | float | np.number):
        raise TypeError(f"severity must be a number from 1 to 25, got {severity!r}")
    if math.isnan(severity) or not 1 <= severity <= 25:
        raise ValueError(f"severity must be from 1 to 25, got {severity!r}")
    return _BAND_NAMES[int(np.searchsorted(_BAND_STARTS, severity, side="right"))]
