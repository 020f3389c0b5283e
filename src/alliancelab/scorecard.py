"""Partner scorecards: score candidate partners, rank them and screen them.

A practitioner overview of alliances (``AlliancesOverview``) judges a candidate partner on
four factors, its reputation, its stability, the complementarity of its resources and its
cultural similarity, and warns that the factors interact: a partner with an excellent
total can still sink the alliance through one weak factor. The review of start-up
alliances (``StartupAllianceReview``) describes partnering protocols that pair a strategic
fit check with a risk assessment against the firm's risk tolerance, and stresses that a
start-up can afford fewer selection mistakes than a large firm.

This module holds:

- :data:`SELECTION_FACTORS` and :func:`default_criteria` (the four factors, equal weights),
  :class:`Criterion` (a factor with a weight; learners may add their own),
  :class:`Score` and :class:`Scorecard` (one candidate's 1-5 scores) and
  :func:`scorecards_from_table` (scorecards from a case's long ``scorecards.csv``);
- :func:`weighted_total`, :func:`weak_links`, :func:`rank_candidates` (a vectorised
  ranking that also accepts a wide DataFrame) and :func:`screen_candidate` (a simple
  partnering-protocol rule returning a :class:`ScreenResult`);
- :func:`plot_scorecards`, a dot chart of the scores with weak links marked.

Criterion names are normalised: surrounding spaces dropped, inner runs of spaces made
single, and lowercase (``" Cultural  Similarity"`` becomes ``"cultural similarity"``).

Examples
--------
>>> cards = [
...     Scorecard("Acme", {"reputation": 5, "stability": 2, "complementarity": 5,
...                        "cultural similarity": 4}),
...     Scorecard("Bolt", {"reputation": 3, "stability": 4, "complementarity": 3,
...                        "cultural similarity": 4}),
... ]
>>> rank_candidates(cards)[["candidate", "weighted_total", "rank", "weak_link"]]
  candidate  weighted_total  rank  weak_link
0      Acme             4.0     1       True
1      Bolt             3.5     2      False
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._frozen import FrozenMap
from ._style import PALETTE, new_figure, set_background, text_width_in
from ._text import clip as _clip
from ._validate import check_int_range, check_name, check_number, check_text, check_unique
from ._validate import check_keys as _check_keys

__all__ = [
    "RANKING_COLUMNS",
    "SELECTION_FACTORS",
    "Criterion",
    "Score",
    "Scorecard",
    "ScreenResult",
    "default_criteria",
    "plot_scorecards",
    "rank_candidates",
    "scorecards_from_table",
    "screen_candidate",
    "weak_links",
    "weighted_total",
]

#: The four partner-selection factors of ``AlliancesOverview``, in the course's order.
SELECTION_FACTORS: tuple[str, ...] = (
    "reputation",
    "stability",
    "complementarity",
    "cultural similarity",
)

_DESCRIPTIONS = {
    "reputation": "Record as a partner: keeps promises, settles disputes fairly, vouched for "
    "by firms that worked with it.",
    "stability": "Money, leadership and operations steady enough to stay committed for as "
    "long as the alliance runs.",
    "complementarity": "Brings resources the venture lacks (market access, production, "
    "brand) instead of duplicating its own.",
    "cultural similarity": "Values, habits of communication and ways of working close enough "
    "for joint teams to cope under pressure.",
}

#: Columns that :func:`rank_candidates` adds; no criterion may take one of these names.
RANKING_COLUMNS: tuple[str, ...] = (
    "weighted_total",
    "rank",
    "weakest_factor",
    "weak_link",
    "verdict",
)
_RESERVED = frozenset({"candidate", "notes", *RANKING_COLUMNS})
_TOL = 1e-9  # totals are compared with thresholds up to this rounding slack
_DECIMALS = 9  # totals are rounded so equal weighted means compare equal


def _norm_name(field: str, value: Any) -> str:
    """Return a criterion name stripped, with single inner spaces, in lowercase."""
    return check_name(field, value)


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Criterion:
    """A factor on which candidates are scored, with its weight in the total.

    Parameters
    ----------
    name : str
        Any non-empty name; normalised to lowercase with single spaces. Names of the
        ranking's own columns (``"rank"``, ``"verdict"`` ...) are refused.
    weight : float, default 1.0
        Relative importance, a finite number >= 0. Only the ratios between weights
        matter; a weight of 0 keeps the factor on the card but out of the total and out
        of the weak-link check.
    description : str, default ""
        One line saying what a high score means.

    Examples
    --------
    >>> Criterion("Regulatory track record", weight=2)
    Criterion(name='regulatory track record', weight=2.0, description='')
    >>> Criterion("stability", weight=-1)
    Traceback (most recent call last):
    ...
    ValueError: weight of criterion 'stability' must be >= 0, got -1
    """

    name: str
    weight: float = 1.0
    description: str = ""

    def __post_init__(self) -> None:
        name = _norm_name("criterion name", self.name)
        if name in _RESERVED:
            raise ValueError(
                f"criterion name {name!r} is reserved for a column of the ranking; "
                "choose another name"
            )
        object.__setattr__(self, "name", name)
        object.__setattr__(
            self, "weight", check_number(f"weight of criterion {name!r}", self.weight, low=0)
        )
        object.__setattr__(
            self,
            "description",
            check_text(f"description of criterion {name!r}", self.description, allow_empty=True),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the criterion as plain JSON-able data.

        Examples
        --------
        >>> Criterion("reputation").to_dict()
        {'name': 'reputation', 'weight': 1.0, 'description': ''}
        """
        return {"name": self.name, "weight": self.weight, "description": self.description}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Criterion:
        """Build a criterion from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> Criterion.from_dict({"name": "stability", "weight": 2})
        Criterion(name='stability', weight=2.0, description='')
        """
        _check_keys("Criterion", data, {"name"}, {"weight", "description"})
        return cls(
            name=data["name"],
            weight=data.get("weight", 1.0),
            description=data.get("description", ""),
        )


