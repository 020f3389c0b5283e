"""Alliance risk registers: rate risks by likelihood and impact, before and after signing.

The review of start-up alliances (``StartupAllianceReview``) splits alliance risks into
*relational* risks (the partner acts opportunistically) and *performance* risks (the
alliance misses its objectives even when both sides cooperate), lists seven of the most
serious ones with their class, and advises rating them by likelihood and impact both
before and after the agreement is signed, while keeping the system light enough for a
small firm. This module turns that advice into a register a founder can keep up to date:

- :data:`RISK_CLASSES` and :data:`STANDARD_RISKS` (the seven risks of the review, each
  described in one sentence, as a ready-made starting list) and :func:`standard_register`;
- :class:`Risk` (name, class, owner, mitigation), :class:`Rating` (likelihood and impact,
  whole numbers from 1 to 5) and :class:`RiskRegister` (the risks plus ratings at several
  dated or named assessments, such as ``"before signing"`` and ``"after signing"``);
- :func:`register_from_table` (a register from a case's ``risks`` table);
- :func:`risk_table` (one row per rated risk, with severity and band, filterable by class),
  :func:`compare_assessments` (what changed between two assessments) and
  :func:`risk_matrix_counts` (a vectorised 5 x 5 count of risks per cell);
- :data:`SEVERITY_BANDS` and :func:`severity_band`;
- :func:`plot_risk_matrix`, the likelihood x impact heat map.

Severity and bands
------------------
Severity is likelihood x impact (1 to 25). The bands are a teaching convention, not a
standard: **low** 1-4, **medium** 5-9, **high** 10-19 and **critical** 20-25. Only the
cells 4 x 5, 5 x 4 and 5 x 5 are critical; a risk that is rare but disastrous (1 x 5) or
almost certain but trivial (5 x 1) is already *medium*, so it earns an owner; and 4 x 4
is *high*, not critical. Products between 17 and 19 cannot occur with whole-number
ratings; a pooled mean severity in that range counts as high.

Names of risks keep the learner's capitals, lose surrounding spaces and repeated inner
spaces, and must be unique regardless of case; a rating may name its risk in any case.

Examples
--------
>>> reg = standard_register(owner="CEO").assess("before signing", "partnering lock-in", 3, 4)
>>> reg = reg.assess("after signing", "partnering lock-in", 4, 5)
>>> risk_table(reg)[["name", "severity", "band", "assessment"]]
                 name  severity      band     assessment
0  partnering lock-in        20  critical  after signing
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ._frozen import FrozenMap
from ._style import PALETTE, new_figure, set_background, text_width_in
from ._text import clip as _clip
from ._validate import (
    check_choice,
    check_int_range,
    check_keys,
    check_name,
    check_text,
    check_unique,
)

__all__ = [
    "COMPARE_COLUMNS",
    "MATRIX_KEY_MAX",
    "MATRIX_MARKED_MAX",
    "RISK_CLASSES",
    "RISK_TABLE_COLUMNS",
    "SEVERITY_BANDS",
    "STANDARD_RISKS",
    "Rating",
    "Risk",
    "RiskRegister",
    "compare_assessments",
    "plot_risk_matrix",
    "register_from_table",
    "risk_matrix_counts",
    "risk_table",
    "severity_band",
    "standard_register",
]

#: The risk classes of the review (relational, performance, or both at once).
RISK_CLASSES: tuple[str, ...] = ("relational", "performance", "both")

#: Severity bands as ``{band: (lowest, highest)}``, from low to critical (a teaching
#: convention; see the module docstring).
SEVERITY_BANDS: Mapping[str, tuple[int, int]] = {
    "low": (1, 4),
    "medium": (5, 9),
    "high": (10, 19),
    "critical": (20, 25),
}
_BAND_NAMES = tuple(SEVERITY_BANDS)
_BAND_STARTS = np.array([lo for lo, _ in SEVERITY_BANDS.values()][1:], dtype=float)

#: Columns of :func:`risk_table`, in order.
RISK_TABLE_COLUMNS: tuple[str, ...] = (
    "name",
    "risk_class",
    "likelihood",
    "impact",
    "severity",
    "band",
    "owner",
    "mitigation",
    "assessment",
)

#: Columns of :func:`compare_assessments`, in order.
COMPARE_COLUMNS: tuple[str, ...] = (
    "name",
    "risk_class",
    "likelihood_before",
    "impact_before",
    "severity_before",
    "likelihood_after",
    "impact_after",
    "severity_after",
    "change",
    "direction",
)

_MAX_NAME = 200
_MAX_TEXT = 2000


def _norm_name(field_name: str, value: Any) -> str:
    """Return a risk name stripped, with single inner spaces (case kept)."""
    return check_name(field_name, value, max_len=_MAX_NAME, lower=False)


def _check_keys(kind: str, data: Any, required: set[str], optional: set[str]) -> None:
    """Raise ValueError unless ``data`` is a mapping with the required keys and no others."""
    check_keys(kind, data, required, optional, not_mapping=ValueError)


def _as_value_error(build: Any, *args: Any) -> Any:
    """Call ``build(*args)``, turning a TypeError about bad data into a ValueError."""
    try:
        return build(*args)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


# --------------------------------------------------------------------------- risks


@dataclass(frozen=True)
class Risk:
    """One risk of the alliance: what could go wrong, its class, who owns it and the plan.

    Parameters
    ----------
    name : str
        Short name, unique within a register (compared regardless of case).
    risk_class : str
        One of :data:`RISK_CLASSES`: ``"relational"`` (the partner's behaviour),
        ``"performance"`` (reaching the objectives) or ``"both"``.
    description : str, default ""
        What the risk is, in a sentence.
    owner : str, default ""
        The person who watches the risk and acts on it.
    mitigation : str, default ""
        What will be done to make it less likely or less harmful.

    Examples
    --------
    >>> Risk("Key engineer leaves", "Performance", owner="CTO")
    Risk(name='Key engineer leaves', risk_class='performance', description='', owner='CTO', mitigation='')
    >>> Risk("Key engineer leaves", "legal")
    Traceback (most recent call last):
    ...
    ValueError: risk_class of risk 'Key engineer leaves' must be one of 'relational', 'performance', 'both'; got 'legal'
    """  # noqa: E501

    name: str
    risk_class: str
    description: str = ""
    owner: str = ""
    mitigation: str = ""

    def __post_init__(self) -> None:
        name = _norm_name("risk name", self.name)
        object.__setattr__(self, "name", name)
        if self.risk_class not in RISK_CLASSES:  # fast path: already a canonical class
            object.__setattr__(
                self,
                "risk_class",
                check_choice(f"risk_class of risk {name!r}", self.risk_class, RISK_CLASSES),
            )
        for attr in ("description", "owner", "mitigation"):
            value = getattr(self, attr)
            if value == "":  # fast path for the common empty field
                continue
            value = check_text(
                f"{attr} of risk {name!r}", value, allow_empty=True, max_len=_MAX_TEXT
            )
            object.__setattr__(self, attr, value)

    def to_dict(self) -> dict[str, str]:
        """Return the risk as plain JSON-able data.

        Examples
        --------
        >>> Risk("coordination", "both").to_dict()
        {'name': 'coordination', 'risk_class': 'both', 'description': '', 'owner': '', 'mitigation': ''}
        """  # noqa: E501
        return {
            "name": self.name,
            "risk_class": self.risk_class,
            "description": self.description,
            "owner": self.owner,
            "mitigation": self.mitigation,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Risk:
        """Build a risk from :meth:`to_dict` output; bad data raises ValueError.

        Examples
        --------
        >>> Risk.from_dict({"name": "innovation", "risk_class": "performance"}).risk_class
        'performance'
        >>> Risk.from_dict({"name": "innovation"})
        Traceback (most recent call last):
        ...
        ValueError: Risk data needs the key(s) 'risk_class'
        """
        _check_keys("Risk", data, {"name", "risk_class"}, {"description", "owner", "mitigation"})
        return _as_value_error(
            lambda: cls(
                data["name"],
                data["risk_class"],
                data.get("description", ""),
                data.get("owner", ""),
                data.get("mitigation", ""),
            )
        )


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
        """The severity band (see :data:`SEVERITY_BANDS`)."""
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
    if type(value) is tuple and len(value) == 2:  # fast path for large registers
        cached = _RATING_CACHE.get(value)  # only exact ints hash-match as intended
        if cached is not None and type(value[0]) is int and type(value[1]) is int:
            return cached
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
    return _RATING_CACHE[likelihood, impact]


#: The 25 possible ratings, built once and shared (ratings are immutable).
_RATING_CACHE: dict[tuple[int, int], Rating] = {
    (lik, imp): Rating(lik, imp) for lik in range(1, 6) for imp in range(1, 6)
}


class _Frozen(FrozenMap):
    """A :class:`FrozenMap` whose order counts when compared with another one.

    Assessments are dated snapshots: two registers are equal only if their assessments
    come in the same order.
    """

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Frozen):
            return tuple(self._items.items()) == tuple(other._items.items())
        return super().__eq__(other)


@dataclass(frozen=True)
class RiskRegister:
    """The alliance's risks and their ratings at one or more assessments.

    The register is immutable: :meth:`with_risk`, :meth:`without_risk` and :meth:`assess`
    return a new register. Two registers are equal when they hold the same risks in the
    same order and the same ratings under the same labels in the same order.

    Parameters
    ----------
    risks : iterable of Risk
        Names must be unique (compared regardless of case).
    assessments : Mapping[str, Mapping[str, Rating]]
        Assessment label (``"before signing"``, ``"2026-03 review"`` ...) to a mapping of
        risk name to :class:`Rating` (a ``{"likelihood", "impact"}`` dict or a pair also
        works). Labels keep their order: the last one is the latest. A risk need not be
        rated at every assessment, but every rated name must be a risk of the register.

    Examples
    --------
    >>> reg = RiskRegister(
    ...     (Risk("coordination", "both"), Risk("innovation", "performance")),
    ...     {"before signing": {"coordination": (3, 3)}},
    ... )
    >>> reg
    RiskRegister(2 risks, assessments=['before signing'])
    >>> reg.assessments["before signing"]["coordination"].severity
    9
    >>> RiskRegister((Risk("coordination", "both"),), {"q1": {"supply": (2, 2)}})
    Traceback (most recent call last):
    ...
    ValueError: assessment 'q1' rates 'supply', which is not a risk of the register; risks: 'coordination'
    """  # noqa: E501

    risks: tuple[Risk, ...] = ()
    assessments: Mapping[str, Mapping[str, Rating]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.risks, Risk | str) or not isinstance(self.risks, Iterable):
            raise TypeError("risks must be a list of Risk objects")
        risks = tuple(self.risks)
        for i, risk in enumerate(risks):
            if not isinstance(risk, Risk):
                raise TypeError(f"risks[{i}] must be a Risk, got {type(risk).__name__}")
        lookup = {r.name.lower(): r.name for r in risks}
        if len(lookup) < len(risks):
            check_unique("risk names", (r.name for r in risks))  # raises, naming the repeat
        order = {r.name: i for i, r in enumerate(risks)}
        if not isinstance(self.assessments, Mapping):
            raise TypeError(
                "assessments must be a mapping of assessment label to {risk name: rating}, "
                f"got {type(self.assessments).__name__}"
            )
        labels = [
            " ".join(check_text("assessment label", k, max_len=_MAX_NAME).split())
            for k in self.assessments
        ]
        check_unique("assessment labels", labels)
        clean: dict[str, _Frozen] = {}
        for label, ratings in zip(labels, self.assessments.values(), strict=True):
            if not isinstance(ratings, Mapping):
                raise TypeError(
                    f"assessment {label!r} must be a mapping of risk name to rating, "
                    f"got {type(ratings).__name__}"
                )
            rated: dict[str, Rating] = {}
            for raw_name, rating in ratings.items():
                if raw_name in order:  # already the canonical name
                    key = name = raw_name
                else:
                    key = _norm_name(f"risk name in assessment {label!r}", raw_name)
                    name = lookup.get(key.lower())
                if name is None:
                    known = ", ".join(repr(r.name) for r in risks) or "none yet"
                    raise ValueError(
                        f"assessment {label!r} rates {key!r}, which is not a risk of the "
                        f"register; risks: {known}"
                    )
                if name in rated:
                    raise ValueError(f"assessment {label!r} rates {name!r} more than once")
                cached = _RATING_CACHE.get(rating) if type(rating) is tuple else None
                if cached is not None and type(rating[0]) is int and type(rating[1]) is int:
                    rated[name] = cached  # fast path: a pair of plain ints from 1 to 5
                else:
                    rated[name] = _coerce_rating(f"{name!r} in assessment {label!r}", rating)
            # keep ratings in register order, whatever order they came in
            if len(rated) == len(risks):
                ordered = {r.name: rated[r.name] for r in risks}
            else:
                ordered = dict(sorted(rated.items(), key=lambda item: order[item[0]]))
            clean[label] = _Frozen(ordered.items())
        object.__setattr__(self, "risks", risks)
        object.__setattr__(self, "assessments", _Frozen(clean.items()))

    def __repr__(self) -> str:
        return f"RiskRegister({len(self.risks)} risks, assessments={list(self.assessments)!r})"

    @property
    def assessment_labels(self) -> tuple[str, ...]:
        """The assessment labels, oldest first.

        Examples
        --------
        >>> standard_register().assess("before", "innovation", 2, 2).assessment_labels
        ('before',)
        """
        return tuple(self.assessments)

    @property
    def names(self) -> tuple[str, ...]:
        """The risk names, in register order."""
        return tuple(r.name for r in self.risks)

    def risk(self, name: str) -> Risk:
        """Return the risk called ``name`` (any case); raise ValueError naming the risks.

        Examples
        --------
        >>> standard_register().risk("Innovation").risk_class
        'performance'
        """
        key = _norm_name("risk name", name).lower()
        for risk in self.risks:
            if risk.name.lower() == key:
                return risk
        known = ", ".join(repr(r.name) for r in self.risks) or "none yet"
        raise ValueError(f"risk name must be one of {known}; got {name!r}")

    def with_risk(self, risk: Risk, *, replace: bool = False) -> RiskRegister:
        """Return a register with ``risk`` added at the end.

        With ``replace=True`` a risk of the same name is replaced in place (its ratings
        are kept); otherwise a name already in use raises ValueError.

        Examples
        --------
        >>> reg = RiskRegister().with_risk(Risk("pilot slips", "performance"))
        >>> reg.names
        ('pilot slips',)
        >>> reg.with_risk(Risk("Pilot slips", "both"), replace=True).risks[0].risk_class
        'both'
        """
        if not isinstance(risk, Risk):
            raise TypeError(f"risk must be a Risk, got {type(risk).__name__}")
        key = risk.name.lower()
        at = next((i for i, r in enumerate(self.risks) if r.name.lower() == key), None)
        if at is None:
            return RiskRegister((*self.risks, risk), self.assessments)
        if not replace:
            raise ValueError(
                f"risk {risk.name!r} is already in the register; use replace=True to change it"
            )
        old = self.risks[at].name
        risks = (*self.risks[:at], risk, *self.risks[at + 1 :])
        assessments = {
            label: {(risk.name if n == old else n): r for n, r in ratings.items()}
            for label, ratings in self.assessments.items()
        }
        return RiskRegister(risks, assessments)

    def without_risk(self, name: str) -> RiskRegister:
        """Return a register without the risk ``name`` and without its ratings.

        Examples
        --------
        >>> standard_register().without_risk("innovation").names[-2:]
        ('outside scope', 'input supply')
        """
        gone = self.risk(name).name
        risks = tuple(r for r in self.risks if r.name != gone)
        assessments = {
            label: {n: r for n, r in ratings.items() if n != gone}
            for label, ratings in self.assessments.items()
        }
        return RiskRegister(risks, assessments)

    def assess(self, label: str, name: str, likelihood: int, impact: int) -> RiskRegister:
        """Return a register where risk ``name`` is rated at assessment ``label``.

        A new label is added after the existing ones; an existing rating is replaced.

        Examples
        --------
        >>> reg = standard_register().assess("before signing", "coordination", 3, 3)
        >>> reg.assessments["before signing"]["coordination"]
        Rating(likelihood=3, impact=3)
        >>> reg.assess("before signing", "coordination", 0, 3)
        Traceback (most recent call last):
        ...
        ValueError: likelihood of 'coordination' in assessment 'before signing' must be a whole number from 1 to 5, got 0
        """  # noqa: E501
        risk = self.risk(name).name
        label = " ".join(check_text("assessment label", label, max_len=_MAX_NAME).split())
        where = f"{risk!r} in assessment {label!r}"
        rating = Rating(
            check_int_range(f"likelihood of {where}", likelihood),
            check_int_range(f"impact of {where}", impact),
        )
        assessments = {lab: dict(ratings) for lab, ratings in self.assessments.items()}
        match = next((lab for lab in assessments if lab.lower() == label.lower()), label)
        assessments.setdefault(match, {})[risk] = rating
        return RiskRegister(self.risks, assessments)

    def to_dict(self) -> dict[str, Any]:
        """Return the register as plain JSON-able data (assessments as an ordered list).

        Examples
        --------
        >>> reg = RiskRegister((Risk("innovation", "performance"),),
        ...                    {"q1": {"innovation": Rating(2, 3)}})
        >>> reg.to_dict()["assessments"]
        [{'label': 'q1', 'ratings': {'innovation': {'likelihood': 2, 'impact': 3}}}]
        """
        return {
            "risks": [r.to_dict() for r in self.risks],
            "assessments": [
                {"label": label, "ratings": {n: r.to_dict() for n, r in ratings.items()}}
                for label, ratings in self.assessments.items()
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskRegister:
        """Build a register from :meth:`to_dict` output; bad data raises ValueError.

        ``assessments`` may also be given as a mapping of label to ratings.

        Examples
        --------
        >>> reg = standard_register().assess("before", "coordination", 2, 4)
        >>> RiskRegister.from_dict(reg.to_dict()) == reg
        True
        >>> RiskRegister.from_dict({"risks": [], "assessments": [{"ratings": {}}]})
        Traceback (most recent call last):
        ...
        ValueError: assessments[0] data needs the key(s) 'label'
        """
        _check_keys("RiskRegister", data, {"risks"}, {"assessments"})
        raw_risks = data["risks"]
        if not isinstance(raw_risks, list | tuple):
            raise ValueError(f"risks must be a list, got {type(raw_risks).__name__}")
        risks = tuple(Risk.from_dict(item) for item in raw_risks)
        raw = data.get("assessments", [])
        if isinstance(raw, Mapping):
            raw = [{"label": k, "ratings": v} for k, v in raw.items()]
        if not isinstance(raw, list | tuple):
            raise ValueError(f"assessments must be a list, got {type(raw).__name__}")
        assessments: dict[Any, Any] = {}
        for i, item in enumerate(raw):
            _check_keys(f"assessments[{i}]", item, {"label", "ratings"}, set())
            label = _as_value_error(check_text, f"assessments[{i}] label", item["label"])
            if label in assessments:
                raise ValueError(f"assessment labels must be unique; {label!r} appears twice")
            assessments[label] = item["ratings"]
        return _as_value_error(cls, risks, assessments)


# --------------------------------------------------------------------------- starting list

#: The seven risks of the start-up alliance review, as a starting list (own wording).
STANDARD_RISKS: tuple[Risk, ...] = (
    Risk(
        "intellectual property",
        "relational",
        "The partner could put the venture's know-how, data or technology to uses the deal "
        "never allowed, to the venture's cost.",
    ),
    Risk(
        "misaligned incentives",
        "relational",
        "The partner's own interests, such as ties with the venture's rivals, could lead it "
        "to act against the venture.",
    ),
    Risk(
        "partnering lock-in",
        "relational",
        "Tying the venture to this one partner could trap it in a relationship that hurts "
        "it in the long run and is hard to leave.",
    ),
    Risk(
        "coordination",
        "both",
        "A complex joint task could lead the two sides to misread what the other needs or "
        "to fail to synchronise their work.",
    ),
    Risk(
        "innovation",
        "performance",
        "The partners could fall short of the pace of innovation the alliance depends on to "
        "reach its goals.",
    ),
    Risk(
        "outside scope",
        "performance",
        "The work could yield products or services the agreement does not cover, leaving "
        "rights and rewards unclear.",
    ),
    Risk(
        "input supply",
        "both",
        "The partner could fail, or refuse, to deliver key inputs on time or at the quality "
        "the alliance requires.",
    ),
)


def standard_register(owner: str = "") -> RiskRegister:
    """Return a register holding the seven standard risks, unrated.

    Parameters
    ----------
    owner : str, default ""
        Owner given to every risk (for example ``"CEO"`` in a small start-up).

    Examples
    --------
    >>> reg = standard_register(owner="CEO")
    >>> len(reg.risks), reg.risks[0].owner, reg.assessment_labels
    (7, 'CEO', ())
    """
    owner = check_text("owner", owner, allow_empty=True, max_len=_MAX_TEXT)
    return RiskRegister(
        tuple(Risk(r.name, r.risk_class, r.description, owner) for r in STANDARD_RISKS)
    )


def _blank(value: Any) -> bool:
    """Return True for a missing table cell (None, NaN, pandas NA or only spaces)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def register_from_table(table: pd.DataFrame, alliance_id: str | None = None) -> RiskRegister:
    """Build a register from a case's long ``risks`` table (one row per risk and assessment).

    Parameters
    ----------
    table : DataFrame
        Needs the columns ``risk``, ``risk_class``, ``assessment``, ``likelihood`` and
        ``impact``; ``owner``, ``mitigation``, ``description`` and ``alliance_id`` are used
        when present. Risks and assessments keep the order in which they first appear; a
        risk's owner and mitigation are taken from its first row that gives one. A row
        whose assessment, likelihood and impact are all blank lists an unrated risk.
    alliance_id : str, optional
        Keep only this alliance's rows. Without it, every row must belong to the same
        alliance (or the table must have no ``alliance_id`` column).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "alliance_id": ["a", "a", "b"], "risk": ["coordination"] * 3,
    ...     "risk_class": ["both"] * 3, "assessment": ["before", "after", "before"],
    ...     "likelihood": [2, 4, 3], "impact": [3, 3, 3]})
    >>> reg = register_from_table(df, alliance_id="a")
    >>> reg.assessment_labels, reg.assessments["after"]["coordination"].likelihood
    (('before', 'after'), 4)
    >>> register_from_table(df)
    Traceback (most recent call last):
    ...
    ValueError: the risks table holds several alliances ('a', 'b'); pass alliance_id
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    for column in ("risk", "risk_class", "assessment", "likelihood", "impact"):
        if column not in table.columns:
            have = ", ".join(repr(str(c)) for c in table.columns)
            raise ValueError(f"the risks table needs a {column!r} column; it has {have}")
    if "alliance_id" in table.columns:
        ids = table["alliance_id"].astype(str).str.strip().str.lower()
        present = list(dict.fromkeys(ids))
        if alliance_id is None:
            if len(present) > 1:
                shown = ", ".join(repr(i) for i in present)
                raise ValueError(
                    f"the risks table holds several alliances ({shown}); pass alliance_id"
                )
        else:
            key = check_text("alliance_id", alliance_id).lower()
            if key not in present:
                shown = ", ".join(repr(i) for i in present) or "none"
                raise ValueError(f"alliance_id must be one of {shown}; got {alliance_id!r}")
            table = table[(ids == key).to_numpy()]
    elif alliance_id is not None:
        raise ValueError("alliance_id was given but the risks table has no 'alliance_id' column")

    risks: dict[str, dict[str, str]] = {}
    assessments: dict[str, dict[str, tuple[Any, Any]]] = {}
    for number, row in enumerate(table.to_dict("records"), start=1):
        where = f"row {number} of the risks table"
        name = _norm_name(f"risk in {where}", row["risk"])
        key = name.lower()
        risk_class = check_choice(f"risk_class in {where}", row["risk_class"], RISK_CLASSES)
        entry = risks.setdefault(key, {"name": name, "risk_class": risk_class})
        if entry["risk_class"] != risk_class:
            raise ValueError(
                f"risk {name!r} has class {entry['risk_class']!r} in one row and "
                f"{risk_class!r} in {where}; a risk has one class"
            )
        for column in ("owner", "mitigation", "description"):
            value = row.get(column)
            if not entry.get(column) and not _blank(value):
                entry[column] = check_text(f"{column} in {where}", str(value), max_len=_MAX_TEXT)
        blanks = [_blank(row[c]) for c in ("assessment", "likelihood", "impact")]
        if all(blanks):
            continue
        if any(blanks):
            missing = [
                c for c, b in zip(("assessment", "likelihood", "impact"), blanks, strict=True) if b
            ]
            raise ValueError(
                f"{where} gives a partial rating of {name!r}: {', '.join(missing)} missing"
            )
        label = " ".join(check_text(f"assessment in {where}", str(row["assessment"])).split())
        ratings = assessments.setdefault(label, {})
        if key in ratings:
            raise ValueError(f"risk {name!r} is rated twice in assessment {label!r} ({where})")
        likelihood = check_int_range(f"likelihood in {where}", row["likelihood"])
        impact = check_int_range(f"impact in {where}", row["impact"])
        ratings[key] = (likelihood, impact)
    built = tuple(Risk(**entry) for entry in risks.values())
    canonical = {r.name.lower(): r.name for r in built}
    return RiskRegister(
        built,
        {
            label: {canonical[k]: pair for k, pair in ratings.items()}
            for label, ratings in assessments.items()
        },
    )


# --------------------------------------------------------------------------- tables


def severity_band(severity: float) -> str:
    """Return the band of a severity from 1 to 25 (see :data:`SEVERITY_BANDS`).

    A fractional severity (a pooled mean, say) falls in the band whose range starts at
    or below it: 17.5 is high, 20 is critical.

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


def _bands(severity: np.ndarray) -> np.ndarray:
    """Vectorised :func:`severity_band` for an array already known to be in range."""
    return np.asarray(_BAND_NAMES, dtype=object)[
        np.searchsorted(_BAND_STARTS, severity, side="right")
    ]


def _check_register(register: Any) -> RiskRegister:
    if not isinstance(register, RiskRegister):
        raise TypeError(f"register must be a RiskRegister, got {type(register).__name__}")
    return register


def _label(register: RiskRegister, field_name: str, label: str | None) -> str | None:
    """Resolve an assessment label (any case); None means the latest, or None if none."""
    labels = register.assessment_labels
    if label is None:
        return labels[-1] if labels else None
    if not labels:
        raise ValueError(f"{field_name} {label!r} does not exist: the register has no assessments")
    return check_choice(field_name, label, labels)


def risk_table(
    register: RiskRegister, assessment: str | None = None, *, risk_class: str | None = None
) -> pd.DataFrame:
    """Return one row per risk rated at ``assessment``, most severe first.

    Parameters
    ----------
    register : RiskRegister
    assessment : str, optional
        The assessment label; defaults to the latest. Risks not rated at that assessment
        are left out (the table lists ratings, not the register).
    risk_class : {"relational", "performance", "both"}, optional
        Keep only risks of that class. Risks of class ``"both"`` are relational *and*
        performance risks, so they appear under either filter.

    Returns
    -------
    DataFrame
        Columns :data:`RISK_TABLE_COLUMNS`; ``severity`` is likelihood x impact and
        ``band`` its :func:`severity_band`. Sorted by severity (highest first), then name.
        Empty (with these columns) when nothing is rated.

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before", "coordination", 2, 3)
    ...        .assess("before", "partnering lock-in", 3, 4))
    >>> risk_table(reg)[["name", "risk_class", "severity", "band"]]
                     name  risk_class  severity    band
    0  partnering lock-in  relational        12    high
    1        coordination        both         6  medium
    >>> list(risk_table(reg, risk_class="performance")["name"])
    ['coordination']
    """
    reg = _check_register(register)
    label = _label(reg, "assessment", assessment)
    if risk_class is not None:
        risk_class = check_choice("risk_class", risk_class, RISK_CLASSES)
    ratings = reg.assessments[label] if label is not None else {}
    by_name = {r.name: r for r in reg.risks}
    names = list(ratings)
    risks = [by_name[n] for n in names]
    rated = list(ratings.values())
    if risk_class is not None:
        keep = (risk_class, "both") if risk_class != "both" else ("both",)
        picked = [i for i, r in enumerate(risks) if r.risk_class in keep]
        names = [names[i] for i in picked]
        risks = [risks[i] for i in picked]
        rated = [rated[i] for i in picked]
    n = len(names)
    likelihood = np.fromiter((x.likelihood for x in rated), dtype=np.int64, count=n)
    impact = np.fromiter((x.impact for x in rated), dtype=np.int64, count=n)
    severity = likelihood * impact
    order = np.lexsort((np.asarray(names, dtype=str), -severity)) if n else []
    frame = pd.DataFrame(
        {
            "name": names,
            "risk_class": [r.risk_class for r in risks],
            "likelihood": likelihood,
            "impact": impact,
            "severity": severity,
            "band": _bands(severity),
            "owner": [r.owner for r in risks],
            "mitigation": [r.mitigation for r in risks],
            "assessment": [label or ""] * n,
        },
        columns=list(RISK_TABLE_COLUMNS),
    )
    frame = frame.iloc[order].reset_index(drop=True)
    return frame.astype({"likelihood": "int64", "impact": "int64", "severity": "int64"})


def _int_column(table: pd.DataFrame, column: str) -> np.ndarray:
    """Return a likelihood/impact column as int64, checking every value is 1-5."""
    if column not in table.columns:
        have = ", ".join(repr(str(c)) for c in table.columns)
        raise ValueError(f"the table needs a {column!r} column; it has {have}")
    series = table[column]
    if series.dtype == bool or not (
        pd.api.types.is_numeric_dtype(series) or series.dtype == object
    ):
        raise TypeError(f"{column} must hold whole numbers from 1 to 5, got {series.dtype}")
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | (values != np.round(values)) | (values < 1) | (values > 5)
    if bad.any():
        at = int(np.argmax(bad))
        shown = series.iloc[at]
        shown = shown.item() if isinstance(shown, np.generic) else shown
        raise ValueError(
            f"{column} must be a whole number from 1 to 5, got {shown!r} in row {at + 1}"
        )
    return values.astype(np.int64)


def risk_matrix_counts(
    table: pd.DataFrame | RiskRegister, assessment: str | None = None
) -> pd.DataFrame:
    """Count the risks in each cell of the 5 x 5 likelihood x impact matrix.

    Vectorised (one :func:`numpy.bincount`), so it handles hundreds of thousands of rows.

    Parameters
    ----------
    table : DataFrame or RiskRegister
        Anything with ``likelihood`` and ``impact`` columns (a :func:`risk_table`, a
        case's risks table for one assessment, pooled ratings), or a register, in which
        case :func:`risk_table` of ``assessment`` is counted.
    assessment : str, optional
        Only used with a register.

    Returns
    -------
    DataFrame
        Index ``impact`` from 5 down to 1 (as the matrix reads, top to bottom), columns
        ``likelihood`` 1 to 5; each cell the number of risks rated there.

    Examples
    --------
    >>> df = pd.DataFrame({"likelihood": [1, 5, 5], "impact": [5, 5, 5]})
    >>> counts = risk_matrix_counts(df)
    >>> int(counts.loc[5, 5]), int(counts.loc[5, 1]), int(counts.to_numpy().sum())
    (2, 1, 3)
    """
    if isinstance(table, RiskRegister):
        table = risk_table(table, assessment)
    elif not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame or a RiskRegister, got {type(table).__name__}")
    likelihood = _int_column(table, "likelihood")
    impact = _int_column(table, "impact")
    cells = np.bincount((impact - 1) * 5 + (likelihood - 1), minlength=25).reshape(5, 5)
    scale = pd.Index(range(1, 6))
    return pd.DataFrame(
        cells[::-1],
        index=pd.Index(scale[::-1], name="impact"),
        columns=pd.Index(scale, name="likelihood"),
    )


def compare_assessments(register: RiskRegister, before: str, after: str) -> pd.DataFrame:
    """Show how each risk's rating changed from assessment ``before`` to ``after``.

    Parameters
    ----------
    register : RiskRegister
    before, after : str
        Assessment labels (any case).

    Returns
    -------
    DataFrame
        Columns :data:`COMPARE_COLUMNS`, one row per risk rated at either assessment, in
        register order. The rating columns and ``change`` (severity after minus before)
        are nullable integers: missing when the risk is not rated at that assessment.
        ``direction`` is ``"up"``, ``"down"``, ``"unchanged"``, ``"new"`` (rated only
        after) or ``"removed"`` (rated only before).

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before", "coordination", 2, 3).assess("after", "coordination", 4, 3)
    ...        .assess("after", "innovation", 2, 2))
    >>> compare_assessments(reg, "before", "after")[["name", "severity_before",
    ...                                              "severity_after", "change", "direction"]]
               name  severity_before  severity_after  change direction
    0  coordination                6              12       6        up
    1    innovation             <NA>               4    <NA>       new
    """
    reg = _check_register(register)
    first = _label(reg, "before", before)
    second = _label(reg, "after", after)
    a, b = reg.assessments[first], reg.assessments[second]
    rows = []
    for risk in reg.risks:
        x, y = a.get(risk.name), b.get(risk.name)
        if x is None and y is None:
            continue
        if x is None:
            direction = "new"
        elif y is None:
            direction = "removed"
        else:
            delta = y.severity - x.severity
            direction = "up" if delta > 0 else "down" if delta < 0 else "unchanged"
        rows.append(
            {
                "name": risk.name,
                "risk_class": risk.risk_class,
                "likelihood_before": x.likelihood if x else None,
                "impact_before": x.impact if x else None,
                "severity_before": x.severity if x else None,
                "likelihood_after": y.likelihood if y else None,
                "impact_after": y.impact if y else None,
                "severity_after": y.severity if y else None,
                "change": (y.severity - x.severity) if x and y else None,
                "direction": direction,
            }
        )
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    numbers = [c for c in COMPARE_COLUMNS if c not in ("name", "risk_class", "direction")]
    return frame.astype(dict.fromkeys(numbers, "Int64"))


# --------------------------------------------------------------------------- figure

_BAND_COLOURS = {
    "low": PALETTE["green"],
    "medium": PALETTE["yellow"],
    "high": PALETTE["orange"],
    "critical": PALETTE["vermillion"],
}
_CLASS_MARKERS = {"relational": "o", "performance": "s", "both": "D"}
_CLASS_SIZES = {"relational": 1.0, "performance": 0.85, "both": 0.8}

#: With more rated risks than this, :func:`plot_risk_matrix` counts the risks in each
#: cell instead of drawing a numbered marker per risk.
MATRIX_MARKED_MAX = 15
#: :func:`plot_risk_matrix` lists at most this many risks (the most severe) in its key.
MATRIX_KEY_MAX = 20
_KEY_FONT = 8.5


def _slots(n: int) -> list[tuple[float, float]]:
    """Offsets of ``n`` points sharing a cell, on a small grid below the cell's label."""
    if n == 1:
        return [(0.0, -0.08)]
    cols = n if n <= 3 else math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    xs = np.linspace(-0.3, 0.3, cols) if cols > 1 else np.zeros(1)
    ys = np.linspace(0.06, -0.32, rows) if rows > 1 else np.array([-0.1])
    return [(float(xs[i % cols]), float(ys[i // cols])) for i in range(n)]


def _positions(
    items: list[tuple[Any, int, int, tuple[int, int]]],
) -> dict[Any, tuple[float, float]]:
    """Place ``(key, likelihood, impact, heading)`` items in their cells.

    Items sharing a cell are spread over its slots, top row first and left to right, in
    the order of the cell they head for (an earlier position heads for the current one),
    so arrows leave a cell on the side they point to and seldom cross a marker.
    """
    out: dict[Any, tuple[float, float]] = {}
    cells: dict[tuple[int, int], list[tuple[tuple[int, int], Any]]] = {}
    for item, lik, imp, heading in items:
        cells.setdefault((lik, imp), []).append(((-heading[1], heading[0]), item))
    for (lik, imp), entries in cells.items():
        keys = [item for _, item in sorted(entries, key=lambda e: e[0])]
        for item, (dx, dy) in zip(keys, _slots(len(keys)), strict=True):
            out[item] = (lik + dx, imp + dy)
    return out


def plot_risk_matrix(
    register: RiskRegister,
    assessment: str | None = None,
    *,
    compare_with: str | None = None,
    risk_class: str | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the likelihood x impact heat map of the register's risks.

    Each cell is shaded by severity band (Okabe-Ito colours) and also says its severity
    and band in words. Each rated risk is a numbered marker whose shape gives its class
    (circle relational, square performance, diamond both); the key beside the matrix
    lists the numbers, most severe first, with name and rating. Risks sharing a cell
    are spread out inside it. With ``compare_with``, a hollow grey marker shows each
    risk's earlier cell and an arrow runs to where it is now.

    A large register stays legible, and as quick to draw as a small one: with more
    than :data:`MATRIX_MARKED_MAX` risks, each cell states how many risks it holds
    (and, with ``compare_with``, how many it held then) instead of a marker per risk;
    the key lists the :data:`MATRIX_KEY_MAX` most severe and ends "and N more".

    Parameters
    ----------
    register : RiskRegister
    assessment : str, optional
        Defaults to the latest assessment.
    compare_with : str, optional
        An earlier (or any other) assessment label to draw arrows from (for a large
        register: to give each cell's count at).
    risk_class : str, optional
        Filter as in :func:`risk_table`.
    title : str, optional
        Defaults to ``"Risk matrix: <assessment>"``.

    Examples
    --------
    >>> reg = (standard_register()
    ...        .assess("before signing", "coordination", 2, 3)
    ...        .assess("after signing", "coordination", 4, 3))
    >>> fig = plot_risk_matrix(reg, compare_with="before signing")
    >>> fig.axes[0].get_title(loc="left")
    'Risk matrix: after signing (arrows from before signing)'

    Forty risks: the cells count them, the key names the twenty most severe.

    >>> reg = RiskRegister(tuple(Risk(f"risk {i}", "performance") for i in range(40)),
    ...                    {"q1": {f"risk {i}": (1 + i % 5, 1 + i // 8) for i in range(40)}})
    >>> fig = plot_risk_matrix(reg)
    >>> [t.get_text() for t in fig.axes[1].texts][-1]
    '… and 20 more, counted in their cells'
    >>> "2 risks" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    reg = _check_register(register)
    table = risk_table(reg, assessment, risk_class=risk_class)
    label = _label(reg, "assessment", assessment)
    earlier = None
    n = len(table)
    # a large register: counts per cell instead of a marker per risk, and the key is cut
    counted = n > MATRIX_MARKED_MAX
    if compare_with is not None:
        earlier_label = _label(reg, "compare_with", compare_with)
        earlier = risk_table(reg, earlier_label, risk_class=risk_class)
    if title is None:
        title = f"Risk matrix: {label}" if label else "Risk matrix"
        if compare_with is not None:
            title += f" ({'counts compared with' if counted else 'arrows from'} {earlier_label})"
    else:
        title = check_text("title", title, max_len=200)

    # fixed places (every part has a fixed size): the matrix, the key beside it, the
    # legend below; drawing is faster than with the layout engine
    fig, ax = new_figure(9.0, 5.8, layout=None)
    grid = fig.add_gridspec(
        1, 2, width_ratios=[1.25, 1.0], left=0.07, right=0.99, bottom=0.135, top=0.94, wspace=0.06
    )
    ax.set_subplotspec(grid[0])
    key = fig.add_subplot(grid[1])
    key.set_axis_off()

    # the 25 cells as one collection: one artist to draw instead of 25
    cells, colours = [], []
    for lik in range(1, 6):
        for imp in range(1, 6):
            sev = lik * imp
            band = severity_band(sev)
            cells.append(Rectangle((lik - 0.5, imp - 0.5), 1, 1))
            colours.append(_BAND_COLOURS[band])
            ax.text(
                lik - 0.45,
                imp + 0.45,
                f"{sev} {band}",
                ha="left",
                va="top",
                fontsize=7,
                color="#333333",
                zorder=1,
            )
    ax.add_collection(
        PatchCollection(
            cells, facecolors=colours, alpha=0.38, edgecolors="white", linewidths=2, zorder=0
        ),
        autolim=False,
    )
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_aspect("equal")
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.tick_params(length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_xlabel("Likelihood (1 = rare, 5 = almost certain)")
    ax.set_ylabel("Impact (1 = negligible, 5 = severe)")
    ax.set_title(title, loc="left", fontsize=11)

    listed = table.iloc[:MATRIX_KEY_MAX]
    cell_now = {r.name: (int(r.likelihood), int(r.impact)) for r in listed.itertuples(index=False)}
    cell_then = {}
    if earlier is not None:
        cell_then = {
            r.name: (int(r.likelihood), int(r.impact))
            for r in earlier.itertuples(index=False)
            if r.name in cell_now and cell_now[r.name] != (int(r.likelihood), int(r.impact))
        }
    # what changes from one rating to the next (drawn over the kept rest: blitting)
    changing: list[Any] = []
    moved = 0 if counted else _draw_markers(ax, listed, cell_now, cell_then, changing)
    if counted:
        _draw_counts(ax, table, earlier, changing)

    key.set_xlim(0, 1)
    key.set_ylim(0, 1)
    if n == 0:
        message = "No risks rated yet.\nRate each risk's likelihood and impact\nfrom 1 to 5."
        if label is not None and risk_class is not None:
            message = f"No {risk_class} risks rated at\n{label!r}."
        key.text(0.02, 0.95, message, ha="left", va="top", fontsize=9)
        more = 0
    else:
        more = n - len(listed)
        # the key is about 340 pt tall: at most MATRIX_KEY_MAX lines and the "more" line,
        # 15 pt apart or more, so the key's text stays at 8.5 pt
        step = min(0.075, 0.98 / (len(listed) + (1.5 if more else 0)))
        heading = "Risks, most severe first"
        if more:
            heading = f"The {len(listed)} most severe of {n:,} risks"
        changing.append(key.text(0.0, 1.0, heading, fontsize=9, fontweight="bold", va="top"))
        before = {}
        if earlier is not None:
            before = {r.name: r for r in earlier.itertuples(index=False)}
        # inches from where a key line starts to the figure's right edge, less a margin
        pos = key.get_position()
        room = fig.get_size_inches()[0] * (1 - pos.x0 - 0.07 * pos.width) - 0.05
        for number, row in enumerate(listed.itertuples(index=False), start=1):
            y = 1.0 - step * (number + 0.4)
            detail = f"{row.likelihood} × {row.impact} = {row.severity} {row.band}"
            old = before.get(row.name)
            if earlier is not None and old is None:
                detail += " (new)"
            elif old is not None and old.severity != row.severity:
                detail += f" (was {old.severity})"
            elif old is not None and row.name in cell_then:
                detail += f" (was {old.likelihood} × {old.impact})"
            key.text(0.0, y, f"{number:>2}", fontsize=_KEY_FONT, fontweight="bold", va="center")
            line = _key_line(fig, row.name, f": {detail}", room)
            changing.append(key.text(0.07, y, line, fontsize=_KEY_FONT, va="center"))
        if more:
            more_line = key.text(
                0.0,
                1.0 - step * (len(listed) + 1.4),
                f"… and {more:,} more, counted in their cells",
                fontsize=_KEY_FONT,
                style="italic",
                va="center",
            )
            changing.append(more_line)

    handles: list[Any] = []
    if not counted:
        handles += [
            Line2D(
                [],
                [],
                marker=_CLASS_MARKERS[c],
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor="black",
                markersize=8 * _CLASS_SIZES[c] ** 0.5,
                label=f"{c} risk" if c != "both" else "relational and performance",
            )
            for c in RISK_CLASSES
        ]
    handles += [
        Patch(facecolor=_BAND_COLOURS[b], alpha=0.38, label=f"{b} ({lo}–{hi})")
        for b, (lo, hi) in SEVERITY_BANDS.items()
    ]
    if moved:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="--",
                color="#555555",
                markerfacecolor="none",
                label=f"earlier position ({_clip(earlier_label, 24)})",
            )
        )
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=4,
        fontsize=8,
        frameon=False,
    )
    # the rest depends only on these: the title, the key's numbers, the legend
    kept = (title, n == 0 and message, counted, len(listed), more > 0)
    set_background(fig, ("risk matrix", *kept, tuple(h.get_label() for h in handles)), changing)
    return fig


def _key_line(fig: Figure, name: str, detail: str, room: float) -> str:
    """Return ``name`` and ``detail``, the name clipped (to 30 characters at most) to fit.

    The line is measured at the key's font size, so it fits ``room`` inches of the key.
    """
    for width in range(30, 5, -1):
        line = _clip(name, width) + detail
        if text_width_in(fig, [line], _KEY_FONT) <= room:
            break
    return line


def _draw_markers(
    ax: Any,
    table: pd.DataFrame,
    cell_now: dict[str, tuple[int, int]],
    cell_then: dict[str, tuple[int, int]],
    changing: list[Any],
) -> int:
    """Draw a numbered marker per risk of ``table`` (and arrows from ``cell_then``).

    Returns how many risks moved (drew an arrow); every artist drawn is added to
    ``changing``.
    """
    n = len(table)
    size = 300 if n <= 12 else 190
    font = 8 if n <= 12 else 6.5
    # current markers and earlier (ghost) markers share the cells' slots, so none overlap
    spots = _positions(
        [((True, name), *c, c) for name, c in cell_now.items()]
        + [((False, name), *c, cell_now[name]) for name, c in cell_then.items()]
    )
    moved = 0
    # one scatter per risk class (markers now) and per class (earlier positions)
    now_xy: dict[str, list[tuple[float, float]]] = {}
    then_xy: dict[str, list[tuple[float, float]]] = {}
    for number, row in enumerate(table.itertuples(index=False), start=1):
        x, y = spots[True, row.name]
        now_xy.setdefault(row.risk_class, []).append((x, y))
        if row.name in cell_then:
            x0, y0 = spots[False, row.name]
            moved += 1
            then_xy.setdefault(row.risk_class, []).append((x0, y0))
            arrow = ax.annotate(
                "",
                xy=(x, y),
                xytext=(x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "#333333",
                    "lw": 1.1,
                    "shrinkA": 6,
                    "shrinkB": 10,
                },
                zorder=3,
            )
            changing.append(arrow)
        number_text = ax.text(
            x, y, str(number), ha="center", va="center", fontsize=font, fontweight="bold", zorder=5
        )
        changing.append(number_text)
    for cls, points in then_xy.items():
        ghost = ax.scatter(
            *zip(*points, strict=True),
            s=size * _CLASS_SIZES[cls] * 0.6,
            marker=_CLASS_MARKERS[cls],
            facecolors="none",
            edgecolors="#555555",
            linewidths=1.0,
            linestyle="--",
            zorder=2,
        )
        changing.append(ghost)
    for cls, points in now_xy.items():
        marker = ax.scatter(
            *zip(*points, strict=True),
            s=size * _CLASS_SIZES[cls],
            marker=_CLASS_MARKERS[cls],
            facecolors="white",
            edgecolors="black",
            linewidths=1.3,
            zorder=4,
        )
        changing.append(marker)
    return moved


def _draw_counts(
    ax: Any, table: pd.DataFrame, earlier: pd.DataFrame | None, changing: list[Any]
) -> None:
    """Write in each cell how many risks it holds (and held at the earlier assessment)."""
    now = risk_matrix_counts(table)
    then = risk_matrix_counts(earlier) if earlier is not None else None
    for lik in range(1, 6):
        for imp in range(1, 6):
            count = int(now.loc[imp, lik])
            was = int(then.loc[imp, lik]) if then is not None else count
            if not count and not was:
                continue
            text = f"{count:,} risk{'' if count == 1 else 's'}"
            if was != count:
                text += f"\n(was {was:,})"
            count_text = ax.text(
                lik,
                imp - 0.08,
                text,
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                linespacing=1.15,
                zorder=5,
            )
            changing.append(count_text)
