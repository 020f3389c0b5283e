"""Judging partner candidates (:mod:`alliancelab.scorecard`): totals, weak links, ranking.

- :func:`~alliancelab.scorecard.weighted_total` and :func:`~alliancelab.scorecard.weak_links`
  judge one :class:`~alliancelab.scorecard.Scorecard`;
- :func:`~alliancelab.scorecard.rank_candidates` ranks many, from scorecards or a wide
  DataFrame (one vectorised path), and flags the strong totals that hide a weak link
  (columns :data:`~alliancelab.scorecard.RANKING_COLUMNS`);
- :func:`~alliancelab.scorecard.screen_candidate` applies a simple partnering-protocol
  rule, returning a :class:`~alliancelab.scorecard.ScreenResult`.

The figure drawn from a ranking is in :mod:`alliancelab.scorecard_plots`. Every name here
is also importable from :mod:`alliancelab.scorecard`, and documented there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_int_range, check_number
from .scorecard import (
    RANKING_COLUMNS,
    CriteriaLike,
    Criterion,
    Scorecard,
    ScreenResult,
    _coerce_criteria,
)

__all__ = ["rank_candidates", "screen_candidate", "weak_links", "weighted_total"]

_TOL = 1e-9  # totals are compared with thresholds up to this rounding slack
_DECIMALS = 9  # totals are rounded so equal weighted means compare equal


def _allowed(crit: tuple[Criterion, ...]) -> str:
    return ", ".join(repr(c.name) for c in crit)


def _card_values(card: Scorecard, crit: tuple[Criterion, ...]) -> np.ndarray:
    """Return the card's scores in criteria order, checking names against the criteria."""
    if not isinstance(card, Scorecard):
        raise TypeError(f"scorecard must be a Scorecard, got {type(card).__name__}")
    names = [c.name for c in crit]
    for name in card.scores:
        if name not in names:
            raise ValueError(
                f"scorecard of {card.candidate!r} scores unknown criterion {name!r}; "
                f"allowed: {_allowed(crit)}"
            )
    for name in names:
        if name not in card.scores:
            raise ValueError(
                f"scorecard of {card.candidate!r} has no score for {name!r}; every criterion "
                f"needs a score from 1 to 5 ({_allowed(crit)})"
            )
    return np.array([card.scores[name].value for name in names], dtype=float)


