"""The alliance life cycle: five steps, the signals to leave, exit triggers and a health check.

Hoang and Rothaermel (``HoangRothaermel2016``) organise alliance management around five
linked steps: choosing the partner, negotiating the deal, running the alliance, leaving
it, and managing the whole portfolio of alliances, each with a few critical questions.
They advise negotiating *exit triggers* up front, so that both partners know in advance
which events start the dissolution: missed performance milestones, cost overruns, or
reaching the project's goal. A practitioner overview (``AlliancesOverview``) lists seven
signals that it may be time to leave an alliance. A multi-case study of start-up and
corporate alliances (``TopMgmtMultiCase``) finds that the two sides are often mismatched
in their priorities, their expectations and the speed at which they work, and that
top-management involvement is what overcomes these mismatches. Niederkofler
(``Niederkofler1991``) counts flexibility, up to ending an alliance in good time, among
the levers managers control.

This module holds:

- :data:`LIFE_CYCLE_STEPS` (:class:`Step`), :data:`EXIT_SIGNALS` (:class:`ExitSignal`),
  :data:`MISMATCH_DIMENSIONS` and :data:`VERDICTS`;
- :class:`ExitTrigger` with :data:`COMPARISONS`, :func:`example_triggers` and
  :func:`check_triggers`, a monitor that compares observed metrics with the triggers;
- :func:`health_check`, a transparent rule set that turns signals, mismatches and fired
  triggers into a verdict with reasons and next steps (:class:`HealthCheck`);
- :func:`add_trigger` and :func:`remove_trigger` (a plan's triggers, edited) and
  :func:`review_health` (the triggers checked and the verdict given, in one call);
- :func:`plot_life_cycle`, the five steps drawn as a cycle.

The health check (:class:`HealthCheck`, :func:`health_check`, :func:`review_health`) is
in ``alliancelab.lifecycle_health``; its names are all importable from here too.

The health check is a teaching model, not a validated instrument: its thresholds are
judgements made for the course, written out in :func:`health_check` so learners can
argue with them.

Examples
--------
>>> [s.name for s in LIFE_CYCLE_STEPS]
['partner selection', 'negotiation', 'execution', 'exit', 'portfolio management']
>>> late = ExitTrigger("Milestone slips", "months late", ">", 6, "Call a review")
>>> late.fires(7), late.fires(6)
(True, False)
>>> health_check(["lack of reciprocity"], {"speed": 4}).verdict
'renegotiate'
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ._style import PALETTE, new_figure
from ._validate import (
    check_choice,
    check_int_range,
    check_name,
    check_number,
    check_text,
    coerce_items,
)
from ._validate import check_keys as _check_keys

__all__ = [
    "COMPARISONS",
    "EXIT_SIGNALS",
    "LIFE_CYCLE_STEPS",
    "MISMATCH_DIMENSIONS",
    "VERDICTS",
    "ExitSignal",
    "ExitTrigger",
    "HealthCheck",
    "Step",
    "add_trigger",
    "check_triggers",
    "example_triggers",
    "health_check",
    "plot_life_cycle",
    "remove_trigger",
    "review_health",
]


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Step:
    """One step of the alliance life cycle with its critical questions.

    Parameters
    ----------
    name : str
        The step's name, e.g. ``"partner selection"``.
    question : str
        The one question the step answers, in a sentence.
    key_questions : tuple of str
        The questions to work through at this step.
    chapter : str
        The book page (Sphinx docname) that teaches the step.

    Examples
    --------
    >>> LIFE_CYCLE_STEPS[3].name, LIFE_CYCLE_STEPS[3].chapter
    ('exit', 'book/part2/exit')
    """

    name: str
    question: str
    key_questions: tuple[str, ...]
    chapter: str


#: The five steps of ``HoangRothaermel2016``, in order; questions paraphrased for the course.
LIFE_CYCLE_STEPS: tuple[Step, ...] = (
    Step(
        "partner selection",
        "Is this the right partner for our strategy and for the alliances we already have?",
        (
            "How does the alliance serve each side's overall strategy?",
            "What strategic value would the candidate add, and how does it complement "
            "our current alliances?",
            "Will we be able to keep a fair share of the value the alliance creates?",
        ),
        "book/part2/partner-selection",
    ),
    Step(
        "negotiation",
        "Do the terms let both sides reach the value they are after, and do they prepare "
        "the hand-over and the ending?",
        (
            "Do the agreed terms help both partners realise the strategic value they seek?",
            "Does the contract balance safeguards against abuse with room to adapt?",
            "Is there a planned hand-over that passes the negotiators' knowledge and goodwill "
            "to the team that will run the alliance?",
            "Have we agreed, while forming the alliance, how it would be wound down?",
        ),
        "book/part2/negotiation",
    ),
    Step(
        "execution",
        "Is the alliance run so that problems show up early and get fixed?",
        (
            "Are communication, resources, decision rights and staffing sufficient?",
            "Is there a regular health check, and a way to adjust the collaboration as "
            "things change?",
            "How can what we learned with this partner, and with similar partners, improve "
            "how we run the alliance?",
        ),
        "book/part2/execution",
    ),
    Step(
        "exit",
        "When and how will the alliance end, and who does what when it does?",
        (
            "Which concrete events start the dissolution: missed milestones, cost overruns, "
            "or reaching the goal?",
            "What will leaving this alliance do to the rest of our portfolio?",
            "How will we explain the exit to outside stakeholders, and does each partner "
            "know its duties while the alliance winds down?",
        ),
        "book/part2/exit",
    ),
    Step(
        "portfolio management",
        "Do our alliances, taken together, give us what we need without gaps or waste?",
        (
            "Where does our set of alliances leave gaps, and where does it duplicate?",
            "How does our portfolio compare with those of our competitors?",
            "How can the portfolio build our reputation as a partner others want?",
        ),
        "book/part2/portfolio",
    ),
)


@dataclass(frozen=True)
class ExitSignal:
    """A sign that it may be time to leave an alliance.

    Examples
    --------
    >>> EXIT_SIGNALS[0]
    ExitSignal(name='strategic misalignment', description='The partners’ long-term goals ...')
    """

    name: str
    description: str


#: The seven exit signals of ``AlliancesOverview``, described in the course's words.
EXIT_SIGNALS: tuple[ExitSignal, ...] = (
    ExitSignal(
        "strategic misalignment",
        "The partners’ long-term goals are drifting apart and no realistic way back to a "
        "shared aim is in sight.",
    ),
    ExitSignal(
        "governance dysfunction",
        "The joint bodies keep clashing over decisions, or the agreed escalation route is "
        "not followed.",
    ),
    ExitSignal(
        "repeated performance failures",
        "Deliverables are missed again and again, without a credible reason or a plan to recover.",
    ),
    ExitSignal(
        "cultural incompatibility",
        "Working styles and ways of communicating clash so much that joint work suffers.",
    ),
    ExitSignal(
        "lack of reciprocity",
        "One side contributes or benefits far more than the other, and trust wears away.",
    ),
    ExitSignal(
        "reputational risk",
        "The partner's conduct in public exposes your firm to a risk you cannot accept.",
    ),
    ExitSignal(
        "organisational fatigue",
        "The alliance takes far more resources or management attention than it is worth.",
    ),
)

_SIGNAL_NAMES = tuple(s.name for s in EXIT_SIGNALS)

#: Where start-ups and corporates tend to be mismatched (``TopMgmtMultiCase``).
MISMATCH_DIMENSIONS: tuple[str, ...] = ("priorities", "expectations", "speed")

#: Verdicts of :func:`health_check`, from best to worst.
VERDICTS: tuple[str, ...] = ("healthy", "watch", "renegotiate", "prepare exit")

#: Comparisons an :class:`ExitTrigger` may use.
COMPARISONS: tuple[str, ...] = (">", ">=", "<", "<=", "==")

_EQ_TOL = 1e-9  # "==" treats values this close as equal (guards against float noise)


def _norm(field: str, value: Any, max_len: int = 200) -> str:
    """Return text stripped, inner spaces collapsed, in lowercase."""
    return check_name(field, value, max_len=max_len)


# --------------------------------------------------------------------------- exit triggers


@dataclass(frozen=True)
class ExitTrigger:
    """An event, agreed up front, that starts the exit process (or a review) when it happens.

    Parameters
    ----------
    name : str
        A short label, e.g. ``"Milestone slips"``.
    metric : str
        What is measured, e.g. ``"months late"``; normalised to lowercase with single
        spaces, and matched the same way against observations.
    comparison : str
        One of :data:`COMPARISONS`.
    threshold : float
        A finite number the observed value is compared with.
    action : str, default ""
        What the partners agreed to do when the trigger fires.

    Examples
    --------
    >>> t = ExitTrigger("Cost overrun", "Cost overrun %", ">", 25, "Renegotiate the budget")
    >>> t
    ExitTrigger(name='Cost overrun', metric='cost overrun %', comparison='>', threshold=25.0,
                action='Renegotiate the budget')
    >>> t.condition
    '> 25'
    >>> ExitTrigger("Cost overrun", "cost overrun %", "about", 25)
    Traceback (most recent call last):
    ...
    ValueError: comparison must be one of '>', '>=', '<', '<=', '=='; got 'about'
    """

    name: str
    metric: str
    comparison: str
    threshold: float
    action: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text("trigger name", self.name, max_len=200))
        object.__setattr__(self, "metric", _norm("metric", self.metric))
        comparison = self.comparison.strip() if isinstance(self.comparison, str) else None
        object.__setattr__(self, "comparison", check_choice("comparison", comparison, COMPARISONS))
        object.__setattr__(self, "threshold", check_number("threshold", self.threshold))
        object.__setattr__(
            self, "action", check_text("action", self.action, allow_empty=True, max_len=2000)
        )

    @property
    def condition(self) -> str:
        """The rule as text, e.g. ``"> 6"``."""
        return f"{self.comparison} {self.threshold:g}"

    def fires(self, value: float) -> bool:
        """Return True when ``value`` meets the trigger's condition.

        A missing value (None or NaN) never fires: no data is not evidence.
        ``"=="`` treats values within 1e-9 of the threshold as equal.

        Examples
        --------
        >>> done = ExitTrigger("Goal achieved", "goal achieved", "==", 1, "Close as planned")
        >>> done.fires(1), done.fires(0), done.fires(float("nan"))
        (True, False, False)
        """
        if value is None:
            return False
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise TypeError(
                f"observed value of {self.metric!r} must be a number, "
                f"got {type(value).__name__} {value!r}"
            )
        value = float(value)
        if math.isnan(value):
            return False
        return bool(_compare(np.array([value]), self.comparison, self.threshold)[0])

    def to_dict(self) -> dict[str, Any]:
        """Return the trigger as plain JSON-able data.

        Examples
        --------
        >>> ExitTrigger("Late", "months late", ">", 6).to_dict()
        {'name': 'Late', 'metric': 'months late', 'comparison': '>', 'threshold': 6.0, 'action': ''}
        """
        return {
            "name": self.name,
            "metric": self.metric,
            "comparison": self.comparison,
            "threshold": self.threshold,
            "action": self.action,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExitTrigger:
        """Build a trigger from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> ExitTrigger.from_dict({"name": "Late", "metric": "months late",
        ...                        "comparison": ">=", "threshold": 3}).condition
        '>= 3'
        >>> ExitTrigger.from_dict({"name": "Late", "metric": "months late"})
        Traceback (most recent call last):
        ...
        ValueError: ExitTrigger data needs the key(s) 'comparison', 'threshold'
        """
        _check_keys("ExitTrigger", data, {"name", "metric", "comparison", "threshold"}, {"action"})
        return cls(
            data["name"],
            data["metric"],
            data["comparison"],
            data["threshold"],
            data.get("action", ""),
        )


def _compare(values: np.ndarray, comparison: str, threshold: float) -> np.ndarray:
    """Vectorised comparison; NaN never satisfies any condition."""
    with np.errstate(invalid="ignore"):
        if comparison == ">":
            return values > threshold
        if comparison == ">=":
            return values >= threshold
        if comparison == "<":
            return values < threshold
        if comparison == "<=":
            return values <= threshold
        return np.abs(values - threshold) <= _EQ_TOL


def example_triggers() -> tuple[ExitTrigger, ...]:
    """Return the exit triggers of the course's worked example, a fictional licence.

    The venture is the course's fictional biotech start-up Corvanth Therapeutics and its
    fictional partner Aldermoor Pharma; the triggers are those of the example plan
    (:func:`alliancelab.workbook.example_workbook`), the one place the worked example is
    kept. The kinds of trigger (missed milestones, cost overruns, goal achieved) are the
    examples of ``HoangRothaermel2016``; the thresholds are illustrative choices, not
    figures from any source.

    Examples
    --------
    >>> [(t.metric, t.condition) for t in example_triggers()][:2]
    [('months late', '> 6'), ('cost overrun %', '> 25')]
    """
    from .workbook import example_workbook  # the workbook module imports this one

    return example_workbook().exit_triggers


def _coerce_triggers(triggers: Any) -> list[ExitTrigger]:
    return coerce_items("triggers", triggers, ExitTrigger)


def _coerce_observations(observations: Any) -> dict[str, float]:
    if not isinstance(observations, Mapping):
        raise TypeError(
            "observations must be a mapping of metric name to observed number, "
            f"got {type(observations).__name__}"
        )
    out: dict[str, float] = {}
    for key, value in observations.items():
        metric = _norm("metric in observations", key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out[metric] = math.nan
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            raise TypeError(
                f"observations[{metric!r}] must be a number, got {type(value).__name__} {value!r}"
            )
        if math.isinf(float(value)):
            raise ValueError(f"observations[{metric!r}] must be a finite number, got {value!r}")
        out[metric] = float(value)
    return out


#: Columns of :func:`check_triggers`.
_CHECK_COLUMNS = ("trigger", "metric", "observed", "condition", "fired", "status", "action")


def check_triggers(
    triggers: Iterable[ExitTrigger], observations: Mapping[str, float]
) -> pd.DataFrame:
    """Compare observed metrics with exit triggers and say which fired.

    Parameters
    ----------
    triggers : iterable of ExitTrigger
        The agreed triggers (dicts in :meth:`ExitTrigger.to_dict` form also work).
    observations : Mapping[str, float]
        Metric name (matched ignoring case and extra spaces) to the latest observed
        value. A metric left out, or given as None/NaN, counts as "no data".

    Returns
    -------
    DataFrame
        One row per trigger, in the given order, with columns ``trigger``, ``metric``,
        ``observed`` (NaN when there is no data), ``condition`` (e.g. ``"> 6"``),
        ``fired`` (bool), ``status`` (``"fired"``, ``"clear"`` or ``"no data"``) and
        ``action``.

    Examples
    --------
    >>> table = check_triggers(example_triggers(), {"months late": 8, "cost overrun %": 10})
    >>> table[["trigger", "observed", "fired", "status"]]
                   trigger  observed  fired   status
    0      Milestone slips       8.0   True    fired
    1         Cost overrun      10.0  False    clear
    2  Funding falls short       NaN  False  no data
    3        Goal achieved       NaN  False  no data
    """
    items = _coerce_triggers(triggers)
    observed = _coerce_observations(observations)
    values = np.array([observed.get(t.metric, math.nan) for t in items], dtype=float)
    fired = np.zeros(len(items), dtype=bool)
    for comparison in COMPARISONS:
        rows = np.array([t.comparison == comparison for t in items], dtype=bool)
        if rows.any():
            thresholds = np.array([t.threshold for t in items])[rows]
            fired[rows] = _compare(values[rows], comparison, thresholds)
    status = np.where(np.isnan(values), "no data", np.where(fired, "fired", "clear"))
    frame = pd.DataFrame(
        {
            "trigger": [t.name for t in items],
            "metric": [t.metric for t in items],
            "observed": values,
            "condition": [t.condition for t in items],
            "fired": fired,
            "status": status.astype(object),
            "action": [t.action for t in items],
        },
        columns=list(_CHECK_COLUMNS),
    )
    return frame.astype({"fired": bool, "observed": float})


# --------------------------------------------------------------------------- a plan's triggers
# The edits a learner makes to a plan's exit triggers, and the review of the plan's health:
# the exercise and the plan document both give their verdict through review_health.


def add_trigger(
    triggers: Iterable[ExitTrigger], trigger: ExitTrigger | None = None
) -> tuple[ExitTrigger, ...]:
    """Return the triggers with ``trigger`` added last (by default a placeholder to fill in).

    Examples
    --------
    >>> [t.name for t in add_trigger(example_triggers())][-2:]
    ['Goal achieved', 'new trigger']
    """
    if trigger is None:
        trigger = ExitTrigger("new trigger", "metric to watch", ">", 0.0, "what happens then")
    return tuple(_coerce_triggers([*triggers, trigger]))


def remove_trigger(triggers: Iterable[ExitTrigger], index: int) -> tuple[ExitTrigger, ...]:
    """Return the triggers without the one at ``index`` (0 is the first).

    Examples
    --------
    >>> [t.name for t in remove_trigger(example_triggers(), 0)]
    ['Cost overrun', 'Funding falls short', 'Goal achieved']
    >>> remove_trigger(example_triggers(), 4)
    Traceback (most recent call last):
    ...
    ValueError: there is no exit trigger number 5; there are 4
    """
    items = _coerce_triggers(triggers)
    at = check_int_range("trigger index", index, 0, 10_000)
    if at >= len(items):
        raise ValueError(f"there is no exit trigger number {at + 1}; there are {len(items)}")
    return tuple(t for i, t in enumerate(items) if i != at)


# --------------------------------------------------------------------------- figure


def plot_life_cycle(highlight: str | None = None) -> Figure:
    """Draw the five steps of the alliance life cycle as a cycle of boxes.

    Each box gives the step's number, name and guiding question. Arrows run from one
    step to the next; the arrow from portfolio management back to partner selection
    shows that reviewing the portfolio shapes the choice of the next partner
    (``HoangRothaermel2016``).

    Parameters
    ----------
    highlight : str, optional
        A step name to mark: the box gets a thick outline and a "you are here" label,
        so the mark does not rely on colour.

    Examples
    --------
    >>> fig = plot_life_cycle(highlight="exit")
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> any(t.startswith("4. Exit") for t in texts), "▲ you are here" in texts
    (True, True)
    """
    names = [s.name for s in LIFE_CYCLE_STEPS]
    current = None if highlight is None else check_choice("highlight", highlight, names)
    fig, ax = new_figure(7.4, 6.8)
    ax.set_axis_off()
    ax.set_xlim(-1.85, 1.85)
    ax.set_ylim(-1.5, 1.42)
    ax.set_aspect("equal")
    n = len(LIFE_CYCLE_STEPS)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    rx, ry = 1.22, 0.98  # boxes sit on an ellipse, wider than tall, so they never touch

    def point(a: float) -> tuple[float, float]:
        return (rx * math.cos(a), ry * math.sin(a))

    centres = [point(a) for a in angles]
    width, height = 1.0, 0.52
    colours = [PALETTE["sky"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"], "#BBBBBB"]
    boxes = []

    for i, (step, (x, y)) in enumerate(zip(LIFE_CYCLE_STEPS, centres, strict=True)):
        chosen = step.name == current
        box = FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.02,rounding_size=0.06",
            facecolor=(*to_rgb(colours[i]), 0.35),
            edgecolor="black" if chosen else "#555555",
            linewidth=3.2 if chosen else 0.8,
            zorder=2,
        )
        ax.add_patch(box)
        boxes.append(box)
        title = f"{i + 1}. {step.name[0].upper()}{step.name[1:]}"
        ax.text(
            x, y + 0.15, title, ha="center", va="center", fontsize=10, fontweight="bold", zorder=3
        )
        question = "\n".join(textwrap.wrap(step.question, 28, max_lines=4, placeholder="…"))
        ax.text(x, y - 0.06, question, ha="center", va="center", fontsize=9, zorder=3)
        if chosen:
            ax.text(
                x,
                y - height / 2 - 0.07,
                "▲ you are here",
                ha="center",
                va="top",
                fontsize=9,
                fontweight="bold",
                zorder=3,
            )

    for i in range(n):
        j = (i + 1) % n
        ax.add_patch(
            FancyArrowPatch(
                centres[i],
                centres[j],
                patchA=boxes[i],
                patchB=boxes[j],
                shrinkA=4,
                shrinkB=4,
                connectionstyle="arc3,rad=-0.22",
                arrowstyle="-|>",
                mutation_scale=16,
                linewidth=1.4,
                color="#333333",
                zorder=1,
            )
        )
    ax.text(
        0,
        0.05,
        "The alliance\nlife cycle",
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
    )
    ax.text(
        0,
        -0.22,
        "each step prepares the next;\nthe portfolio review feeds\nthe next partner choice",
        ha="center",
        va="center",
        fontsize=9,
        style="italic",
    )
    ax.text(
        0,
        -1.47,
        "After Hoang and Rothaermel (2016), “How to manage alliances strategically”.",
        ha="center",
        va="bottom",
        fontsize=9,
        color="#333333",
    )
    return fig


# The health check (its verdicts, reasons and next steps) is in lifecycle_health.py, which
# imports the vocabulary and the triggers above; it is imported here, at the end, so that
# its own imports find this module complete. Every name stays importable from here.
from .lifecycle_health import (  # noqa: E402
    HealthCheck,
    _coerce_mismatches,  # noqa: F401  (alliancelab.workbook reads the record with these)
    _coerce_signals,  # noqa: F401
    health_check,
    review_health,
)