def default_criteria() -> tuple[Criterion, ...]:
    """Return the four selection factors of ``AlliancesOverview`` with equal weights.

    Examples
    --------
    >>> [c.name for c in default_criteria()]
    ['reputation', 'stability', 'complementarity', 'cultural similarity']
    >>> {c.weight for c in default_criteria()}
    {1.0}
    """
    return tuple(Criterion(name, 1.0, _DESCRIPTIONS[name]) for name in SELECTION_FACTORS)


@dataclass(frozen=True)
class Score:
    """One score from 1 (poor) to 5 (excellent), with an optional reason.

    Examples
    --------
    >>> Score(4, "Two former partners vouch for it")
    Score(value=4, rationale='Two former partners vouch for it')
    >>> Score(6)
    Traceback (most recent call last):
    ...
    ValueError: score must be a whole number from 1 to 5, got 6
    """

    value: int
    rationale: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", check_int_range("score", self.value))
        object.__setattr__(
            self, "rationale", check_text("score rationale", self.rationale, allow_empty=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the score as plain JSON-able data.

        Examples
        --------
        >>> Score(3).to_dict()
        {'value': 3, 'rationale': ''}
        """
        return {"value": self.value, "rationale": self.rationale}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | int) -> Score:
        """Build a score from :meth:`to_dict` output (a bare whole number also works).

        Examples
        --------
        >>> Score.from_dict({"value": 2, "rationale": "cash for nine months"})
        Score(value=2, rationale='cash for nine months')
        >>> Score.from_dict(5)
        Score(value=5, rationale='')
        """
        if not isinstance(data, Mapping):
            return cls(data)
        _check_keys("Score", data, {"value"}, {"rationale"})
        return cls(data["value"], data.get("rationale", ""))


class _Scores(FrozenMap):
    """Read-only, hashable mapping of criterion name to :class:`Score` (keeps input order)."""

    __slots__ = ()


def _coerce_score(candidate: str, name: str, value: Any) -> Score:
    """Turn an int, a Score or a score dict into a :class:`Score`, naming the cell on error."""
    if isinstance(value, Score):
        return value
    if isinstance(value, Mapping):
        return Score.from_dict(value)
    return Score(check_int_range(f"score of {candidate!r} on {name!r}", value))


@dataclass(frozen=True)
class Scorecard:
    """One candidate partner's scores, by criterion name.

    Parameters
    ----------
    candidate : str
        The candidate's name (non-empty).
    scores : Mapping[str, Score | int]
        Criterion name to a :class:`Score` or a whole number from 1 to 5. Names are
        normalised like :class:`Criterion` names. Whether they match the criteria in use
        is checked when the card is totalled or ranked.
    notes : str, default ""
        Free text.

    Examples
    --------
    >>> card = Scorecard("Acme", {"Reputation": 4, "stability": Score(2, "thin cash")})
    >>> card.scores["reputation"].value, card.scores["stability"].rationale
    (4, 'thin cash')
    >>> Scorecard("Acme", {"reputation": 7})
    Traceback (most recent call last):
    ...
    ValueError: score of 'Acme' on 'reputation' must be a whole number from 1 to 5, got 7
    """

    candidate: str
    scores: Mapping[str, Score | int]
    notes: str = ""

    def __post_init__(self) -> None:
        candidate = check_text("candidate", self.candidate, max_len=200)
        if not isinstance(self.scores, Mapping):
            raise TypeError(
                f"scores of {candidate!r} must be a mapping of criterion name to a score "
                f"from 1 to 5, got {type(self.scores).__name__}"
            )
        if not self.scores:
            raise ValueError(f"scores of {candidate!r} must hold at least one criterion")
        clean: dict[str, Score] = {}
        for key, value in self.scores.items():
            name = _norm_name(f"criterion name in the scores of {candidate!r}", key)
            if name in clean:
                raise ValueError(
                    f"scores of {candidate!r} must name each criterion once; "
                    f"{name!r} appears more than once"
                )
            clean[name] = _coerce_score(candidate, name, value)
        object.__setattr__(self, "candidate", candidate)
        object.__setattr__(self, "scores", _Scores(clean.items()))
        object.__setattr__(self, "notes", check_text("notes", self.notes, allow_empty=True))

    def __repr__(self) -> str:
        shown = {name: score.value for name, score in self.scores.items()}
        notes = f", notes={self.notes!r}" if self.notes else ""
        return f"Scorecard(candidate={self.candidate!r}, scores={shown!r}{notes})"

    def to_dict(self) -> dict[str, Any]:
        """Return the scorecard as plain JSON-able data.

        Examples
        --------
        >>> Scorecard("Acme", {"stability": 3}).to_dict()
        {'candidate': 'Acme', 'scores': {'stability': {'value': 3, 'rationale': ''}}, 'notes': ''}
        """
        return {
            "candidate": self.candidate,
            "scores": {name: score.to_dict() for name, score in self.scores.items()},
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """Build a scorecard from :meth:`to_dict` output, validating it.

        Each score may be a ``{"value": .., "rationale": ..}`` dict or a bare number.

        Examples
        --------
        >>> Scorecard.from_dict({"candidate": "Acme", "scores": {"stability": 3}})
        Scorecard(candidate='Acme', scores={'stability': 3})
        """
        _check_keys("Scorecard", data, {"candidate", "scores"}, {"notes"})
        return cls(data["candidate"], data["scores"], data.get("notes", ""))


@dataclass(frozen=True)
class ScreenResult:
    """Outcome of :func:`screen_candidate`: passed or not, and the reasons in words.

    Examples
    --------
    >>> ScreenResult(True, ("Strategic fit 4 meets the minimum of 3.",))
    ScreenResult(passed=True, reasons=('Strategic fit 4 meets the minimum of 3.',))
    """

    passed: bool
    reasons: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.passed, bool | np.bool_):
            raise TypeError(f"passed must be True or False, got {self.passed!r}")
        if isinstance(self.reasons, str) or not isinstance(self.reasons, Iterable):
            raise TypeError("reasons must be a list of sentences (text)")
        object.__setattr__(self, "passed", bool(self.passed))
        object.__setattr__(self, "reasons", tuple(check_text("reason", r) for r in self.reasons))

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-able data.

        Examples
        --------
        >>> ScreenResult(False, ["Too risky."]).to_dict()
        {'passed': False, 'reasons': ['Too risky.']}
        """
        return {"passed": self.passed, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreenResult:
        """Build a result from :meth:`to_dict` output.

        Examples
        --------
        >>> ScreenResult.from_dict({"passed": True, "reasons": ["Fits."]}).passed
        True
        """
        _check_keys("ScreenResult", data, {"passed"}, {"reasons"})
        return cls(data["passed"], data.get("reasons", ()))


def _blank(value: Any) -> Any:
    """Return "" for a missing table cell (None or NaN), else the value unchanged."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def scorecards_from_table(
    table: pd.DataFrame,
    *,
    candidate: str = "partner",
    criterion: str = "criterion",
    score: str = "score",
    rationale: str = "rationale",
) -> list[Scorecard]:
    """Build scorecards from a long table: one row per candidate and criterion.

    This is the layout of a case's ``scorecards.csv`` (columns ``partner``,
    ``criterion``, ``score``, ``rationale``); other columns are ignored. Candidates keep
    the order in which they first appear. The rationale column is optional.

    Examples
    --------
    >>> table = pd.DataFrame({"partner": ["Acme", "Acme", "Bolt", "Bolt"],
    ...                       "criterion": ["reputation", "stability"] * 2,
    ...                       "score": [5, 2, 3, 4]})
    >>> scorecards_from_table(table)
    [Scorecard(candidate='Acme', scores={'reputation': 5, 'stability': 2}),
     Scorecard(candidate='Bolt', scores={'reputation': 3, 'stability': 4})]
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    for column in (candidate, criterion, score):
        if column not in table.columns:
            have = ", ".join(repr(str(c)) for c in table.columns)
            raise ValueError(f"table needs a {column!r} column; it has {have}")
    cards: dict[str, dict[str, Score]] = {}
    for row in table.to_dict("records"):
        name = check_text(f"{candidate} column", row[candidate], max_len=200)
        key = _norm_name(f"{criterion} column", row[criterion])
        scores = cards.setdefault(name, {})
        if key in scores:
            raise ValueError(f"table scores {name!r} on {key!r} more than once")
        why = _blank(row.get(rationale, ""))
        scores[key] = Score(check_int_range(f"score of {name!r} on {key!r}", row[score]), why)
    return [Scorecard(name, scores) for name, scores in cards.items()]


# --------------------------------------------------------------------------- helpers

CriteriaLike = Iterable[Criterion | str] | Mapping[str, float] | None


def _coerce_criteria(criteria: CriteriaLike) -> tuple[Criterion, ...]:
    """Return criteria as a tuple of :class:`Criterion`; None means the default four."""
    if criteria is None:
        return default_criteria()
    if isinstance(criteria, Criterion):
        criteria = [criteria]
    if isinstance(criteria, str):
        raise TypeError(
            "criteria must be a list of Criterion objects or names, or a mapping of name to "
            f"weight, not a single text {criteria!r}"
        )
    if isinstance(criteria, Mapping):
        items = [Criterion(name, weight) for name, weight in criteria.items()]
    elif isinstance(criteria, Iterable):
        items = []
        for item in criteria:
            if isinstance(item, Criterion):
                items.append(item)
            elif isinstance(item, str):
                items.append(Criterion(item))
            elif isinstance(item, Mapping):
                items.append(Criterion.from_dict(item))
            else:
                raise TypeError(
                    f"each criterion must be a Criterion or a name, got {type(item).__name__}"
                )
    else:
        raise TypeError(
            "criteria must be a list of Criterion objects or names, or a mapping of name to "
            f"weight, got {type(criteria).__name__}"
        )
    if not items:
        raise ValueError("criteria must hold at least one criterion")
    check_unique("criterion names", [c.name for c in items])
    if not any(c.weight > 0 for c in items):
        raise ValueError("criteria weights must not all be zero")
    return tuple(items)


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
    if weak.shape[1] <= 62:  # pack each row's weak flags into one integer: fast unique
        bits = (weak.astype(np.int64) << np.arange(weak.shape[1], dtype=np.int64)).sum(axis=1)
        _, first, pattern_id = np.unique(bits, return_index=True, return_inverse=True)
        patterns = weak[first]
    else:
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


# --------------------------------------------------------------------------- figure

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_COLOURS = ("blue", "orange", "green", "purple", "sky", "black", "yellow", "grey")


def plot_scorecards(
    scorecards: Iterable[Scorecard] | pd.DataFrame,
    criteria: CriteriaLike = None,
    *,
    floor: int | None = None,
    strong_total: float = 3.5,
    max_candidates: int = 12,
) -> Figure:
    """Draw each candidate's factor scores and weighted total as a dot chart.

    Candidates run down the chart best first (rank, name and total in the label). Each
    factor has its own marker shape as well as colour; the weighted total is a vertical
    bar. Weak scores (at or below ``floor``) are ringed, and a flagged weak link is also
    spelled out under the candidate's name, so nothing relies on colour alone.

    Parameters
    ----------
    scorecards : list of Scorecard, a wide DataFrame, or a :func:`rank_candidates` result
        A ranking is drawn as it is (its totals and flags are kept); anything else is
        ranked first with ``criteria``, ``floor`` and ``strong_total``.
    criteria : optional
        As in :func:`rank_candidates`. With a ranking, it picks and orders the factor
        columns to draw.
    floor : int, optional
        Weak-score threshold; defaults to the ranking's own (2 unless set otherwise).
    strong_total : float, default 3.5
    max_candidates : int, default 12
        Only the best this many are drawn; the title says so when some are left out.

    Examples
    --------
    >>> cards = [Scorecard("Acme", {"reputation": 5, "stability": 2, "complementarity": 5,
    ...                             "cultural similarity": 4}),
    ...          Scorecard("Bolt", {"reputation": 3, "stability": 4, "complementarity": 3,
    ...                             "cultural similarity": 4})]
    >>> fig = plot_scorecards(cards)
    >>> fig.axes[0].get_title(loc="left")
    'Partner scorecards: factor scores and weighted total'
    """
    max_candidates = check_int_range("max_candidates", max_candidates, 1, 50)
    is_ranking = isinstance(scorecards, pd.DataFrame) and set(RANKING_COLUMNS) <= set(
        scorecards.columns
    )
    if is_ranking:
        ranking = scorecards
        if ranking.empty:
            raise ValueError("plot_scorecards needs at least one candidate")
        if criteria is None:
            factors = [c for c in ranking.columns if c not in _RESERVED]
        else:
            factors = [c.name for c in _coerce_criteria(criteria)]
            missing = [f for f in factors if f not in ranking.columns]
            if missing:
                raise ValueError(f"the ranking has no column for criterion {missing[0]!r}")
        floor = ranking.attrs.get("floor", 2) if floor is None else floor
        floor, _ = _check_thresholds(floor, None)
        ranking = ranking.sort_values("rank", kind="stable")
    else:
        floor = 2 if floor is None else floor
        ranking = rank_candidates(scorecards, criteria, floor, strong_total)
        factors = [c.name for c in _coerce_criteria(criteria)]

    if "candidate" in ranking.columns:
        ranking = ranking.set_index("candidate")
    total = len(ranking)
    shown = ranking.iloc[:max_candidates]
    n = len(shown)
    k = len(factors)
    fig, ax = new_figure(7.0, 1.6 + 0.55 * n + 0.25 * math.ceil(k / 3))
    ys = np.arange(n)[::-1].astype(float)
    for y in ys[::2]:
        ax.axhspan(y - 0.5, y + 0.5, color="#F2F2F2", zorder=0, linewidth=0)
    spread = min(0.6, 0.14 * k)
    offsets = np.linspace(-spread / 2, spread / 2, k) if k > 1 else np.zeros(1)
    weak_labelled = False
    # the scores, totals and ranked names change as the learner scores; the rest is kept
    changing: list[Any] = [ax.yaxis]
    for j, factor in enumerate(factors):
        scores = shown[factor].to_numpy(dtype=float)
        y = ys - offsets[j]
        dots = ax.scatter(
            scores,
            y,
            marker=_MARKERS[j % len(_MARKERS)],
            s=46,
            color=PALETTE[_COLOURS[j % len(_COLOURS)]],
            edgecolors="black",
            linewidths=0.4,
            zorder=3,
            label=factor,
        )
        changing.append(dots)
        low = scores <= floor
        if low.any():
            ring = ax.scatter(
                scores[low],
                y[low],
                marker="o",
                s=190,
                facecolors="none",
                edgecolors=PALETTE["vermillion"],
                linewidths=1.6,
                zorder=4,
                label=None if weak_labelled else f"weak score (≤ {floor})",
            )
            changing.append(ring)
            weak_labelled = True
    totals = shown["weighted_total"].to_numpy(dtype=float)
    bars = ax.scatter(
        totals,
        ys,
        marker="|",
        s=420,
        linewidths=2.4,
        color="black",
        zorder=5,
        label="weighted total",
    )
    changing.append(bars)

    labels = []
    for name, row in shown.iterrows():
        label = f"{int(row['rank'])}. {_clip(str(name), 34)}"
        label += f" ({row['weighted_total']:.2f})"
        if bool(row["weak_link"]):
            low = [f for f in factors if row[f] <= floor]
            text = _clip(", ".join(low), 34)
            label += f"\n⚠ weak link: {text}"
        labels.append(label)
    ax.set_yticks(ys, labels, fontsize=8.5)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0.6, 5.4)
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.grid(axis="x", color="#CCCCCC", linewidth=0.6, zorder=1)
    ax.set_axisbelow(True)
    ax.set_xlabel("score (1 = poor, 5 = excellent)")
    title = "Partner scorecards: factor scores and weighted total"
    if total > n:
        title += f"\n(top {n} of {total} candidates shown)"
    ax.set_title(title, fontsize=11, loc="left")
    handles, names = ax.get_legend_handles_labels()
    last = {"weighted total": 1, f"weak score (≤ {floor})": 2}
    pairs = sorted(zip(handles, names, strict=True), key=lambda hn: last.get(hn[1], 0))
    handles, names = [h for h, _ in pairs], [lab for _, lab in pairs]
    fig.legend(
        handles,
        names,
        loc="outside lower center",
        ncol=min(4, len(names)),
        fontsize=8,
        frameon=False,
    )
    # the layout engine leaves room for the widest name: the rest depends on its width
    widest = round(text_width_in(fig, labels, 8.5) * fig.dpi, 1)
    kept = ("scorecards", fig.get_size_inches().tobytes(), title, tuple(names), widest)
    set_background(fig, kept, changing)
    return fig
