"""Governance modes: the continuum from informal cooperation to the joint venture.

The review of start-up alliances (``StartupAllianceReview``) places alliance governance on
a continuum from market to hierarchy: informal cooperation, licensing, consortium, joint
function (for example joint R&D) and joint venture. Only the joint venture involves
equity; moving along the continuum adds integration, control, mutual dependence and
commitment, and takes away flexibility and easy exit. The review reports that equity
forms suit alliances where the hazard of opportunism is severe and where tacit knowledge
must pass between partners, while non-equity forms suit knowledge that is easy to
articulate and partners who want to limit commitment and keep an easy way out; it also
asks partners to agree on the time horizon, a long one supporting commitment and a
short one an incremental approach. The practitioner overview (``AlliancesOverview``)
lists the forms alliances take in practice (joint ventures, shared R&D platforms,
co-manufacturing, joint marketing) and recommends building exit ramps into the
structure; Hoang and Rothaermel (``HoangRothaermel2016``) ask that the deal balance
protective and adaptive governance and that the exit be planned while negotiating.

This module holds:

- :class:`GovernanceMode` and :data:`GOVERNANCE_MODES` (the five modes in continuum
  order), :func:`mode` and :func:`governance_table`;
- :class:`GovernanceFactors` (the five factors, with :data:`FACTOR_QUESTIONS` to ask
  them in plain words) and :func:`recommend_governance`, a transparent recommender that
  returns a :class:`GovernanceRecommendation` with its reasons in words;
- :func:`plot_governance_continuum`.

The recommender is a teaching model
-----------------------------------
It is not fitted to data: it writes down, with round numbers, the transaction-cost
reasoning summarised in the review, so that learners can see and argue with every step.

1. Each factor is put on a 1-5 scale. The four judgement factors already are; the time
   horizon in years becomes a level: under 1 year = 1, 1 to under 2 = 2, 2 to under 5 =
   3, 5 to under 10 = 4, 10 years or more = 5.
2. The target position on the continuum (0 = informal cooperation ... 4 = joint
   venture) starts in the middle, at 2, and each factor pushes it by its weight for every
   point above or below the middle level 3 (:data:`FACTOR_WEIGHTS`):

   ====================================  ======  =======================================
   factor                                weight  why
   ====================================  ======  =======================================
   hazard of opportunism                 +0.4    control and shared stakes guard against
                                                 a partner exploiting the deal
   tacitness of knowledge                +0.4    know-how that cannot be written down
                                                 travels through close, lasting contact
   commitment required                   +0.4    large dedicated investments need
                                                 protection and shared control
   need for flexibility and easy exit    -0.4    loose agreements are cheap to change
                                                 and to leave
   time horizon                          +0.2    a long alliance repays set-up costs and
                                                 aligns incentives (a weaker, indirect
                                                 factor, hence half weight)
   ====================================  ======  =======================================

   The target is clipped to 0-4.
3. The recommended mode is the one nearest the target. With these weights the target
   moves in steps of 0.2, so it never lies exactly halfway between two modes. The
   runner-up is the next nearest; when the target sits exactly on a mode, the two
   neighbours are equally near and the looser one is named, since governance is easier
   to tighten later than an equity stake is to unwind. Each mode's fit is
   ``1 - distance / 4``.

Because every weight has a fixed sign, the model is monotone: raising the hazard, the
tacitness, the commitment or the horizon never moves the recommendation towards less
equity, and raising the need for flexibility never moves it towards more.

Examples
--------
>>> rec = recommend_governance(GovernanceFactors(5, 4, 4, 2, 8))
>>> rec.mode.name, rec.runner_up.name
('joint venture', 'joint function')
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from ._style import PALETTE, new_figure, writer
from ._validate import check_choice, check_int_range, check_number

__all__ = [
    "FACTORS",
    "FACTOR_LABELS",
    "FACTOR_QUESTIONS",
    "FACTOR_WEIGHTS",
    "GOVERNANCE_MODES",
    "GovernanceFactors",
    "GovernanceMode",
    "GovernanceRecommendation",
    "governance_table",
    "horizon_level",
    "mode",
    "plot_governance_continuum",
    "recommend_governance",
]


@dataclass(frozen=True)
class GovernanceMode:
    """One governance mode of the continuum.

    Parameters
    ----------
    name : str
        One of the five mode names.
    equity : bool
        True when the partners hold equity in a shared entity (only the joint venture).
    position : int
        0 (informal cooperation, loosest) to 4 (joint venture, tightest).
    description : str
        What the mode is.
    when_it_fits : str
        The situation it suits.
    example : str
        A generic or case example.
    source : str, default ""
        Bib key backing the example, when it comes from a source.

    Examples
    --------
    >>> mode("licensing").position, mode("licensing").equity
    (1, False)
    """

    name: str
    equity: bool
    position: int
    description: str
    when_it_fits: str
    example: str
    source: str = ""

    def __repr__(self) -> str:
        kind = "equity" if self.equity else "non-equity"
        return f"GovernanceMode({self.name!r}, position={self.position}, {kind})"


#: The five modes, from non-equity (loosest) to equity (tightest); descriptions in our words.
GOVERNANCE_MODES: tuple[GovernanceMode, ...] = (
    GovernanceMode(
        "informal cooperation",
        False,
        0,
        "Working together on trust, a handshake or a letter of intent, with no binding "
        "contract and no shared assets.",
        "A first, low-stakes trial with a partner you do not know yet, where either side "
        "must be free to walk away at once.",
        "A start-up and a corporate innovation team run a short pilot under a memorandum "
        "of understanding.",
    ),
    GovernanceMode(
        "licensing",
        False,
        1,
        "A contract that lets one firm use the other's intellectual property (a "
        "technology, a brand, characters) in return for fees or royalties.",
        "Codified knowledge that a contract can describe, a clear scope and little need "
        "for joint work day to day.",
        "Lego licensing film and book characters such as Star Wars and Harry Potter for "
        "its construction sets.",
        "HoangRothaermel2016",
    ),
    GovernanceMode(
        "consortium",
        False,
        2,
        "Several firms pool resources under one agreement to pursue a shared goal, each "
        "keeping its own organisation.",
        "Exploring an untested field whose cost or risk is too large for one firm, with "
        "moderate commitment from each member.",
        "New ventures pooling resources in a research consortium to explore a new field "
        "of technology.",
        "StartupAllianceReview",
    ),
    GovernanceMode(
        "joint function",
        False,
        3,
        "The partners run one function together, such as R&D, manufacturing or "
        "marketing, with a joint team and shared plans, but set up no new company.",
        "Close, lasting collaboration in which know-how must pass between people who "
        "work side by side, without the cost of a separate entity.",
        "Two firms run a shared R&D programme with a joint team and a common budget.",
    ),
    GovernanceMode(
        "joint venture",
        True,
        4,
        "The partners create a separate company that they own together and staff from "
        "both sides; the equity end of the continuum (the course treats it as its one "
        "equity mode; the source's figure labels only the two ends).",
        "High hazard of opportunism, heavy dedicated investment, tacit knowledge and a "
        "long horizon, where shared ownership aligns incentives and gives control.",
        "NUMMI, the car plant Toyota and General Motors set up as a joint venture in "
        "1984; Tesla later bought its factory.",
        "HoangRothaermel2016",
    ),
)

_BY_NAME = {m.name: m for m in GOVERNANCE_MODES}


def mode(name: str | GovernanceMode) -> GovernanceMode:
    """Return the governance mode called ``name`` (any case).

    Examples
    --------
    >>> mode("Joint Venture").equity
    True
    >>> mode("merger")
    Traceback (most recent call last):
    ...
    ValueError: governance mode must be one of 'informal cooperation', 'licensing', 'consortium', 'joint function', 'joint venture'; got 'merger'
    """  # noqa: E501
    if isinstance(name, GovernanceMode):
        name = name.name
    return _BY_NAME[check_choice("governance mode", name, _BY_NAME)]


def governance_table() -> pd.DataFrame:
    """Return the continuum as a table, one row per mode from loosest to tightest.

    Examples
    --------
    >>> governance_table()[["position", "name", "equity"]]
       position                  name  equity
    0         0  informal cooperation   False
    1         1             licensing   False
    2         2            consortium   False
    3         3        joint function   False
    4         4         joint venture    True
    """
    return pd.DataFrame(
        [
            {
                "position": m.position,
                "name": m.name,
                "equity": m.equity,
                "description": m.description,
                "when_it_fits": m.when_it_fits,
                "example": m.example,
                "source": m.source,
            }
            for m in GOVERNANCE_MODES
        ]
    )


# --------------------------------------------------------------------------- factors

#: The factors of :class:`GovernanceFactors`, in order.
FACTORS: tuple[str, ...] = (
    "opportunism_hazard",
    "knowledge_tacitness",
    "commitment_required",
    "flexibility_need",
    "time_horizon_years",
)

#: Names of the factors for people.
FACTOR_LABELS: Mapping[str, str] = {
    "opportunism_hazard": "hazard of opportunism",
    "knowledge_tacitness": "tacitness of knowledge",
    "commitment_required": "commitment required",
    "flexibility_need": "need for flexibility and easy exit",
    "time_horizon_years": "time horizon",
}

#: Plain-language question for each factor (for worksheets and widgets).
FACTOR_QUESTIONS: Mapping[str, str] = {
    "opportunism_hazard": "How likely is it that the partner could exploit the deal against "
    "you, for example by absorbing your know-how and then walking away? "
    "(1 = very unlikely, 5 = very likely)",
    "knowledge_tacitness": "How hard is the knowledge you must share to write down, so that "
    "it passes only between people working side by side? "
    "(1 = easy to document, 5 = learnt only by doing together)",
    "commitment_required": "How much must each side invest in people, equipment or money "
    "dedicated to this alliance? (1 = very little, 5 = a great deal)",
    "flexibility_need": "How important is it that you can change course or leave the "
    "alliance quickly and cheaply? (1 = not important, 5 = essential)",
    "time_horizon_years": "For how many years do you expect the alliance to run? "
    "(more than 0, at most 30)",
}

#: Push on the target position per point of the factor's 1-5 level above 3 (signed).
FACTOR_WEIGHTS: Mapping[str, float] = {
    "opportunism_hazard": 0.4,
    "knowledge_tacitness": 0.4,
    "commitment_required": 0.4,
    "flexibility_need": -0.4,
    "time_horizon_years": 0.2,
}
# the same weights in tenths, so the target is computed exactly (ties are real ties)
_WEIGHTS_10 = {
    "opportunism_hazard": 4,
    "knowledge_tacitness": 4,
    "commitment_required": 4,
    "flexibility_need": -4,
    "time_horizon_years": 2,
}
_MAX_HORIZON = 30.0
_HORIZON_STEPS = (1.0, 2.0, 5.0, 10.0)  # level rises by one at each of these year marks


def horizon_level(years: float) -> int:
    """Return the 1-5 level of a time horizon in years (see the module docstring).

    Examples
    --------
    >>> [horizon_level(y) for y in (0.5, 1, 3, 5, 12)]
    [1, 2, 3, 4, 5]
    """
    years = _check_years(years)
    return 1 + sum(years >= step for step in _HORIZON_STEPS)


def _check_years(years: Any) -> float:
    years = check_number("time_horizon_years", years, low=0, high=_MAX_HORIZON)
    if years <= 0:
        raise ValueError(f"time_horizon_years must be > 0, got {years!r}")
    return years


@dataclass(frozen=True)
class GovernanceFactors:
    """The learner's judgement of the five factors that shape the governance choice.

    Parameters
    ----------
    opportunism_hazard, knowledge_tacitness, commitment_required, flexibility_need : int
        Whole numbers from 1 (very low) to 5 (very high); see :data:`FACTOR_QUESTIONS`.
    time_horizon_years : float
        Expected life of the alliance in years, more than 0 and at most 30.

    Examples
    --------
    >>> GovernanceFactors(4, 2, 3, 3, 5).levels()["time_horizon_years"]
    4
    >>> GovernanceFactors(4, 2, 3, 6, 5)
    Traceback (most recent call last):
    ...
    ValueError: flexibility_need must be a whole number from 1 to 5, got 6
    """

    opportunism_hazard: int
    knowledge_tacitness: int
    commitment_required: int
    flexibility_need: int
    time_horizon_years: float

    def __post_init__(self) -> None:
        for name in FACTORS[:4]:
            object.__setattr__(self, name, check_int_range(name, getattr(self, name)))
        object.__setattr__(self, "time_horizon_years", _check_years(self.time_horizon_years))

    def levels(self) -> dict[str, int]:
        """Return every factor on the 1-5 scale (the horizon through :func:`horizon_level`).

        Examples
        --------
        >>> GovernanceFactors(1, 2, 3, 4, 0.5).levels()
        {'opportunism_hazard': 1, 'knowledge_tacitness': 2, 'commitment_required': 3, 'flexibility_need': 4, 'time_horizon_years': 1}
        """  # noqa: E501
        out = {name: getattr(self, name) for name in FACTORS[:4]}
        out["time_horizon_years"] = horizon_level(self.time_horizon_years)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the factors as plain JSON-able data.

        Examples
        --------
        >>> GovernanceFactors(3, 3, 3, 3, 2.5).to_dict()["time_horizon_years"]
        2.5
        """
        return {name: getattr(self, name) for name in FACTORS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GovernanceFactors:
        """Build the factors from :meth:`to_dict` output; bad data raises ValueError.

        Examples
        --------
        >>> GovernanceFactors.from_dict({"opportunism_hazard": 2})
        Traceback (most recent call last):
        ...
        ValueError: GovernanceFactors data needs the key(s) 'commitment_required', 'flexibility_need', 'knowledge_tacitness', 'time_horizon_years'
        """  # noqa: E501
        if not isinstance(data, Mapping):
            raise ValueError(
                f"GovernanceFactors data must be a mapping (dict), got {type(data).__name__}"
            )
        missing = sorted(set(FACTORS) - set(data))
        if missing:
            raise ValueError(
                f"GovernanceFactors data needs the key(s) {', '.join(map(repr, missing))}"
            )
        unknown = sorted(set(map(str, data)) - set(FACTORS))
        if unknown:
            raise ValueError(
                f"GovernanceFactors data has unknown key(s) {', '.join(map(repr, unknown))}; "
                f"allowed: {', '.join(map(repr, FACTORS))}"
            )
        try:
            return cls(**{name: data[name] for name in FACTORS})
        except TypeError as exc:
            raise ValueError(str(exc)) from None


# --------------------------------------------------------------------------- recommender


@dataclass(frozen=True, eq=False)
class GovernanceRecommendation:
    """What :func:`recommend_governance` found, and why.

    Attributes
    ----------
    mode : GovernanceMode
        The recommended mode (nearest the target).
    scores : DataFrame
        One row per mode in continuum order: ``mode``, ``position``, ``equity``,
        ``distance`` (from the target), ``fit`` (``1 - distance / 4``) and
        ``recommended``.
    reasons : tuple of str
        A summary sentence, then one sentence per factor saying which way it pushed
        and how strongly.
    runner_up : GovernanceMode
        The next-nearest mode.
    target : float
        The target position, 0 to 4.
    contributions : DataFrame
        One row per factor: ``factor``, ``label``, ``value`` (as entered), ``level``
        (1-5), ``weight`` and ``push`` (positions added to the target; negative =
        towards non-equity).
    """

    mode: GovernanceMode
    scores: pd.DataFrame
    reasons: tuple[str, ...]
    runner_up: GovernanceMode
    target: float = 2.0
    contributions: pd.DataFrame | None = None

    def __repr__(self) -> str:
        return (
            f"GovernanceRecommendation(mode={self.mode.name!r}, target={self.target:.1f}, "
            f"runner_up={self.runner_up.name!r})"
        )


_LEVEL_WORDS = {1: "very low", 2: "low", 3: "moderate", 4: "high", 5: "very high"}
_HORIZON_WORDS = {1: "very short", 2: "short", 3: "medium", 4: "long", 5: "very long"}
_WHY = {
    # factor: (why it pushes when high, why it pushes when low)
    "opportunism_hazard": (
        "the more a partner could exploit the deal, the more the control and shared "
        "stakes of a tighter form are worth",
        "with a partner unlikely to exploit the deal, a loose agreement is safe enough",
    ),
    "knowledge_tacitness": (
        "know-how that cannot be written down passes best through the close, lasting "
        "contact of integrated forms",
        "knowledge that is easy to document travels well through a contract such as a licence",
    ),
    "commitment_required": (
        "large dedicated investments need the protection and shared control of a deeper structure",
        "little is invested, so there is little to protect with a deeper structure",
    ),
    "flexibility_need": (
        "a need to change course or leave easily favours loose agreements that are cheap to exit",
        "little need to change course or leave means the rigidity of a tighter structure "
        "costs little",
    ),
    "time_horizon_years": (
        "a long-lasting alliance repays the set-up cost of a deeper structure and helps "
        "align incentives",
        "a short alliance rarely repays the set-up cost of a deeper structure",
    ),
}


def _strength(push: float) -> str:
    size = abs(push)
    if size >= 0.8:
        return "strongly"
    if size >= 0.4:
        return "moderately"
    return "slightly"


def _reason(factor: str, value: Any, level: int, push: float) -> str:
    label = FACTOR_LABELS[factor]
    if factor == "time_horizon_years":
        head = (
            f"The time horizon of {value:g} year{'s' if value != 1 else ''} counts as "
            f"{_HORIZON_WORDS[level]} ({level} of 5)"
        )
    else:
        head = f"The {label} is {_LEVEL_WORDS[level]} ({level} of 5)"
    if push == 0:
        return f"{head}, so it pushes neither way."
    why = _WHY[factor][0 if level > 3 else 1]
    side = "equity" if push > 0 else "non-equity"
    return (
        f"{head}: {why}, so it pushes {_strength(push)} towards {side} "
        f"({push:+.1f} position{'s' if abs(push) != 1 else ''})."
    )


def recommend_governance(factors: GovernanceFactors) -> GovernanceRecommendation:
    """Recommend a governance mode from the five factors, and say why in words.

    The model is the documented teaching model of the module docstring: a target on the
    0-4 continuum from a weighted sum of the factors, and the nearest mode.

    Parameters
    ----------
    factors : GovernanceFactors

    Returns
    -------
    GovernanceRecommendation

    Examples
    --------
    >>> rec = recommend_governance(GovernanceFactors(2, 1, 2, 5, 1.5))
    >>> rec.mode.name, rec.target
    ('informal cooperation', 0.0)
    >>> print(rec.reasons[1])
    The hazard of opportunism is low (2 of 5): with a partner unlikely to exploit the deal, a loose agreement is safe enough, so it pushes moderately towards non-equity (-0.4 positions).
    """  # noqa: E501
    if not isinstance(factors, GovernanceFactors):
        raise TypeError(f"factors must be GovernanceFactors, got {type(factors).__name__}")
    levels = factors.levels()
    pushes_10 = {f: _WEIGHTS_10[f] * (levels[f] - 3) for f in FACTORS}
    target_10 = min(40, max(0, 20 + sum(pushes_10.values())))
    target = target_10 / 10
    ranked = sorted(GOVERNANCE_MODES, key=lambda m: (abs(10 * m.position - target_10), m.position))
    best, runner_up = ranked[0], ranked[1]

    scores = pd.DataFrame(
        {
            "mode": [m.name for m in GOVERNANCE_MODES],
            "position": [m.position for m in GOVERNANCE_MODES],
            "equity": [m.equity for m in GOVERNANCE_MODES],
            "distance": [abs(10 * m.position - target_10) / 10 for m in GOVERNANCE_MODES],
        }
    )
    scores["fit"] = (1 - scores["distance"] / 4).round(3)
    scores["recommended"] = scores["mode"] == best.name
    contributions = pd.DataFrame(
        {
            "factor": list(FACTORS),
            "label": [FACTOR_LABELS[f] for f in FACTORS],
            "value": [getattr(factors, f) for f in FACTORS],
            "level": [levels[f] for f in FACTORS],
            "weight": [FACTOR_WEIGHTS[f] for f in FACTORS],
            "push": [pushes_10[f] / 10 for f in FACTORS],
        }
    )

    raw = 2 + sum(pushes_10.values()) / 10
    summary = (
        f"Recommended: {best.name} ({'equity' if best.equity else 'non-equity'}, position "
        f"{best.position} on the 0-4 continuum from informal cooperation to joint venture). "
        f"Starting from the middle (2, consortium), the factors move the target to "
        f"{target:.1f}"
    )
    if raw != target:
        summary += f" (the sum, {raw:.1f}, is capped at the end of the continuum)"
    summary += f"; the nearest mode is {best.name} and the runner-up is {runner_up.name}."
    per_factor = [_reason(f, getattr(factors, f), levels[f], pushes_10[f] / 10) for f in FACTORS]
    reasons = (summary, *per_factor)
    return GovernanceRecommendation(best, scores, reasons, runner_up, target, contributions)


# --------------------------------------------------------------------------- figure


def plot_governance_continuum(
    highlight: str | GovernanceMode | None = None,
    *,
    recommendation: GovernanceRecommendation | None = None,
) -> Figure:
    """Draw the five modes on a line from non-equity (left) to equity (right).

    The recommended mode is a large star labelled "recommended" (with the target
    position as a tick on the line), the runner-up a ringed circle labelled "runner-up",
    and the ``highlight`` (say, the learner's own choice) a large square labelled "your
    choice": shape and words carry the meaning, colour only repeats it.

    Parameters
    ----------
    highlight : str or GovernanceMode, optional
        A mode to mark as the learner's choice.
    recommendation : GovernanceRecommendation, optional
        The result of :func:`recommend_governance`.

    Examples
    --------
    >>> rec = recommend_governance(GovernanceFactors(4, 4, 3, 2, 6))
    >>> fig = plot_governance_continuum("licensing", recommendation=rec)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "your choice" in texts, any(t.startswith("recommended") for t in texts)
    (True, True)
    """
    chosen = mode(highlight) if highlight is not None else None
    if recommendation is not None and not isinstance(recommendation, GovernanceRecommendation):
        raise TypeError(
            "recommendation must be a GovernanceRecommendation, "
            f"got {type(recommendation).__name__}"
        )
    fig, ax = new_figure(7.4, 3.3)
    ax.set_axis_off()
    ax.set_xlim(-0.75, 4.75)
    ax.set_ylim(-1.15, 1.0)
    ax.set_title("Governance continuum: from non-equity to equity", loc="left", fontsize=11)
    write = writer(ax, inside=True)
    ax.add_artist(
        FancyArrowPatch(
            (-0.55, 0), (4.55, 0), arrowstyle="<|-|>", mutation_scale=10, color="#444444", lw=1.4
        )
    )
    # group brackets, one line for both
    brackets = ((-0.3, 3.3, "non-equity agreements"), (3.7, 4.3, "equity"))
    xs: list[float] = []
    ys: list[float] = []
    for lo, hi, text in brackets:
        xs += [lo, lo, hi, hi, np.nan]
        ys += [0.62, 0.7, 0.7, 0.62, np.nan]
        write((lo + hi) / 2, 0.76, text, ha="center", va="bottom", fontsize=9.5)
    ax.plot(xs, ys, color="#444444", lw=1)

    recommended = recommendation.mode if recommendation is not None else None
    runner = recommendation.runner_up if recommendation is not None else None
    plain: list[float] = []  # the modes drawn as grey dots, one artist for all
    for m in GOVERNANCE_MODES:
        x = m.position
        write(
            x,
            -0.22,
            "\n".join(textwrap.wrap(m.name, 12)),
            ha="center",
            va="top",
            fontsize=10,
            fontweight="bold" if m in (recommended, chosen) else "normal",
        )
        notes = []
        if m == recommended:
            ax.scatter(
                x, 0, marker="*", s=700, color=PALETTE["orange"], edgecolors="black", zorder=4
            )
            notes.append("recommended")
        elif m == chosen:
            ax.scatter(x, 0, marker="s", s=330, color=PALETTE["sky"], edgecolors="black", zorder=4)
        else:
            plain.append(x)
        if m == runner:
            if m != chosen:
                ax.scatter(
                    x, 0, marker="o", s=420, facecolors="none", edgecolors="black", lw=1.3, zorder=3
                )
            notes.append("runner-up")
        if m == chosen:
            if m == recommended:
                ax.scatter(
                    x, 0, marker="s", s=900, facecolors="none", edgecolors="black", lw=1.3, zorder=4
                )
            notes.append("your choice")
        if notes:
            write(x, 0.3, " and\n".join(notes), ha="center", va="bottom", fontsize=9)
    ax.scatter(plain, [0] * len(plain), marker="o", s=110, color=PALETTE["grey"], zorder=3)
    if recommendation is not None:
        t = recommendation.target
        ax.plot([t, t], [-0.12, 0.12], color="black", lw=2.2, zorder=5)
        write(
            -0.7,
            -0.8,
            f"Black tick on the line: target position {t:.1f} from the factors "
            f"(0 = informal cooperation, 4 = joint venture)",
            ha="left",
            va="center",
            fontsize=9,
        )
    write(
        -0.7,
        -1.05,
        "Left: looser, cheaper to change and to leave.   "
        "Right: more integration, control and commitment.",
        ha="left",
        va="center",
        fontsize=9,
        color="#333333",
    )
    return fig
