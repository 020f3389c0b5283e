"""The health check of an alliance (:mod:`alliancelab.lifecycle`): a verdict, reasons and steps.

:func:`~alliancelab.lifecycle.health_check` is a transparent rule set that turns the exit
signals present (:data:`~alliancelab.lifecycle.EXIT_SIGNALS`), the ratings of the
start-up-corporate mismatches (:data:`~alliancelab.lifecycle.MISMATCH_DIMENSIONS`) and
the number of fired exit triggers into one of :data:`~alliancelab.lifecycle.VERDICTS`,
with the reasons for it and next steps (:class:`~alliancelab.lifecycle.HealthCheck`);
:func:`~alliancelab.lifecycle.review_health` checks a plan's triggers first and gives the
verdict in one call.

The vocabulary, the exit triggers and their monitor are in :mod:`alliancelab.lifecycle`.
Every name here is also importable from :mod:`alliancelab.lifecycle`, and documented there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._text import listing as _listing
from ._validate import check_choice, check_int_range
from .lifecycle import (
    _SIGNAL_NAMES,
    EXIT_SIGNALS,
    MISMATCH_DIMENSIONS,
    VERDICTS,
    ExitTrigger,
    check_triggers,
)

__all__ = ["HealthCheck", "health_check", "review_health"]

# --------------------------------------------------------------------------- health check


@dataclass(frozen=True)
class HealthCheck:
    """The result of :func:`health_check`.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    reasons : tuple of str
        The facts that led to the verdict, one sentence each.
    next_steps : tuple of str
        What to do next, most pressing first.
    signals : tuple of str
        The exit signals reported as present, in :data:`EXIT_SIGNALS` order.
    mismatches : dict
        The mismatch ratings that were given (1 aligned to 5 severe).
    fired_triggers : int
        How many exit triggers fired.

    Examples
    --------
    >>> hc = health_check([])
    >>> hc.verdict, hc.signals
    ('healthy', ())
    """

    verdict: str
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    signals: tuple[str, ...] = ()
    mismatches: Mapping[str, int] | None = None
    fired_triggers: int = 0

    def __post_init__(self) -> None:
        check_choice("verdict", self.verdict, VERDICTS)
        object.__setattr__(self, "reasons", tuple(self.reasons))
        object.__setattr__(self, "next_steps", tuple(self.next_steps))
        object.__setattr__(self, "signals", tuple(self.signals))
        object.__setattr__(self, "mismatches", dict(self.mismatches or {}))

    def __hash__(self) -> int:
        return hash((self.verdict, self.reasons, self.next_steps, self.signals))

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-able data.

        Examples
        --------
        >>> health_check([]).to_dict()["verdict"]
        'healthy'
        """
        return {
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "next_steps": list(self.next_steps),
            "signals": list(self.signals),
            "mismatches": dict(self.mismatches),
            "fired_triggers": self.fired_triggers,
        }


_SIGNAL_STEPS = {
    "strategic misalignment": "Ask both sides' leaders to restate what each now wants from "
    "the alliance; if the aims cannot be brought back together, plan the exit.",
    "governance dysfunction": "Go back to the charter's decision rules and escalation path, "
    "and agree who decides what and by when.",
    "repeated performance failures": "Ask for a written recovery plan with dates for each "
    "missed deliverable, and check it at the next review.",
    "cultural incompatibility": "Set up regular joint working sessions and name one "
    "boundary-spanner on each side who translates between the two ways of working.",
    "lack of reciprocity": "List what each side has put in and taken out so far, and "
    "rebalance contributions or benefits in the terms.",
    "reputational risk": "Assess how exposed your firm is through the partner's conduct "
    "and decide how you would explain a departure to customers and investors.",
    "organisational fatigue": "Count the hours and money the alliance takes each month and "
    "compare them with what it returns; cut scope if the balance is poor.",
}

