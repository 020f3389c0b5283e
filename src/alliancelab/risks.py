"""Alliance risk registers: rate risks by likelihood and impact, before and after signing.

The review of start-up alliances (``StartupAllianceReview``) splits alliance risks into
*relational* risks (the partner acts opportunistically) and *performance* risks (the
alliance misses its objectives even when both sides cooperate), lists seven of the most
serious ones with their class, and advises rating them by likelihood and impact both
before and after the agreement is signed, while keeping the system light enough for a
small firm. This module holds the register a founder keeps up to date (the model):

- :data:`RISK_CLASSES` and :data:`STANDARD_RISKS` (the seven risks of the review, each
  described in one sentence, as a ready-made starting list) and :func:`standard_register`;
- :class:`Risk` (name, class, owner, mitigation), :class:`Rating` (likelihood and impact,
  whole numbers from 1 to 5) and :class:`RiskRegister` (the risks plus ratings at several
  dated or named assessments, such as ``"before signing"`` and ``"after signing"``);
- :data:`~alliancelab.risks_rating.SEVERITY_BANDS` and :func:`severity_band` (with
  :class:`Rating`, in :mod:`alliancelab.risks_rating`).

The tables are in :mod:`alliancelab.risks_tables`: :func:`register_from_table` (a register
from a case's ``risks`` table), :func:`risk_table` (one row per rated risk, with severity
and band, filterable by class), :func:`compare_assessments` (what changed between two
assessments) and :func:`risk_matrix_counts` (a vectorised 5 x 5 count of risks per cell).
The figure, :func:`plot_risk_matrix` (the likelihood x impact heat map), is in
:mod:`alliancelab.risks_plots`. All of them are importable from this module too.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._frozen import FrozenMap
from ._validate import check_choice, check_int_range, check_name, check_text, check_unique
from .risks_rating import (
    SEVERITY_BANDS,
    Rating,
    _as_value_error,
    _check_keys,
    _coerce_rating,
    severity_band,
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

# the limits of the figure (in :mod:`alliancelab.risks_plots`), kept here with the rest
# of the documented API

#: With more rated risks than this, :func:`plot_risk_matrix` counts the risks in each
#: cell instead of drawing a numbered marker per risk.
MATRIX_MARKED_MAX = 15
#: :func:`plot_risk_matrix` lists at most this many risks (the most severe) in its key.
MATRIX_KEY_MAX = 20

_MAX_NAME = 200
_MAX_TEXT = 2000


def _norm_name(field_name: str, value: Any) -> str:
    """Return a risk name stripped, with single inner spaces (case kept)."""
    return check_name(field_name, value, max_len=_MAX_NAME, lower=False)


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

    The register is immutable: :meth:`with_risk`, :meth:`without_risk`, :meth:`with_owners`,
    :meth:`assess`, :meth:`with_ratings`, :meth:`with_assessment` and
    :meth:`without_assessment` return a new register. Two registers are equal when they hold the same risks in the
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
            raise ValueError(f"risk {risk.name!r} is already in the register")
        old = self.risks[at].name
        risks = (*self.risks[:at], risk, *self.risks[at + 1 :])
        assessments = {
            label: {(risk.name if n == old else n): r for n, r in ratings.items()}
            for label, ratings in self.assessments.items()
        }
        return RiskRegister(risks, assessments)

    def without_risk(self, name: str) -> RiskRegister:
        """Return a register without the risk ``name`` and without its ratings.

        The register keeps at least one risk: removing the last one raises ValueError.

        Examples
        --------
        >>> standard_register().without_risk("innovation").names[-2:]
        ('outside scope', 'input supply')
        >>> RiskRegister((Risk("innovation", "performance"),)).without_risk("innovation")
        Traceback (most recent call last):
        ...
        ValueError: the register must keep at least one risk; add another first
        """
        gone = self.risk(name).name
        if len(self.risks) == 1:
            raise ValueError("the register must keep at least one risk; add another first")
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

    def _label(self, label: str) -> str:
        """Return the assessment label matching ``label`` (any case); raise if there is none."""
        key = " ".join(check_text("assessment label", label, max_len=_MAX_NAME).split()).lower()
        for known in self.assessments:
            if known.lower() == key:
                return known
        shown = ", ".join(repr(lab) for lab in self.assessments) or "none yet"
        raise ValueError(f"assessment label must be one of {shown}; got {label!r}")

    def with_assessment(
        self, label: str, ratings: Mapping[str, Rating | tuple[int, int]] | None = None
    ) -> RiskRegister:
        """Return a register with a new assessment ``label`` added after the others.

        A re-assessment usually starts from the latest ratings, which then change as the
        alliance moves on: pass them as ``ratings``.

        Parameters
        ----------
        label : str
            The new label (surrounding spaces dropped, inner runs of spaces made single);
            it must not be empty or already used (compared regardless of case).
        ratings : Mapping[str, Rating], optional
            Risk name to rating (a pair also works); none gives an empty assessment.

        Examples
        --------
        >>> reg = standard_register().assess("before signing", "coordination", 3, 3)
        >>> reg = reg.with_assessment("after  signing", reg.assessments["before signing"])
        >>> reg.assessment_labels, reg.assessments["after signing"]["coordination"]
        (('before signing', 'after signing'), Rating(likelihood=3, impact=3))
        >>> reg.with_assessment(" ")
        Traceback (most recent call last):
        ...
        ValueError: assessment label must not be empty, e.g. 'after signing'
        """
        text = check_text("assessment label", label, allow_empty=True, max_len=_MAX_NAME)
        text = " ".join(text.split())
        if not text:
            raise ValueError("assessment label must not be empty, e.g. 'after signing'")
        if any(known.lower() == text.lower() for known in self.assessments):
            raise ValueError(f"assessment {text!r} already exists")
        assessments: dict[str, Any] = dict(self.assessments)
        assessments[text] = dict(ratings or {})
        return RiskRegister(self.risks, assessments)

    def without_assessment(self, label: str) -> RiskRegister:
        """Return a register without the assessment ``label`` (any case) and its ratings.

        The register keeps at least one assessment: removing the last one raises
        ValueError, as does a label the register does not hold.

        Examples
        --------
        >>> reg = standard_register().assess("q1", "innovation", 2, 2)
        >>> reg.assess("q2", "innovation", 3, 2).without_assessment("Q1").assessment_labels
        ('q2',)
        >>> reg.without_assessment("q1")
        Traceback (most recent call last):
        ...
        ValueError: the register must keep at least one assessment; add another first
        """
        if len(self.assessments) <= 1:
            raise ValueError("the register must keep at least one assessment; add another first")
        gone = self._label(label)
        return RiskRegister(
            self.risks, {lab: r for lab, r in self.assessments.items() if lab != gone}
        )

    def with_ratings(
        self, label: str, ratings: Mapping[str, Rating | tuple[int, int]]
    ) -> RiskRegister:
        """Return a register where assessment ``label`` holds exactly ``ratings``.

        Like :meth:`assess` for many risks at once: an existing label (any case) has its
        ratings replaced, a new one is added after the others.

        Examples
        --------
        >>> reg = standard_register().with_ratings("q1", {"innovation": (2, 4)})
        >>> reg.with_ratings("Q1", {"coordination": Rating(1, 1)}).assessments["q1"]
        {'coordination': Rating(likelihood=1, impact=1)}
        """
        text = " ".join(check_text("assessment label", label, max_len=_MAX_NAME).split())
        match = next((lab for lab in self.assessments if lab.lower() == text.lower()), text)
        assessments: dict[str, Any] = dict(self.assessments)
        assessments[match] = ratings
        return RiskRegister(self.risks, assessments)

    def with_owners(
        self,
        owners: Mapping[str, str] | None = None,
        mitigations: Mapping[str, str] | None = None,
    ) -> RiskRegister:
        """Return a register whose risks have the given owners and mitigations.

        Both map a risk name (any case) to text; risks left out keep theirs, and so do
        the ratings. The register itself comes back when nothing changes.

        Examples
        --------
        >>> reg = standard_register().with_owners({"Innovation": "CTO"}, {"innovation": "pilot"})
        >>> reg.risk("innovation").owner, reg.risk("innovation").mitigation
        ('CTO', 'pilot')
        """
        names = set(self.names)
        lookup = {r.name.lower(): r.name for r in self.risks}

        def by_name(texts: Mapping[str, str] | None) -> dict[str, str]:
            out = {}
            for name, text in (texts or {}).items():
                if name not in names:  # not the canonical name: any case, any spaces
                    name = lookup.get(_norm_name("risk name", name).lower()) or self.risk(name).name
                out[name] = text
            return out

        owner, mitigation = by_name(owners), by_name(mitigations)
        risks = tuple(
            r
            if owner.get(r.name, r.owner) == r.owner
            and mitigation.get(r.name, r.mitigation) == r.mitigation
            else Risk(
                r.name,
                r.risk_class,
                r.description,
                owner.get(r.name, r.owner),
                mitigation.get(r.name, r.mitigation),
            )
            for r in self.risks
        )
        if risks == self.risks:
            return self
        return RiskRegister(risks, self.assessments)

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


# The tables and the figure are in their own modules, which build on the model above;
# they are imported here, at the end, so that their own imports find this module complete
# (importing them at the top would be circular). Every name stays importable from here.
from .risks_plots import (  # noqa: E402
    MARKER_CELLS,  # noqa: F401 (not in __all__, but importable from here as before)
    plot_risk_matrix,
)
from .risks_tables import (  # noqa: E402
    compare_assessments,
    register_from_table,
    risk_matrix_counts,
    risk_table,
)
