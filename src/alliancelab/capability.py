"""Alliance capability: the path of practices a venture builds, and where it stands on it.

Learning by doing has limits. The review of start-up alliances (``StartupAllianceReview``)
reports a large study (``Draulans2003``) in which the success rate of alliances stopped
improving, and slowly declined, after about six alliances, and it names four techniques
that build an alliance capability beyond experience: *training* (adopters beat
non-adopters by about 10% in alliance success rate), *evaluation* of past alliances, an
alliance *specialist* (or a dedicated alliance function, ``Kale2002``), and a *tool set* of
codified guidelines. Following ``Draulans2003``, the review sketches an ideal learning path:
training first, then alliances, then, once experience has built a basic capability, a
specialist and formal systems to spread the knowledge; basic techniques help inexperienced
firms most. Hoang and Rothaermel (``HoangRothaermel2016``) add that in small firms
alliance know-how often sits with a few people, and that the benefits of experience come
only to firms that actively capture and reuse it.

The review also draws the *success-factor cycle* of alliance making in new ventures:
start with training, then alliance strategy, alliance management, an assessment of each
finished alliance and further capability building before the next alliance, all under
the pressure of scarce resources. The chapter on building alliance capability draws that
cycle as a static picture (``book/_static/visuals/part3-success-cycle.svg``).

This module holds :data:`CAPABILITY_PRACTICES` (:class:`Practice`), :data:`PRACTICE_LEVELS`,
:data:`CAPABILITY_STAGES`, :class:`CapabilityProfile`, :func:`assess_capability`
(a :class:`CapabilityAssessment`) and :func:`plot_capability_path`. The stage rules are a
teaching model, written out in :func:`assess_capability`.

Examples
--------
>>> profile = CapabilityProfile(alliances_done=1, practices={"training": 2})
>>> result = assess_capability(profile)
>>> result.stage
'trained'
>>> result.next_step.startswith("After each alliance")
True
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._frozen import FrozenMap
from ._style import PALETTE, new_figure, writer
from ._text import listing as _listing
from ._validate import check_choice, check_int_range

__all__ = [
    "CAPABILITY_PRACTICES",
    "CAPABILITY_STAGES",
    "EXPERIENCE_PLATEAU",
    "PRACTICE_LEVELS",
    "CapabilityAssessment",
    "CapabilityProfile",
    "Practice",
    "assess_capability",
    "plot_capability_path",
]


@dataclass(frozen=True)
class Practice:
    """One practice on the path of alliance capability.

    Attributes
    ----------
    name : str
        ``"training"``, ``"evaluation"``, ``"specialist"`` or ``"tool set"``.
    description : str
        What the practice is, for a start-up.
    evidence : str
        What the research says about it, with the authors named in the sentence.

    Examples
    --------
    >>> CAPABILITY_PRACTICES[0].name
    'training'
    """

    name: str
    description: str
    evidence: str


#: The four practices in path order (``StartupAllianceReview``, after ``Draulans2003``).
CAPABILITY_PRACTICES: tuple[Practice, ...] = (
    Practice(
        "training",
        "People who will negotiate or run alliances learn the basics before the deal: "
        "in-house, from consultants, or in incubator workshops.",
        "Companies that trained their managers in alliance management had alliance success "
        "rates about 10% higher than companies that did not; training helps most where "
        "alliance experience is thin (Draulans et al. 2003, as reviewed by Comi and Eppler "
        "2009).",
    ),
    Practice(
        "evaluation",
        "Each finished (or yearly reviewed) alliance is assessed and its lessons written "
        "down; with several alliances, they are compared with each other.",
        "Evaluating past alliances turns experience into lessons. Inexperienced firms gain "
        "most from reviewing each alliance on its own, ideally with a few metrics; comparing "
        "alliances pays off for experienced firms (Draulans et al. 2003, as reviewed by Comi "
        "and Eppler 2009).",
    ),
    Practice(
        "specialist",
        "One person is responsible for the venture's alliances, part-time if need be; an "
        "investor or mentor can act as coach.",
        "Appointing an alliance specialist raises the success rate, best placed close to "
        "the day-to-day work (Draulans et al. 2003); firms with a dedicated alliance "
        "function do better in the long run (Kale et al. 2002). Both as reviewed by Comi "
        "and Eppler 2009, who note that start-ups can rarely afford a full-time specialist.",
    ),
    Practice(
        "tool set",
        "Checklists, templates and decision guides for each step of the life cycle are "
        "kept in one place and used for every new alliance.",
        "Codified tools (process guidelines, decision protocols, evaluation frameworks) "
        "carry alliance know-how beyond the few people who hold it (Comi and Eppler 2009); "
        "in small firms that know-how often sits with a few key employees (Hoang and "
        "Rothaermel 2016).",
    ),
)

_PRACTICE_NAMES = tuple(p.name for p in CAPABILITY_PRACTICES)

#: Levels a practice is rated on, by number.
PRACTICE_LEVELS: tuple[str, ...] = ("none", "ad hoc", "repeatable", "embedded")

_LEVEL_MEANING = {
    "none": "not done",
    "ad hoc": "done once or when someone remembers",
    "repeatable": "done the same way for every alliance",
    "embedded": "part of how the venture works, kept up to date",
}

#: Stages of :func:`assess_capability`, by how many practices, in path order, are repeatable.
CAPABILITY_STAGES: tuple[str, ...] = (
    "learning by doing",
    "trained",
    "evaluating",
    "specialised",
    "systematic",
)

#: Beyond about this many alliances the success rate gradually decreases (``Draulans2003``).
EXPERIENCE_PLATEAU = 6

_REPEATABLE = 2

_ACTIONS = {
    ("training", 0): "Before the next deal, have everyone who will negotiate or run the "
    "alliance take a short course on alliance management (an incubator workshop, or this "
    "course).",
    ("training", 1): "Make training routine: everyone who negotiates or runs an alliance "
    "takes the same short course, and newcomers take it before their first deal.",
    ("evaluation", 0): "After each alliance, and at each yearly review, write down what "
    "went well, what went badly and one thing to do differently next time.",
    ("evaluation", 1): "Make the review a habit: ask the same questions and track a few "
    "metrics for every alliance, and keep the notes where the next deal team will find "
    "them.",
    ("specialist", 0): "Name one person responsible for all alliances, part-time if need "
    "be, and ask an experienced investor or mentor to coach them.",
    ("specialist", 1): "Give the alliance role a clear mandate and time: one person follows "
    "every alliance from selection to exit and passes on what was learned.",
    ("tool set", 0): "Collect your scorecards, resource maps, charter template and exit "
    "triggers in one shared place and start every new alliance from them.",
    ("tool set", 1): "Keep the tool set current: update the templates after each evaluation "
    "so every alliance starts from the latest lessons.",
}


class _Levels(FrozenMap):
    """Read-only, hashable mapping of practice name to level, in path order."""

    __slots__ = ()

    def __init__(self, items: Mapping[str, int]) -> None:
        super().__init__((name, int(items.get(name, 0))) for name in _PRACTICE_NAMES)


def _default_practices() -> Mapping[str, int]:
    return _Levels({})


@dataclass(frozen=True)
class CapabilityProfile:
    """How much alliance experience a venture has and how far each practice has got.

    Parameters
    ----------
    alliances_done : int, default 0
        Alliances the venture has taken part in (0 to 1000).
    practices : Mapping[str, int]
        Practice name (from :data:`CAPABILITY_PRACTICES`) to a level from 0 to 3, see
        :data:`PRACTICE_LEVELS`: 0 none, 1 ad hoc, 2 repeatable, 3 embedded. Practices
        left out are at 0.

    Examples
    --------
    >>> CapabilityProfile(2, {"Training": 1})
    CapabilityProfile(alliances_done=2,
                      practices={'training': 1, 'evaluation': 0, 'specialist': 0, 'tool set': 0})
    >>> CapabilityProfile(2, {"training": 4})
    Traceback (most recent call last):
    ...
    ValueError: training level must be a whole number from 0 to 3, got 4
    >>> CapabilityProfile(2, {"networking": 1})
    Traceback (most recent call last):
    ...
    ValueError: practice must be one of 'training', ..., 'tool set'; got 'networking'
    """

    alliances_done: int = 0
    practices: Mapping[str, int] = field(default_factory=_default_practices)

    def __post_init__(self) -> None:
        done = check_int_range("alliances_done", self.alliances_done, 0, 1000)
        object.__setattr__(self, "alliances_done", done)
        practices = self.practices
        if not isinstance(practices, Mapping):
            raise TypeError(
                "practices must be a mapping of practice name to a level from 0 to 3, "
                f"got {type(practices).__name__}"
            )
        clean: dict[str, int] = {}
        for key, value in practices.items():
            name = check_choice("practice", key, _PRACTICE_NAMES)
            if name in clean:
                raise ValueError(f"practices must name each practice once; {name!r} repeats")
            clean[name] = check_int_range(f"{name} level", value, 0, len(PRACTICE_LEVELS) - 1)
        object.__setattr__(self, "practices", _Levels(clean))

    def level_name(self, practice: str) -> str:
        """Return the level of one practice in words.

        Examples
        --------
        >>> CapabilityProfile(0, {"evaluation": 2}).level_name("evaluation")
        'repeatable'
        """
        name = check_choice("practice", practice, _PRACTICE_NAMES)
        return PRACTICE_LEVELS[self.practices[name]]

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as plain JSON-able data.

        Examples
        --------
        >>> CapabilityProfile(1, {"training": 2}).to_dict()
        {'alliances_done': 1,
         'practices': {'training': 2, 'evaluation': 0, 'specialist': 0, 'tool set': 0}}
        """
        return {"alliances_done": self.alliances_done, "practices": dict(self.practices)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CapabilityProfile:
        """Build a profile from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> CapabilityProfile.from_dict({"alliances_done": 3, "practices": {"tool set": 1}})
        CapabilityProfile(alliances_done=3,
            practices={'training': 0, 'evaluation': 0, 'specialist': 0, 'tool set': 1})
        >>> CapabilityProfile.from_dict({"alliances": 3})
        Traceback (most recent call last):
        ...
        ValueError: CapabilityProfile data has unknown key(s) 'alliances'; allowed: ...
        """
        if not isinstance(data, Mapping):
            raise TypeError(
                f"CapabilityProfile data must be a mapping (dict), got {type(data).__name__}"
            )
        allowed = {"alliances_done", "practices"}
        unknown = sorted(set(map(str, data)) - allowed)
        if unknown:
            raise ValueError(
                f"CapabilityProfile data has unknown key(s) {', '.join(map(repr, unknown))}; "
                "allowed: 'alliances_done', 'practices'"
            )
        return cls(data.get("alliances_done", 0), data.get("practices") or {})


@dataclass(frozen=True, eq=False)
class CapabilityAssessment:
    """The result of :func:`assess_capability`.

    Attributes
    ----------
    stage : str
        One of :data:`CAPABILITY_STAGES`.
    next_step : str
        One concrete action, in a sentence.
    reasons : tuple of str
        Why the stage and the next step are what they are.
    table : DataFrame
        One row per practice in path order: ``practice``, ``level``, ``level_name``,
        ``repeatable`` (level >= 2), ``next`` (True for the practice the next step is
        about) and ``description``.
    """

    stage: str
    next_step: str
    reasons: tuple[str, ...]
    table: pd.DataFrame = field(repr=False)


def assess_capability(profile: CapabilityProfile) -> CapabilityAssessment:
    """Say how far along the capability path a venture is and what to do next.

    Rules (a teaching model):

    - **stage**: count the practices, in path order (training, evaluation, specialist,
      tool set), that are at least *repeatable* (level 2), stopping at the first that is
      not. 0 is "learning by doing", 1 "trained", 2 "evaluating", 3 "specialised",
      4 "systematic". A later practice done well does not skip an earlier one: the path
      starts with basic techniques because they help inexperienced firms most
      (``Draulans2003`` via ``StartupAllianceReview``).
    - **next step**: the first practice on the path below *repeatable*, with an action
      that depends on whether it is not done yet (0) or done ad hoc (1). When all four
      are repeatable, the next step is to embed the first one not yet at level 3, or,
      when all are embedded, to compare alliances with each other.
    - **notes**: with more than :data:`EXPERIENCE_PLATEAU` alliances, a reason notes that
      experience alone stopped raising success after about six alliances in
      ``Draulans2003``; with no alliance yet, a reason notes that training prepares the
      first deal.

    Parameters
    ----------
    profile : CapabilityProfile

    Returns
    -------
    CapabilityAssessment

    Examples
    --------
    >>> result = assess_capability(CapabilityProfile(1))
    >>> result.stage
    'learning by doing'
    >>> print(result.next_step)
    Before the next deal, have everyone who will negotiate or run the alliance take a short
    course on alliance management (an incubator workshop, or this course).
    >>> assess_capability(CapabilityProfile(8, {"training": 2, "evaluation": 1})).stage
    'trained'
    """
    if not isinstance(profile, CapabilityProfile):
        raise TypeError(f"profile must be a CapabilityProfile, got {type(profile).__name__}")
    levels = [profile.practices[name] for name in _PRACTICE_NAMES]
    stage_index = 0
    for level in levels:
        if level < _REPEATABLE:
            break
        stage_index += 1
    stage = CAPABILITY_STAGES[stage_index]

    reasons: list[str] = []
    done = profile.alliances_done
    if stage_index == 0:
        reasons.append(
            "No practice is repeatable yet, so whatever the venture learns stays with the "
            "people who happened to be involved."
        )
    else:
        repeatable = [_PRACTICE_NAMES[i] for i in range(stage_index)]
        reasons.append(
            f"{_listing(repeatable).capitalize()} "
            f"{'is' if stage_index == 1 else 'are'} repeatable, in path order."
        )
    ahead = [
        name
        for i, name in enumerate(_PRACTICE_NAMES)
        if i > stage_index and levels[i] >= _REPEATABLE
    ]
    if ahead:
        reasons.append(
            f"{_listing(ahead).capitalize()} {'is' if len(ahead) == 1 else 'are'} further "
            f"along than {_PRACTICE_NAMES[stage_index]}; the path fills the earlier step "
            "first, because basic techniques help less experienced firms most."
        )

    if stage_index < len(_PRACTICE_NAMES):
        target = _PRACTICE_NAMES[stage_index]
        next_step = _ACTIONS[(target, levels[stage_index])]
        reasons.append(
            f"Next on the path: {target}, now at level {levels[stage_index]} "
            f"({PRACTICE_LEVELS[levels[stage_index]]})."
        )
    else:
        below = [n for n, lv in zip(_PRACTICE_NAMES, levels, strict=True) if lv < 3]
        if below:
            target = below[0]
            next_step = (
                f"Embed {target}: make it part of how the venture works and revisit it "
                "after every alliance so it does not fade when people change."
            )
        else:
            target = ""
            next_step = (
                "Compare alliances with each other, not only one at a time: with several "
                "alliances behind you, cross-comparison is where the next lessons are."
            )
        reasons.append("All four practices are repeatable: the path is complete.")

    if done == 0:
        reasons.append("No alliance yet: training gives the basic knowledge for the first deal.")
    elif done > EXPERIENCE_PLATEAU:
        reasons.append(
            f"With {done} alliances, experience alone no longer adds much: in a large study "
            "the success rate stopped improving, and slowly fell, after about six alliances "
            "(Draulans et al. 2003, as reviewed by Comi and Eppler 2009). Formal practices "
            "are what keep the learning going."
        )

    table = pd.DataFrame(
        {
            "practice": list(_PRACTICE_NAMES),
            "level": levels,
            "level_name": [PRACTICE_LEVELS[lv] for lv in levels],
            "repeatable": [lv >= _REPEATABLE for lv in levels],
            "next": [name == target for name in _PRACTICE_NAMES],
            "description": [p.description for p in CAPABILITY_PRACTICES],
        }
    )
    return CapabilityAssessment(stage, next_step, tuple(reasons), table)


# --------------------------------------------------------------------------- figures


def plot_capability_path(profile: CapabilityProfile | None = None) -> Figure:
    """Draw the four practices as a path, with the venture's level on each marked.

    Each practice is a box along a left-to-right path. With a profile, a gauge of
    three steps under each box fills up to the practice's level, and the level is
    spelled out; the practice the next step is about gets a thick outline and the
    label "next step", so nothing relies on colour.

    Examples
    --------
    >>> fig = plot_capability_path(CapabilityProfile(2, {"training": 2}))
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "1. Training" in texts, "level 2: repeatable" in texts, "▲ next step" in texts
    (True, True, True)
    """
    if profile is not None and not isinstance(profile, CapabilityProfile):
        raise TypeError(
            f"profile must be a CapabilityProfile or None, got {type(profile).__name__}"
        )
    result = assess_capability(profile) if profile is not None else None
    bottom, top = (-1.45 if result is not None else -0.75), 1.55
    # everything is drawn inside the (hidden) axes, which the layout engine spreads over
    # the figure; 7.4 inches wide, shown at 740 CSS px: every text shows at 9 pt or more
    fig, ax = new_figure(7.4, 0.12 + 1.45 * (top - bottom))
    ax.set_axis_off()
    write = writer(ax, inside=True)
    ax.set_xlim(0, 4)
    ax.set_ylim(bottom, top)
    colours = [PALETTE["sky"], PALETTE["green"], PALETTE["orange"], PALETTE["purple"]]
    boxes = []
    gauges: list[tuple[float, float, bool]] = []
    for i, practice in enumerate(CAPABILITY_PRACTICES):
        x = i + 0.5
        is_next = bool(result is not None and result.table["next"].iloc[i])
        box = FancyBboxPatch(
            (x - 0.44, -0.05),
            0.88,
            1.35,
            boxstyle="round,pad=0.02,rounding_size=0.05",
            facecolor=(*to_rgb(colours[i]), 0.3),
            edgecolor="black" if is_next else "#555555",
            linewidth=3 if is_next else 0.8,
        )
        ax.add_artist(box)
        boxes.append(box)
        title = f"{i + 1}. {practice.name[0].upper()}{practice.name[1:]}"
        write(x, 1.14, title, ha="center", va="center", fontsize=10, fontweight="bold")
        body = "\n".join(textwrap.wrap(practice.description, 23, max_lines=8, placeholder="…"))
        write(x, 0.48, body, ha="center", va="center", fontsize=9)
        if result is not None:
            level = int(result.table["level"].iloc[i])
            gauges += [
                (x - 0.22 + 0.22 * (k - 1), -0.25, k <= level)
                for k in range(1, len(PRACTICE_LEVELS))
            ]
            write(
                x,
                -0.45,
                f"level {level}: {PRACTICE_LEVELS[level]}",
                ha="center",
                va="center",
                fontsize=9.5,
            )
            if is_next:
                write(
                    x,
                    -0.65,
                    "▲ next step",
                    ha="center",
                    va="center",
                    fontsize=9,
                    fontweight="bold",
                )
    if gauges:  # every level's gauge step, filled up to the level, as one artist
        xs, ys, filled = zip(*gauges, strict=True)
        ax.scatter(
            xs,
            ys,
            s=270,
            marker="o",
            facecolors=["#333333" if f else "white" for f in filled],
            edgecolors="#333333",
            linewidths=1,
        )
    for i in range(len(boxes) - 1):
        ax.add_artist(
            FancyArrowPatch(
                (i + 0.5, 0.5),
                (i + 1.5, 0.5),
                patchA=boxes[i],
                patchB=boxes[i + 1],
                arrowstyle="-|>",
                mutation_scale=14,
                color="#333333",
                linewidth=1.3,
            )
        )
    if result is None:
        title = "The path of alliance capability"
        footer = "Levels: 0 none · 1 ad hoc · 2 repeatable · 3 embedded"
    else:
        title = (
            f"Your alliance capability: {result.stage} "
            f"({profile.alliances_done} alliance{'s' if profile.alliances_done != 1 else ''})"
        )
        footer = "● filled = level reached (0 none · 1 ad hoc · 2 repeatable · 3 embedded)"
    write(0.05, top - 0.02, title, ha="left", va="top", fontsize=11)
    write(2.0, bottom + 0.5, footer, ha="center", va="center", fontsize=9)
    write(
        2.0,
        bottom + 0.15,
        "Path after Draulans et al. (2003) as reviewed by Comi and Eppler (2009).",
        ha="center",
        va="center",
        fontsize=9,
        style="italic",
        color="#333333",
    )
    return fig