_MISMATCH_STEPS = {
    "priorities": "Bring senior managers from both sides together to agree which goals of "
    "the alliance come first; involvement of top management was what overcame such "
    "mismatches in the multi-case study.",
    "expectations": "Write down what each side expects to deliver and to receive, and by "
    "when; compare the two lists at the next steering meeting.",
    "speed": "Agree decision deadlines and a fast escalation route, so the start-up's pace "
    "and the corporation's approval cycle can meet.",
}

_VERDICT_STEPS = {
    "healthy": "Keep the regular health check (for example a quarterly review of the "
    "charter) and note what is working so the next alliance can reuse it.",
    "watch": "Raise the issue at the next review and check again within a quarter; record "
    "it so a trend can be seen.",
    "renegotiate": "Involve top management on both sides and reopen the terms that cause "
    "the trouble (scope, contributions, decision rights) before problems escalate.",
    "prepare exit": "Start the exit process agreed in the contract: who does what during "
    "the wind-down, how gains and losses are shared, and how the ending is explained to "
    "investors and other partners.",
}


def _coerce_signals(signals: Any) -> tuple[str, ...]:
    if isinstance(signals, str | bytes):
        raise TypeError(
            "signals must be a list of signal names or a mapping of name to True/False, "
            f"not a single text {signals!r}"
        )
    if isinstance(signals, Mapping):
        present = []
        for key, value in signals.items():
            name = check_choice("signal", key, _SIGNAL_NAMES)
            if not isinstance(value, bool | np.bool_):
                raise TypeError(f"signals[{name!r}] must be True or False, got {value!r}")
            if value:
                present.append(name)
    elif isinstance(signals, Iterable):
        present = [check_choice("signal", s, _SIGNAL_NAMES) for s in signals]
    else:
        raise TypeError(
            "signals must be a list of signal names or a mapping of name to True/False, "
            f"got {type(signals).__name__}"
        )
    return tuple(s for s in _SIGNAL_NAMES if s in set(present))


def _coerce_mismatches(mismatches: Any) -> dict[str, int]:
    if mismatches is None:
        return {}
    if not isinstance(mismatches, Mapping):
        raise TypeError(
            "mismatches must be a mapping of dimension (priorities, expectations, speed) to "
            f"a rating from 1 to 5, got {type(mismatches).__name__}"
        )
    out: dict[str, int] = {}
    for key, value in mismatches.items():
        dim = check_choice("mismatch dimension", key, MISMATCH_DIMENSIONS)
        if value is None:
            continue
        out[dim] = check_int_range(f"{dim} mismatch", value, 1, 5)
    return {d: out[d] for d in MISMATCH_DIMENSIONS if d in out}