def _totals(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted means of the rows of ``values`` (n, k), kept within each row's scored range.

    Clipping and rounding only remove floating-point noise: the weighted mean of the
    positively weighted scores always lies between their minimum and maximum.
    """
    active = weights > 0
    totals = (values * weights).sum(axis=1) / weights.sum()
    low = values[:, active].min(axis=1)
    high = values[:, active].max(axis=1)
    return np.round(np.clip(totals, low, high), _DECIMALS)


def _check_thresholds(floor: Any, strong_total: Any) -> tuple[int, float | None]:
    floor = check_int_range("floor", floor, 1, 5)
    if strong_total is not None:
        strong_total = check_number("strong_total", strong_total, low=1, high=5)
    return floor, strong_total


# --------------------------------------------------------------------------- one card


def weighted_total(scorecard: Scorecard, criteria: CriteriaLike = None) -> float:
    """Return the weighted mean of a card's scores, on the same 1-5 scale.

    Parameters
    ----------
    scorecard : Scorecard
        Must score every criterion and nothing else.
    criteria : list of Criterion or names, or mapping of name to weight, optional
        Defaults to :func:`default_criteria`. Weights must be >= 0 and not all zero.

    Returns
    -------
    float
        ``sum(weight * score) / sum(weight)``: always between the lowest and the highest
        score of the positively weighted criteria.

    Examples
    --------
    >>> card = Scorecard("Acme", {"reputation": 5, "stability": 2})
    >>> weighted_total(card, {"reputation": 1, "stability": 1})
    3.5
    >>> weighted_total(card, {"reputation": 1, "stability": 3})
    2.75
    >>> weighted_total(card)
    Traceback (most recent call last):
    ...
    ValueError: scorecard of 'Acme' has no score for 'complementarity'; every criterion ...
    """
    crit = _coerce_criteria(criteria)
    values = _card_values(scorecard, crit)[None, :]
    weights = np.array([c.weight for c in crit])
    return float(_totals(values, weights)[0])


def weak_links(
    scorecard: Scorecard,
    criteria: CriteriaLike = None,
    floor: int = 2,
    strong_total: float | None = None,
) -> list[str]:
    """Return the criteria a card scores at or below ``floor``, weakest first.

    Factors interact (``AlliancesOverview``): a candidate with a high total can still fail
    the alliance through one weak factor. Criteria with weight 0 are left out.

    Parameters
    ----------
    scorecard : Scorecard
    criteria : optional
        As in :func:`weighted_total`.
    floor : int, default 2
        A score at or below this (1-5) is weak.
    strong_total : float, optional
        If given, return the weak factors only when the weighted total is at least this
        (a strong total hiding a weak link) and an empty list otherwise. So
        ``bool(weak_links(card, strong_total=3.5))`` is the weak-link flag of
        :func:`rank_candidates`.

    Examples
    --------
    >>> card = Scorecard("Acme", {"reputation": 5, "stability": 2, "complementarity": 5,
    ...                           "cultural similarity": 1})
    >>> weak_links(card)
    ['cultural similarity', 'stability']
    >>> weak_links(card, strong_total=3.5)  # total is 3.25: weak, but not hidden
    []
    """
    floor, strong_total = _check_thresholds(floor, strong_total)
    crit = _coerce_criteria(criteria)
    values = _card_values(scorecard, crit)
    if strong_total is not None:
        total = float(_totals(values[None, :], np.array([c.weight for c in crit]))[0])
        if total < strong_total - _TOL:
            return []
    weak = [(v, i) for i, (v, c) in enumerate(zip(values, crit, strict=True)) if c.weight > 0]
    return [crit[i].name for v, i in sorted(weak) if v <= floor]


# --------------------------------------------------------------------------- ranking


def _clean_names(raw: Iterable[Any]) -> np.ndarray:
    """Validate candidate names (non-empty text, unique ignoring case); return them stripped."""
    names = raw.tolist() if isinstance(raw, pd.Series | pd.Index) else list(raw)
    if not all(isinstance(name, str) for name in names):
        position, name = next((i, x) for i, x in enumerate(names) if not isinstance(x, str))
        raise TypeError(
            "candidate names must be text (put them in the index or a 'candidate' "
            f"column); got {type(name).__name__} {name!r} at position {position}"
        )
    series = pd.Series(names, dtype=object).str.strip()
    empty = series.eq("")
    if empty.any():
        raise ValueError(f"candidate names must not be empty (position {int(empty.argmax())})")
    keys = series.str.lower()
    dup = keys.duplicated()
    if dup.any():
        raise ValueError(
            f"candidate names must be unique; {keys[dup].iloc[0]!r} appears more than once"
        )
    return series.to_numpy(dtype=object)


def _column_values(column: pd.Series, name: str, names: np.ndarray) -> np.ndarray:
    """Return one criterion column as floats, refusing booleans, text and missing values."""
    rule = f"scores on {name!r} must be whole numbers from 1 to 5"
    if pd.api.types.is_bool_dtype(column.dtype):
        raise TypeError(f"{rule}, got True/False values")
    if not pd.api.types.is_numeric_dtype(column.dtype):
        for position, item in enumerate(column.array):
            if item is None or (isinstance(item, float) and math.isnan(item)):
                continue
            if isinstance(item, bool | np.bool_) or not isinstance(item, int | float | np.number):
                raise TypeError(
                    f"{rule}, got {type(item).__name__} {item!r} for {names[position]!r}"
                )
    values = column.to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values)
    if bad.any():
        who = names[int(bad.argmax())]
        raise ValueError(f"score of {who!r} on {name!r} is missing (NaN); {rule}")
    bad = (values != np.round(values)) | (values < 1) | (values > 5)
    if bad.any():
        at = int(bad.argmax())
        raise ValueError(
            f"score of {names[at]!r} on {name!r} must be a whole number from 1 to 5, "
            f"got {values[at]:g}"
        )
    return values


def _frame_arrays(frame: pd.DataFrame, crit: tuple[Criterion, ...]) -> tuple[np.ndarray, ...]:
    """Split a wide frame into candidate names and an (n, k) score array in criteria order."""
    frame = frame.drop(columns=[c for c in (*RANKING_COLUMNS, "notes") if c in frame.columns])
    if "candidate" in frame.columns:
        raw_names, data = frame["candidate"], frame.drop(columns="candidate")
    else:
        raw_names, data = frame.index, frame
    names = _clean_names(raw_names)
    columns: dict[str, Any] = {}
    for column in data.columns:
        if not isinstance(column, str):
            raise TypeError(f"column names must be criterion names (text), got {column!r}")
        key = " ".join(column.split()).lower()
        if key in columns:
            raise ValueError(f"columns must name each criterion once; {key!r} appears twice")
        columns[key] = column
    wanted = [c.name for c in crit]
    for key in columns:
        if key not in wanted:
            raise ValueError(
                f"column {key!r} is not a criterion; allowed: {_allowed(crit)} (plus 'candidate')"
            )
    for key in wanted:
        if key not in columns:
            raise ValueError(
                f"missing scores: no column for criterion {key!r}; every criterion needs a "
                f"column ({_allowed(crit)})"
            )
    values = np.column_stack(
        [_column_values(data[columns[key]], key, names) for key in wanted]
    ).reshape(len(names), len(wanted))
    return names, values


def _cards_arrays(
    cards: Iterable[Scorecard], crit: tuple[Criterion, ...]
) -> tuple[np.ndarray, ...]:
    cards = list(cards)
    rows = [_card_values(card, crit) for card in cards]
    names = _clean_names([c.candidate for c in cards])
    values = np.array(rows, dtype=float).reshape(len(cards), len(crit))
    return names, values


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _verdicts(
    tier: np.ndarray, weak: np.ndarray, weakest: np.ndarray, crit_names: list[str], floor: int
) -> np.ndarray:
    """Build one short verdict per row, formatting each distinct case only once."""
    patterns, pattern_id = np.unique(weak, axis=0, return_inverse=True)
    pattern_id = pattern_id.reshape(-1)
    k = len(crit_names)
    code = (tier * len(patterns) + pattern_id) * k + weakest
    codes, inverse = np.unique(code, return_inverse=True)
    texts = []
    for c in codes.tolist():
        w = c % k
        p = (c // k) % len(patterns)
        t = c // (k * len(patterns))
        low = _join([n for n, flag in zip(crit_names, patterns[p], strict=True) if flag])
        if t == 0:
            texts.append(f"Strong candidate: no factor scored {floor} or lower.")
        elif t == 1:
            texts.append(f"Weak link: a strong total hides a low {low}; manage it or walk away.")
        elif t == 2:
            texts.append(f"Middling: nothing weak, but probe {crit_names[w]} before committing.")
        else:
            texts.append(f"Weak candidate: low {low}; look for a better partner.")
    return np.array(texts, dtype=object)[inverse.reshape(-1)]


def _rank_arrays(
    names: np.ndarray,
    values: np.ndarray,
    crit: tuple[Criterion, ...],
    floor: int,
    strong_total: float,
) -> pd.DataFrame:
    n = len(names)
    if n == 0:
        raise ValueError("rank_candidates needs at least one candidate")
    crit_names = [c.name for c in crit]
    weights = np.array([c.weight for c in crit])
    active = weights > 0
    totals = _totals(values, weights)
    weak = (values <= floor) & active
    has_weak = weak.any(axis=1)
    strong = totals >= strong_total - _TOL
    flag = strong & has_weak
    weakest = np.where(active, values, np.inf).argmin(axis=1)
    tier = np.select([strong & ~has_weak, flag, ~has_weak], [0, 1, 2], default=3)
    verdict = _verdicts(tier, weak, weakest, crit_names, floor)

    by_name = np.argsort(pd.Series(names, dtype=object).str.casefold().to_numpy(), kind="stable")
    order = by_name[np.argsort(-totals[by_name], kind="stable")]
    ranks = pd.Series(totals).rank(method="min", ascending=False).to_numpy(dtype=np.int64)

    columns: dict[str, Any] = {
        name: values[order, j].astype(np.int64) for j, name in enumerate(crit_names)
    }
    columns.update(
        weighted_total=totals[order],
        rank=ranks[order],
        weakest_factor=np.array(crit_names, dtype=object)[weakest[order]],
        weak_link=flag[order],
        verdict=verdict[order],
    )
    out = pd.DataFrame({"candidate": names[order], **columns})
    out.attrs["criteria"] = [c.to_dict() for c in crit]
    out.attrs["floor"] = floor
    out.attrs["strong_total"] = strong_total
    return out


def rank_candidates(
    scorecards: Iterable[Scorecard] | Scorecard | pd.DataFrame,
    criteria: CriteriaLike = None,
    floor: int = 2,
    strong_total: float = 3.5,
) -> pd.DataFrame:
    """Rank candidate partners by weighted total and flag hidden weak links.

    Parameters
    ----------
    scorecards : list of Scorecard, or DataFrame
        Either scorecards, or a wide DataFrame with one row per candidate: names in a
        ``candidate`` column or in the index, one column per criterion holding whole
        numbers 1-5 (column names are normalised like criterion names). The DataFrame
        path is vectorised (100,000 candidates take a fraction of a second). A
        ``notes`` column and the columns this function adds are ignored on input, so a
        ranking can be ranked again.
    criteria : optional
        As in :func:`weighted_total`; defaults to the four selection factors.
    floor : int, default 2
        A factor scored at or below this is weak.
    strong_total : float, default 3.5
        A weighted total at or above this is strong.

    Returns
    -------
    DataFrame
        One row per candidate, best first (ties in alphabetical order), with a fresh
        0..n-1 index and the columns ``candidate``; one per criterion; ``weighted_total``;
        ``rank`` (1 = best; tied totals share the best rank of the tie);
        ``weakest_factor`` (lowest score among weighted criteria, first in criteria order
        on a tie); ``weak_link`` (strong total but some factor at or below ``floor``)
        and ``verdict`` (a short sentence). ``attrs`` records the criteria, ``floor``
        and ``strong_total`` used.

    Examples
    --------
    >>> frame = pd.DataFrame(
    ...     {"reputation": [5, 3, 2], "stability": [2, 4, 2], "complementarity": [5, 3, 3],
    ...      "cultural similarity": [4, 4, 2]},
    ...     index=pd.Index(["Acme", "Bolt", "Core"], name="candidate"))
    >>> ranking = rank_candidates(frame)
    >>> ranking[["candidate", "weighted_total", "rank", "weakest_factor", "weak_link"]]
      candidate  weighted_total  rank weakest_factor  weak_link
    0      Acme            4.00     1      stability       True
    1      Bolt            3.50     2     reputation      False
    2      Core            2.25     3     reputation      False
    >>> ranking["verdict"].iloc[0]
    'Weak link: a strong total hides a low stability; manage it or walk away.'
    >>> rank_candidates(frame.rename(columns={"stability": "stabilty"}))
    Traceback (most recent call last):
    ...
    ValueError: column 'stabilty' is not a criterion; allowed: 'reputation', 'stability', ...
    """
    floor, strong_total = _check_thresholds(floor, strong_total)
    if strong_total is None:
        raise TypeError("strong_total must be a number from 1 to 5, got None")
    crit = _coerce_criteria(criteria)
    if isinstance(scorecards, pd.DataFrame):
        names, values = _frame_arrays(scorecards, crit)
    elif isinstance(scorecards, Scorecard):
        names, values = _cards_arrays([scorecards], crit)
    elif isinstance(scorecards, Iterable) and not isinstance(scorecards, str | Mapping):
        names, values = _cards_arrays(scorecards, crit)
    else:
        raise TypeError(
            "scorecards must be a list of Scorecard or a DataFrame, "
            f"got {type(scorecards).__name__}"
        )
    return _rank_arrays(names, values, crit, floor, strong_total)


# --------------------------------------------------------------------------- screening


def screen_candidate(
    scorecard: Scorecard,
    criteria: CriteriaLike,
    strategic_fit: int,
    risk_tolerance: int,
    *,
    min_fit: int = 3,
    floor: int = 2,
) -> ScreenResult:
    """Screen one candidate in the spirit of a partnering protocol.

    A partnering protocol (``StartupAllianceReview``) pairs a strategic-fit check (does the
    candidate line up with the venture's strategy?) with a risk check (do the candidate's
    shortcomings stay within what the venture can tolerate?). The rule here is
    deliberately simple:

    1. ``strategic_fit`` (1-5, the venture's own judgement) must be at least ``min_fit``.
    2. Every weak link (a weighted factor scored at or below ``floor``) carries a risk of
       ``6 - score`` (a score of 1 is a risk of 5, a score of 2 a risk of 4). Each such
       risk must be no higher than ``risk_tolerance`` (1 = the venture can absorb almost
       nothing, 5 = it can absorb a lot).

    The candidate passes when both hold. Start-ups recover from a bad partner less easily
    than large firms, so a low tolerance is a sensible default stance.

    Parameters
    ----------
    scorecard : Scorecard
    criteria : criteria or None
        As in :func:`weighted_total`; None means the four selection factors.
    strategic_fit, risk_tolerance : int
        Whole numbers from 1 to 5.
    min_fit : int, default 3
    floor : int, default 2

    Returns
    -------
    ScreenResult
        ``passed`` and one sentence per check in ``reasons``.

    Examples
    --------
    >>> card = Scorecard("Acme", {"reputation": 5, "stability": 2, "complementarity": 5,
    ...                           "cultural similarity": 4})
    >>> result = screen_candidate(card, None, strategic_fit=4, risk_tolerance=3)
    >>> result.passed
    False
    >>> for reason in result.reasons:
    ...     print(reason)
    Strategic fit 4 meets the minimum of 3: Acme lines up with the venture's strategy.
    Weak link on stability (score 2, risk 4) exceeds the risk tolerance of 3.
    >>> screen_candidate(card, None, strategic_fit=4, risk_tolerance=4).passed
    True
    """
    fit = check_int_range("strategic_fit", strategic_fit)
    tolerance = check_int_range("risk_tolerance", risk_tolerance)
    min_fit = check_int_range("min_fit", min_fit)
    floor, _ = _check_thresholds(floor, None)
    crit = _coerce_criteria(criteria)
    links = weak_links(scorecard, crit, floor)
    who = scorecard.candidate
    reasons = []
    fit_ok = fit >= min_fit
    if fit_ok:
        reasons.append(
            f"Strategic fit {fit} meets the minimum of {min_fit}: {who} lines up with the "
            "venture's strategy."
        )
    else:
        reasons.append(
            f"Strategic fit {fit} is below the minimum of {min_fit}: {who} does not line up "
            "well enough with the venture's strategy."
        )
    risk_ok = True
    if not links:
        reasons.append(
            f"No factor is scored {floor} or lower, so no weak link tests the risk "
            f"tolerance of {tolerance}."
        )
    for name in links:
        value = scorecard.scores[name].value
        risk = 6 - value
        if risk > tolerance:
            risk_ok = False
            reasons.append(
                f"Weak link on {name} (score {value}, risk {risk}) exceeds the risk "
                f"tolerance of {tolerance}."
            )
        else:
            reasons.append(
                f"Weak link on {name} (score {value}, risk {risk}) is within the risk "
                f"tolerance of {tolerance}; plan how to manage it."
            )
    return ScreenResult(fit_ok and risk_ok, tuple(reasons))
