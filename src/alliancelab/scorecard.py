"""Partner scorecards: score candidate partners, rank them and screen them.

A practitioner overview of alliances (``AlliancesOverview``) judges a candidate partner on
four factors, its reputation, its stability, the complementarity of its resources and its
cultural similarity, and warns that the factors interact: a partner with an excellent
total can still sink the alliance through one weak factor. The review of start-up
alliances (``StartupAllianceReview``) describes partnering protocols that pair a strategic
fit check with a risk assessment against the firm's risk tolerance, and stresses that a
start-up can afford fewer selection mistakes than a large firm.

This module holds the scorecards themselves (the model):

- :data:`SELECTION_FACTORS` and :func:`default_criteria` (the four factors, equal weights),
  :class:`Criterion` (a factor with a weight; learners may add their own),
  :class:`Score` and :class:`Scorecard` (one candidate's 1-5 scores),
  :class:`ScreenResult` (the outcome of a screening) and
  :func:`scorecards_from_table` (scorecards from a case's long ``scorecards.csv``);
- :func:`add_candidate`, :func:`remove_candidate`, :func:`rescore`, :func:`add_criterion`,
  :func:`remove_criterion` and :func:`reweight` (a plan's scorecards edited, each edit
  returning new criteria or cards, so every card keeps scoring every criterion).

Judging the candidates is in :mod:`alliancelab.scorecard_ranking`:
:func:`weighted_total`, :func:`weak_links`, :func:`rank_candidates` (a vectorised
ranking that also accepts a wide DataFrame; its columns :data:`RANKING_COLUMNS`) and
:func:`screen_candidate` (a simple partnering-protocol rule). The figure,
:func:`plot_scorecards` (a dot chart of the scores with weak links marked), is in
:mod:`alliancelab.scorecard_plots`. All of them are importable from this module too.

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

from ._frozen import FrozenMap
from ._validate import check_int_range, check_name, check_number, check_text, check_unique
from ._validate import check_keys as _check_keys

__all__ = [
    "RANKING_COLUMNS",
    "SELECTION_FACTORS",
    "Criterion",
    "Score",
    "Scorecard",
    "ScreenResult",
    "add_candidate",
    "add_criterion",
    "default_criteria",
    "plot_scorecards",
    "rank_candidates",
    "remove_candidate",
    "remove_criterion",
    "rescore",
    "reweight",
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


# --------------------------------------------------------------------------- criteria

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


# --------------------------------------------------------------------------- editing
# The edits a learner makes to the scorecards of a plan: each takes the criteria and/or
# the scorecards and returns new ones, so a candidate's card always scores every criterion.


def _find_card(scorecards: Iterable[Scorecard], candidate: str) -> Scorecard:
    cards = tuple(scorecards)
    for card in cards:
        if card.candidate == candidate:
            return card
    key = check_text("candidate name", candidate, max_len=200).lower()
    for card in cards:
        if card.candidate.lower() == key:
            return card
    known = ", ".join(repr(c.candidate) for c in cards) or "none yet"
    raise ValueError(f"candidate must be one of {known}; got {candidate!r}")


def add_candidate(
    scorecards: Iterable[Scorecard], name: str, criteria: Iterable[Criterion], score: int = 3
) -> tuple[Scorecard, ...]:
    """Return the scorecards with a new candidate added last, scoring ``score`` everywhere.

    Parameters
    ----------
    scorecards : iterable of Scorecard
        The candidates so far.
    name : str
        The new candidate; not empty, and not already on the list (compared regardless
        of case).
    criteria : iterable of Criterion
        The criteria in use: the new card scores each of them.
    score : int, default 3
        The starting score, the middle of the scale.

    Examples
    --------
    >>> cards = add_candidate((), "Acme", default_criteria())
    >>> cards[0].scores["stability"].value
    3
    >>> add_candidate(cards, "ACME ", default_criteria())
    Traceback (most recent call last):
    ...
    ValueError: candidate 'ACME' is already on the list
    """
    cards = tuple(scorecards)
    name = check_text("candidate name", name, max_len=200)
    if any(c.candidate.lower() == name.lower() for c in cards):
        raise ValueError(f"candidate {name!r} is already on the list")
    return (*cards, Scorecard(name, {c.name: score for c in criteria}))


def remove_candidate(scorecards: Iterable[Scorecard], candidate: str) -> tuple[Scorecard, ...]:
    """Return the scorecards without the card of ``candidate`` (any case).

    Examples
    --------
    >>> crit = [Criterion("stability")]
    >>> cards = add_candidate(add_candidate((), "Acme", crit), "Bolt", crit)
    >>> [c.candidate for c in remove_candidate(cards, "acme")]
    ['Bolt']
    """
    cards = tuple(scorecards)
    gone = _find_card(cards, candidate)
    return tuple(c for c in cards if c is not gone)


def rescore(
    scorecards: Iterable[Scorecard], candidate: str, scores: Mapping[str, Score | int]
) -> tuple[Scorecard, ...]:
    """Return the scorecards with the scores of ``candidate`` (any case) replaced.

    The card keeps its place and its notes.

    Examples
    --------
    >>> cards = add_candidate((), "Acme", [Criterion("stability")])
    >>> rescore(cards, "Acme", {"stability": Score(5, "ten years of profit")})[0].scores
    {'stability': Score(value=5, rationale='ten years of profit')}
    """
    cards = tuple(scorecards)
    old = _find_card(cards, candidate)
    new = Scorecard(old.candidate, scores, old.notes)
    return tuple(new if c is old else c for c in cards)


def reweight(criteria: Iterable[Criterion], weights: Mapping[str, float]) -> tuple[Criterion, ...]:
    """Return the criteria with new weights (by criterion name; others keep theirs).

    The weights must not all be zero: a total needs at least one criterion that counts.

    Examples
    --------
    >>> [c.weight for c in reweight(default_criteria(), {"reputation": 2})]
    [2.0, 1.0, 1.0, 1.0]
    >>> reweight([Criterion("stability")], {"stability": 0})
    Traceback (most recent call last):
    ...
    ValueError: criteria weights must not all be zero
    """
    new = tuple(
        c
        if weights.get(c.name, c.weight) == c.weight
        else Criterion(c.name, weights[c.name], c.description)
        for c in criteria
    )
    return _coerce_criteria(new)


def add_criterion(
    criteria: Iterable[Criterion],
    scorecards: Iterable[Scorecard],
    criterion: Criterion | str,
    score: int = 3,
) -> tuple[tuple[Criterion, ...], tuple[Scorecard, ...]]:
    """Return the criteria with ``criterion`` added last, and every card scoring it.

    Parameters
    ----------
    criteria : iterable of Criterion
        The criteria in use.
    scorecards : iterable of Scorecard
        The candidates' cards: each gets the new criterion at ``score``.
    criterion : Criterion or str
        The new criterion (a name gets weight 1); its name must not be in use yet.
    score : int, default 3
        The score every card starts with on the new criterion.

    Returns
    -------
    tuple
        The new criteria and the new scorecards.

    Examples
    --------
    >>> crit, cards = add_criterion(
    ...     default_criteria(), add_candidate((), "Acme", default_criteria()), "Speed"
    ... )
    >>> crit[-1].name, cards[0].scores["speed"].value
    ('speed', 3)
    >>> add_criterion(crit, cards, "speed")
    Traceback (most recent call last):
    ...
    ValueError: criterion 'speed' is already on the scorecard
    """
    crit = tuple(criteria)
    new = criterion if isinstance(criterion, Criterion) else Criterion(criterion)
    if new.name in {c.name for c in crit}:
        raise ValueError(f"criterion {new.name!r} is already on the scorecard")
    cards = tuple(
        Scorecard(c.candidate, {**c.scores, new.name: Score(score)}, c.notes) for c in scorecards
    )
    return (*crit, new), cards


def remove_criterion(
    criteria: Iterable[Criterion], scorecards: Iterable[Scorecard], name: str
) -> tuple[tuple[Criterion, ...], tuple[Scorecard, ...]]:
    """Return the criteria without ``name``, and every card without its score on it.

    At least one criterion stays, and the weights left must not all be zero.

    Returns
    -------
    tuple
        The new criteria and the new scorecards.

    Examples
    --------
    >>> crit, cards = remove_criterion(
    ...     default_criteria(), add_candidate((), "Acme", default_criteria()), "Reputation"
    ... )
    >>> [c.name for c in crit], list(cards[0].scores)
    (['stability', 'complementarity', 'cultural similarity'], ['stability', 'complementarity', 'cultural similarity'])
    >>> remove_criterion([Criterion("stability")], (), "stability")
    Traceback (most recent call last):
    ...
    ValueError: the scorecard must keep at least one criterion; add another first
    """  # noqa: E501
    gone = _norm_name("criterion name", name)
    crit = tuple(criteria)
    if gone not in {c.name for c in crit}:
        known = ", ".join(repr(c.name) for c in crit) or "none yet"
        raise ValueError(f"criterion must be one of {known}; got {name!r}")
    kept = tuple(c for c in crit if c.name != gone)
    if not kept:
        raise ValueError("the scorecard must keep at least one criterion; add another first")
    _coerce_criteria(kept)  # refuse a scorecard left with only zero weights
    cards = tuple(
        Scorecard(c.candidate, {k: v for k, v in c.scores.items() if k != gone}, c.notes)
        for c in scorecards
    )
    return kept, cards


# Judging the candidates and the figure are in their own modules, which build on the
# model above; they are imported here, at the end, so that their own imports find this
# module complete (importing them at the top would be circular). Every name stays
# importable from here.
from .scorecard_plots import plot_scorecards  # noqa: E402
from .scorecard_ranking import (  # noqa: E402
    rank_candidates,
    screen_candidate,
    weak_links,
    weighted_total,
)