def health_check(
    signals: Iterable[str] | Mapping[str, bool],
    mismatches: Mapping[str, int] | None = None,
    fired_triggers: int = 0,
) -> HealthCheck:
    """Turn what a review found into a verdict, the reasons for it and next steps.

    Parameters
    ----------
    signals : iterable of str, or Mapping[str, bool]
        The exit signals present (names from :data:`EXIT_SIGNALS`), or a mapping of
        signal name to True (present) / False (absent).
    mismatches : Mapping[str, int], optional
        For each of :data:`MISMATCH_DIMENSIONS`, how far apart the partners are, rated
        1 (well aligned) to 5 (severely mismatched). Unrated dimensions are left out.
    fired_triggers : int, default 0
        How many of the agreed exit triggers fired (see :func:`check_triggers`).

    Returns
    -------
    HealthCheck

    Notes
    -----
    The rules, checked from the most serious verdict down (teaching judgements):

    ============== ==================================================================
    verdict        when
    ============== ==================================================================
    prepare exit   at least one exit trigger fired, or 3 or more of the 7 signals
    renegotiate    2 signals; or any mismatch rated 4-5; or 1 signal together with a
                   mismatch rated 3
    watch          1 signal; or any mismatch rated 3
    healthy        no signal, no fired trigger, every rated mismatch at 1-2
    ============== ==================================================================

    A fired trigger means prepare the exit even when the trigger is "goal achieved":
    the partners agreed beforehand that this event starts the wind-down
    (``HoangRothaermel2016``). More signals, higher ratings or more fired triggers never
    give a milder verdict.

    Examples
    --------
    >>> hc = health_check({"lack of reciprocity": True, "reputational risk": False},
    ...                   {"priorities": 2, "speed": 3})
    >>> hc.verdict
    'renegotiate'
    >>> hc.reasons[0]
    '1 of the 7 exit signals is present: lack of reciprocity.'
    >>> health_check([], fired_triggers=1).verdict
    'prepare exit'
    >>> health_check(["boredom"])
    Traceback (most recent call last):
    ...
    ValueError: signal must be one of 'strategic misalignment', ...; got 'boredom'
    """
    present = _coerce_signals(signals)
    rated = _coerce_mismatches(mismatches)
    fired = check_int_range("fired_triggers", fired_triggers, 0, 10_000)
    n = len(present)
    worst = max(rated.values(), default=0)

    if fired >= 1 or n >= 3:
        verdict = "prepare exit"
    elif n == 2 or worst >= 4 or (n == 1 and worst == 3):
        verdict = "renegotiate"
    elif n == 1 or worst == 3:
        verdict = "watch"
    else:
        verdict = "healthy"

    reasons: list[str] = []
    if fired:
        word = "trigger" if fired == 1 else "triggers"
        reasons.append(
            f"{fired} exit {word} fired: the partners agreed in advance that this starts "
            "the exit process."
        )
    if n:
        verb = "is" if n == 1 else "are"
        reasons.append(
            f"{n} of the {len(EXIT_SIGNALS)} exit signals {verb} present: {_listing(present)}."
        )
    for dim, rating in rated.items():
        if rating >= 3:
            level = "severe" if rating >= 4 else "noticeable"
            reasons.append(f"The mismatch in {dim} is {level} (rated {rating} of 5).")
    if verdict == "healthy":
        reasons.append(
            "No exit signal is present, no trigger fired, and every rated mismatch is small "
            "(1 or 2 of 5)."
        )
    unrated = [d for d in MISMATCH_DIMENSIONS if d not in rated]
    if unrated:
        reasons.append(f"Not rated: {_listing(unrated)}; rate them to complete the check.")

    steps = [_VERDICT_STEPS[verdict]]
    steps += [_MISMATCH_STEPS[d] for d, r in rated.items() if r >= 3]
    steps += [_SIGNAL_STEPS[s] for s in present]
    return HealthCheck(verdict, tuple(reasons), tuple(steps), present, rated, fired)


def review_health(
    triggers: Iterable[ExitTrigger],
    observations: Mapping[str, float],
    signals: Iterable[str] | Mapping[str, bool] = (),
    mismatches: Mapping[str, int] | None = None,
) -> tuple[HealthCheck, pd.DataFrame]:
    """Check the observations against the triggers, and give the verdict of the review.

    :func:`check_triggers` then :func:`health_check`, counting the fired triggers: what
    a health check of a plan (exercise 5, and the plan document) reports.

    Parameters
    ----------
    triggers : iterable of ExitTrigger
        The plan's exit triggers (none is fine).
    observations : Mapping[str, float]
        Metric name to the value observed (see :func:`check_triggers`).
    signals, mismatches
        As for :func:`health_check`.

    Returns
    -------
    tuple
        The :class:`HealthCheck`, and the :func:`check_triggers` table (no rows when
        there are no triggers).

    Examples
    --------
    >>> from alliancelab.lifecycle import example_triggers
    >>> check, table = review_health(example_triggers(), {"months late": 8})
    >>> check.verdict, check.fired_triggers, list(table["status"])
    ('prepare exit', 1, ['fired', 'no data', 'no data', 'no data'])
    >>> review_health((), {}, {"lack of reciprocity": True})[0].verdict
    'watch'
    """
    table = check_triggers(triggers, observations)
    fired = int(table["fired"].sum())
    return health_check(signals, mismatches, fired_triggers=fired), table
