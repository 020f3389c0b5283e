"""The two-sided health check: both partners answer one survey, and the gaps show where to talk.

A one-sided health check (:func:`alliancelab.lifecycle.health_check`) records how *your*
side sees the alliance. Here both partners answer the same short survey, item by item,
on a scale from 1 (strongly disagree) to 5 (strongly agree). The items are:

- trust and the fairness of the value each side gets, which the course draws from the
  review of start-up alliances (``StartupAllianceReview``) and from the exit signal
  "lack of reciprocity" (``AlliancesOverview``);
- clarity of goals and speed of decisions;
- the three mismatches between start-ups and corporates that the multi-case study
  (``TopMgmtMultiCase``) names: priorities, expectations and the speed of operations.

The *perception gap* of an item is the start-up's answer minus the corporate's. Where the
two sides disagree most is where the first conversation should be: a problem one side
cannot see is harder to fix than one both see. Repeated over time (one
:class:`SurveyRound` per review), the survey shows whether the gaps close.

The figures are in :mod:`alliancelab.perception_plots`. The thresholds (a gap of 2
points flags an item; both sides at 2 or below is a shared concern) are teaching
judgements of the course, not a validated instrument.

Examples
--------
>>> r = SurveyRound("Year 1", {"trust": 4, "pace": 2}, {"trust": 4, "pace": 5})
>>> perception_gaps(r).set_index("item").loc["pace", "flag"]
'talk first'
>>> talk_first(r)
('pace',)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ._frozen import FrozenMap
from ._validate import check_choice, check_int_range, check_keys, check_text, coerce_items

__all__ = [
    "FLAG_GAP",
    "SCALE",
    "SIDES",
    "SURVEY_ITEMS",
    "PerceptionSurvey",
    "SurveyItem",
    "SurveyRound",
    "add_round",
    "perception_gaps",
    "perception_trend",
    "remove_round",
    "talk_first",
    "trend_summary",
]


@dataclass(frozen=True)
class SurveyItem:
    """One statement of the two-sided survey.

    Attributes
    ----------
    key : str
        Short name used in saved plans, e.g. ``"trust"``.
    label : str
        How the item is headed in tables and figures.
    statement : str
        The statement both sides rate from 1 (strongly disagree) to 5 (strongly agree).

    Examples
    --------
    >>> SURVEY_ITEMS[0].label
    'Trust'
    """

    key: str
    label: str
    statement: str


#: The survey, in the order it is asked (statements written for the course).
SURVEY_ITEMS: tuple[SurveyItem, ...] = (
    SurveyItem("trust", "Trust", "We can count on the other side to keep its commitments."),
    SurveyItem("goals", "Clarity of goals", "Both sides could state the alliance's goals alike."),
    SurveyItem(
        "decisions", "Speed of decisions", "Decisions in the alliance are made fast enough."
    ),
    SurveyItem("value", "Fairness of value", "Each side gets a fair share of the value created."),
    SurveyItem(
        "priorities", "Shared priorities", "Both sides give the alliance the same priority."
    ),
    SurveyItem(
        "expectations",
        "Matched expectations",
        "What each side expects to give and to get has been said and matches.",
    ),
    SurveyItem("pace", "Compatible pace", "Our two firms can work at each other's pace."),
)

_KEYS = tuple(item.key for item in SURVEY_ITEMS)
_LABELS = {item.key: item.label for item in SURVEY_ITEMS}

#: The two sides that answer, as named in saved plans.
SIDES: tuple[str, ...] = ("start-up", "corporate")

#: The answer scale, from 1 (strongly disagree) to 5 (strongly agree).
SCALE: tuple[str, ...] = (
    "strongly disagree",
    "disagree",
    "neither",
    "agree",
    "strongly agree",
)

#: A gap of at least this many points (either way) flags an item (a teaching judgement).
FLAG_GAP = 2
#: Both sides at or below this rating make an item a shared concern.
_LOW = 2
#: How many flagged items :func:`talk_first` returns at most.
_TALK_FIRST = 3

GAP_COLUMNS: tuple[str, ...] = ("item", "label", "startup", "corporate", "gap", "abs_gap", "flag")


def _answers(side: str, answers: Any) -> FrozenMap:
    if answers is None:
        return FrozenMap({})
    if not isinstance(answers, Mapping):
        raise TypeError(
            f"{side} answers must be a mapping of survey item to a rating from 1 to 5, "
            f"got {type(answers).__name__}"
        )
    clean: dict[str, int] = {}
    for key, value in answers.items():
        item = check_choice("survey item", key, _KEYS)
        if value is None:
            continue
        clean[item] = check_int_range(f"{side} rating of {item}", value, 1, 5)
    return FrozenMap((k, clean[k]) for k in _KEYS if k in clean)


@dataclass(frozen=True)
class SurveyRound:
    """Both sides' answers at one review.

    Parameters
    ----------
    label : str
        Names the review, e.g. ``"Year 1"`` or ``"2026 Q3"``; unique within a survey.
    startup, corporate : Mapping[str, int]
        Each side's rating (1 to 5) by item key from :data:`SURVEY_ITEMS`; an item left
        out (or None) is unanswered.
    note : str, default ""
        Who answered, or what happened since the last round.

    Examples
    --------
    >>> SurveyRound("Q1", {"Trust": 4}, {"trust": 3})
    SurveyRound(label='Q1', startup={'trust': 4}, corporate={'trust': 3}, note='')
    >>> SurveyRound("Q1", {"trust": 6}, {})
    Traceback (most recent call last):
    ...
    ValueError: start-up rating of trust must be a whole number from 1 to 5, got 6
    >>> SurveyRound("Q1", {"loyalty": 3}, {})
    Traceback (most recent call last):
    ...
    ValueError: survey item must be one of 'trust', 'goals', ...; got 'loyalty'
    """

    label: str
    startup: Mapping[str, int] = field(default_factory=dict)
    corporate: Mapping[str, int] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", check_text("round label", self.label, max_len=60))
        object.__setattr__(self, "startup", _answers("start-up", self.startup))
        object.__setattr__(self, "corporate", _answers("corporate", self.corporate))
        object.__setattr__(
            self, "note", check_text("round note", self.note, allow_empty=True, max_len=2000)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the round as plain JSON-able data.

        Examples
        --------
        >>> SurveyRound("Q1", {"trust": 4}).to_dict()
        {'label': 'Q1', 'startup': {'trust': 4}, 'corporate': {}, 'note': ''}
        """
        return {
            "label": self.label,
            "startup": dict(self.startup),
            "corporate": dict(self.corporate),
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SurveyRound:
        """Build a round from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> SurveyRound.from_dict({"label": "Q2", "startup": {"pace": 2}}).startup
        {'pace': 2}
        >>> SurveyRound.from_dict({"startup": {}})
        Traceback (most recent call last):
        ...
        ValueError: SurveyRound data needs the key(s) 'label'
        """
        check_keys("SurveyRound", data, {"label"}, {"startup", "corporate", "note"})
        return cls(
            data["label"],
            data.get("startup") or {},
            data.get("corporate") or {},
            data.get("note", ""),
        )


@dataclass(frozen=True)
class PerceptionSurvey:
    """The two-sided survey of one alliance: the two partners and their rounds, oldest first.

    Parameters
    ----------
    startup_name, corporate_name : str
        How the two sides are named in tables and figures.
    rounds : tuple of SurveyRound
        The reviews so far, in the order they were held; labels unique.

    Examples
    --------
    >>> s = PerceptionSurvey("Corvanth", "Aldermoor", [SurveyRound("Q1")])
    >>> s.labels
    ('Q1',)
    >>> PerceptionSurvey("Corvanth", "Aldermoor", [SurveyRound("Q1"), SurveyRound("q1")])
    Traceback (most recent call last):
    ...
    ValueError: round labels must be unique; 'q1' appears more than once
    """

    startup_name: str = "Start-up"
    corporate_name: str = "Corporate"
    rounds: tuple[SurveyRound, ...] = ()

    def __post_init__(self) -> None:
        for attr in ("startup_name", "corporate_name"):
            object.__setattr__(
                self, attr, check_text(attr.replace("_", " "), getattr(self, attr), max_len=100)
            )
        rounds = tuple(coerce_items("rounds", self.rounds, SurveyRound))
        if len(rounds) > 100:
            raise ValueError(f"rounds must be at most 100, got {len(rounds)}")
        seen: set[str] = set()
        for r in rounds:
            key = r.label.lower()
            if key in seen:
                raise ValueError(f"round labels must be unique; {key!r} appears more than once")
            seen.add(key)
        object.__setattr__(self, "rounds", rounds)

    @property
    def labels(self) -> tuple[str, ...]:
        """The round labels, oldest first."""
        return tuple(r.label for r in self.rounds)

    @property
    def latest(self) -> SurveyRound | None:
        """The most recent round, or None before the first."""
        return self.rounds[-1] if self.rounds else None

    def to_dict(self) -> dict[str, Any]:
        """Return the survey as plain JSON-able data.

        Examples
        --------
        >>> PerceptionSurvey("A", "B").to_dict()
        {'startup_name': 'A', 'corporate_name': 'B', 'rounds': []}
        """
        return {
            "startup_name": self.startup_name,
            "corporate_name": self.corporate_name,
            "rounds": [r.to_dict() for r in self.rounds],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PerceptionSurvey:
        """Build a survey from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> PerceptionSurvey.from_dict({"startup_name": "A", "corporate_name": "B",
        ...     "rounds": [{"label": "Q1"}]}).labels
        ('Q1',)
        """
        check_keys("PerceptionSurvey", data, set(), {"startup_name", "corporate_name", "rounds"})
        return cls(
            data.get("startup_name", "Start-up"),
            data.get("corporate_name", "Corporate"),
            tuple(data.get("rounds") or ()),
        )


# --------------------------------------------------------------------------- editing


def add_round(survey: PerceptionSurvey, new: SurveyRound) -> PerceptionSurvey:
    """Return the survey with one more round at the end (the newest review).

    Examples
    --------
    >>> s = add_round(PerceptionSurvey("A", "B"), SurveyRound("Q1", {"trust": 3}))
    >>> add_round(s, SurveyRound("Q2")).labels
    ('Q1', 'Q2')
    >>> add_round(s, SurveyRound("Q1"))
    Traceback (most recent call last):
    ...
    ValueError: round label 'Q1' is already used; give the new round another label
    """
    _check_survey(survey)
    if not isinstance(new, SurveyRound):
        raise TypeError(f"new round must be a SurveyRound, got {type(new).__name__}")
    if new.label.lower() in {label.lower() for label in survey.labels}:
        raise ValueError(
            f"round label {new.label!r} is already used; give the new round another label"
        )
    return PerceptionSurvey(survey.startup_name, survey.corporate_name, (*survey.rounds, new))


def remove_round(survey: PerceptionSurvey, label: str) -> PerceptionSurvey:
    """Return the survey without the round called ``label`` (case-insensitive).

    Examples
    --------
    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q1"), SurveyRound("Q2")])
    >>> remove_round(s, "q1").labels
    ('Q2',)
    >>> remove_round(s, "Q9")
    Traceback (most recent call last):
    ...
    ValueError: no round is labelled 'Q9'; rounds: 'Q1', 'Q2'
    """
    _check_survey(survey)
    key = check_text("round label", label, max_len=60).lower()
    kept = tuple(r for r in survey.rounds if r.label.lower() != key)
    if len(kept) == len(survey.rounds):
        shown = ", ".join(repr(x) for x in survey.labels) or "none"
        raise ValueError(f"no round is labelled {label.strip()!r}; rounds: {shown}")
    return PerceptionSurvey(survey.startup_name, survey.corporate_name, kept)


def _check_survey(survey: Any) -> None:
    if not isinstance(survey, PerceptionSurvey):
        raise TypeError(f"survey must be a PerceptionSurvey, got {type(survey).__name__}")


def _check_round(survey_round: Any) -> SurveyRound:
    if not isinstance(survey_round, SurveyRound):
        raise TypeError(f"round must be a SurveyRound, got {type(survey_round).__name__}")
    return survey_round


# --------------------------------------------------------------------------- analysis


def perception_gaps(survey_round: SurveyRound) -> pd.DataFrame:
    """Return one row per survey item: both answers, the gap and a flag.

    Columns: ``item`` (key), ``label``, ``startup`` and ``corporate`` (the ratings, NaN
    when unanswered), ``gap`` (start-up minus corporate: positive when the start-up
    sees the item more favourably), ``abs_gap`` and ``flag``:

    - ``"talk first"``: among the (at most three) items with the largest gaps of at
      least :data:`FLAG_GAP` points, see :func:`talk_first`;
    - ``"disagree"``: a gap of at least :data:`FLAG_GAP` points not among those three;
    - ``"shared concern"``: both sides rate the item 2 or lower (they agree it is bad);
    - ``"not answered"``: one side or both gave no rating; ``""`` otherwise.

    Examples
    --------
    >>> r = SurveyRound("Q1", {"trust": 2, "goals": 5}, {"trust": 1, "goals": 3})
    >>> perception_gaps(r)[["item", "gap", "flag"]].head(3)
        item  gap           flag
    0  trust  1.0  shared concern
    1  goals  2.0     talk first
    2  decisions  NaN  not answered
    """
    survey_round = _check_round(survey_round)
    first = set(talk_first(survey_round))
    rows = []
    for key in _KEYS:
        s = survey_round.startup.get(key)
        c = survey_round.corporate.get(key)
        if s is None or c is None:
            gap, flag = np.nan, "not answered"
        else:
            gap = float(s - c)
            if key in first:
                flag = "talk first"
            elif abs(gap) >= FLAG_GAP:
                flag = "disagree"
            elif max(s, c) <= _LOW:
                flag = "shared concern"
            else:
                flag = ""
        rows.append(
            (
                key,
                _LABELS[key],
                np.nan if s is None else float(s),
                np.nan if c is None else float(c),
                gap,
                abs(gap),
                flag,
            )
        )
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))


def talk_first(survey_round: SurveyRound, n: int = _TALK_FIRST) -> tuple[str, ...]:
    """Return the items to talk about first: the largest gaps of at least :data:`FLAG_GAP`.

    Items are ranked by the size of the gap, then by the lower of the two ratings (the
    item someone rates worse comes first), then in survey order; at most ``n`` are
    returned.

    Examples
    --------
    >>> r = SurveyRound("Q1", {"trust": 5, "value": 4, "pace": 1},
    ...                       {"trust": 2, "value": 1, "pace": 3})
    >>> talk_first(r)
    ('value', 'trust', 'pace')
    >>> talk_first(r, n=1)
    ('value',)
    """
    survey_round = _check_round(survey_round)
    n = check_int_range("n", n, 1, len(_KEYS))
    ranked = []
    for i, key in enumerate(_KEYS):
        s, c = survey_round.startup.get(key), survey_round.corporate.get(key)
        if s is None or c is None or abs(s - c) < FLAG_GAP:
            continue
        ranked.append((-abs(s - c), min(s, c), i, key))
    return tuple(key for *_, key in sorted(ranked)[:n])


def perception_trend(survey: PerceptionSurvey) -> pd.DataFrame:
    """Return the gaps of every round as one long table (round, then survey order).

    Columns: ``round``, then those of :func:`perception_gaps`.

    Examples
    --------
    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q1", {"pace": 2}, {"pace": 5}),
    ...                                 SurveyRound("Q2", {"pace": 3}, {"pace": 4})])
    >>> t = perception_trend(s)
    >>> t[t["item"] == "pace"][["round", "gap"]].values.tolist()
    [['Q1', -3.0], ['Q2', -1.0]]
    """
    _check_survey(survey)
    frames = [perception_gaps(r).assign(round=r.label) for r in survey.rounds]
    columns = ["round", *GAP_COLUMNS]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def trend_summary(survey: PerceptionSurvey) -> pd.DataFrame:
    """Return one row per round: the average and largest gap, and how many items are flagged.

    Columns: ``round``, ``answered`` (items both sides rated), ``mean_abs_gap``,
    ``largest_gap`` (NaN when nothing was answered), ``largest_item`` (the label of the
    item with that gap; when several share it, all their labels in survey order, joined
    by ", "), ``tied`` (how many items share the largest gap) and ``flagged`` (items with
    a gap of at least :data:`FLAG_GAP`).

    Examples
    --------
    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q1", {"pace": 2, "trust": 4},
    ...                                             {"pace": 5, "trust": 4})])
    >>> trend_summary(s).to_dict("records")
    [{'round': 'Q1', 'answered': 2, 'mean_abs_gap': 1.5, 'largest_gap': 3.0,
      'largest_item': 'Compatible pace', 'tied': 1, 'flagged': 1}]

    Two items 2 points apart: both are named.

    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q2", {"pace": 2, "trust": 2},
    ...                                             {"pace": 4, "trust": 4})])
    >>> row = trend_summary(s).to_dict("records")[0]
    >>> row["largest_item"], row["tied"]
    ('Trust, Compatible pace', 2)
    """
    _check_survey(survey)
    rows = []
    for r in survey.rounds:
        gaps = perception_gaps(r).dropna(subset=["gap"])
        if gaps.empty:
            rows.append((r.label, 0, np.nan, np.nan, "", 0, 0))
            continue
        largest = float(gaps["abs_gap"].max())
        top = gaps.loc[gaps["abs_gap"] == largest, "label"]  # survey order
        rows.append(
            (
                r.label,
                len(gaps),
                float(gaps["abs_gap"].mean()),
                largest,
                ", ".join(map(str, top)),
                len(top),
                int((gaps["abs_gap"] >= FLAG_GAP).sum()),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "round",
            "answered",
            "mean_abs_gap",
            "largest_gap",
            "largest_item",
            "tied",
            "flagged",
        ],
    )
