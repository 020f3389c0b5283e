"""The pilot charter: what a paid pilot or proof of concept must settle before it starts.

Many collaborations between a start-up and a large firm begin with a pilot. In the
venture-client model, for example, the corporate becomes an early client, the two run
a pilot to build a proof of concept and test it under real conditions, and only a
successful pilot leads to a long-term collaboration (``HaarmannVentureClient``). What the pilot
must settle up front is the course's own practical advice, written as a check:

- the **question** the pilot answers, and the **success criteria** that, when met,
  trigger a named **next step** (a contract, a purchase order);
- the **kill criteria** and the **decision date** by which the go or stop is decided;
- who on the corporate side **decides**, and who **owns the budget**;
- what the start-up may **reuse** afterwards (what it learned, built or measured);
- how many days **payment** may take: large clients can impose long payment terms on
  small suppliers, and a small firm feels every late invoice (``EC2023LatePayment``).

:func:`check_pilot` lists the gaps and warnings (:class:`~alliancelab._findings.Finding`),
:func:`pilot_verdict` sums them up, and :func:`plot_pilot_timeline` draws the pilot and
the wait for cash.

Examples
--------
>>> draft = PilotCharter(question="Does the assay meet our specification?")
>>> pilot_verdict(draft)
'not ready'
>>> [f.field for f in check_pilot(draft)][:3]
['success_criteria', 'next_step', 'kill_criteria']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from ._findings import Finding
from ._style import PALETTE, new_figure
from ._validate import check_int_range, check_keys, check_text

__all__ = [
    "PAYMENT_DAYS_WARN",
    "PILOT_CHECKLIST",
    "PILOT_FIELDS",
    "PILOT_LABELS",
    "PILOT_VERDICTS",
    "PilotCharter",
    "add_kill_criterion",
    "add_success_criterion",
    "check_pilot",
    "pilot_verdict",
    "plot_pilot_timeline",
]

#: Payment terms longer than this many days get a warning (the course's rule of thumb).
PAYMENT_DAYS_WARN = 60
#: A pilot longer than this many days gets a warning (the course's rule of thumb).
_LONG_PILOT_DAYS = 365
_MAX_TEXT = 2000
_MAX_CRITERIA = 20

#: The verdicts of :func:`pilot_verdict`, best first.
PILOT_VERDICTS: tuple[str, ...] = ("ready", "discuss warnings", "not ready")

#: The charter's fields in the order they are asked and shown.
PILOT_FIELDS: tuple[str, ...] = (
    "question",
    "success_criteria",
    "next_step",
    "kill_criteria",
    "start_date",
    "decision_date",
    "decision_maker",
    "budget_owner",
    "reuse_rights",
    "payment_days",
    "fee",
)


#: How each field is headed, and the question it answers (the exercise, the worksheet and the
#: plan document all use these).
PILOT_LABELS: Mapping[str, tuple[str, str]] = {
    "question": ("Question", "What one question does the pilot answer?"),
    "success_criteria": ("Success criteria", "What measurable results count as success?"),
    "next_step": ("Next step", "What does success trigger: a contract, a purchase order?"),
    "kill_criteria": ("Kill criteria", "What results stop the pilot?"),
    "start_date": ("Start", "When does the pilot start?"),
    "decision_date": ("Decision date", "By when is go or stop decided?"),
    "decision_maker": ("Decision maker", "Who on the corporate side decides on the next step?"),
    "budget_owner": ("Budget owner", "Who holds the budget that pays for the next step?"),
    "reuse_rights": ("Reuse afterwards", "What may the start-up reuse: code, data, results?"),
    "payment_days": ("Payment terms (days)", "How many days may the corporate take to pay?"),
    "fee": ("Fee", "What does the corporate pay for the pilot?"),
}


#: What :func:`check_pilot` looks for, as a checklist (the worksheet prints it).
PILOT_CHECKLIST: tuple[str, ...] = (
    "The question, the success criteria and the next step they trigger are written down.",
    "Every success criterion holds a number (how much, by when, how many).",
    "Kill criteria and a decision date are set.",
    "The decision maker and the budget owner on the corporate side are named.",
    "What the start-up may reuse afterwards is written down.",
    f"Payment terms are agreed, at most {PAYMENT_DAYS_WARN} days, or your cash lasts longer.",
    "The pilot runs a year or less, or is split with a decision at the end of each part.",
    "The fee is written down (or what the corporate puts in instead).",
)


def _date(field: str, value: Any) -> str:
    text = check_text(field, value, allow_empty=True, max_len=100)
    if text:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{field} must be a date written YYYY-MM-DD, got {text!r}") from None
    return text


def _criteria(field: str, items: Any) -> tuple[str, ...]:
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise TypeError(f"{field} must be a list of texts, got {type(items).__name__}")
    out = tuple(check_text(f"each of {field}", item, max_len=500) for item in items)
    if len(out) > _MAX_CRITERIA:
        raise ValueError(f"{field} must hold at most {_MAX_CRITERIA} items, got {len(out)}")
    return out


@dataclass(frozen=True)
class PilotCharter:
    """What the partners agree before a pilot starts (every field may be left empty in a draft).

    Parameters
    ----------
    question : str
        The one question the pilot answers.
    success_criteria : tuple of str
        Measurable results that, when met by the decision date, trigger ``next_step``.
    next_step : str
        What success triggers, e.g. "a purchase order for the first site".
    kill_criteria : tuple of str
        Results that stop the pilot.
    start_date, decision_date : str
        ISO dates (``YYYY-MM-DD``); the decision date, when go or stop is decided, must
        not be before the start.
    decision_maker, budget_owner : str
        Who on the corporate side decides, and who holds the budget for the next step.
    reuse_rights : str
        What the start-up may reuse afterwards (code, data, results, the reference).
    payment_days : int or None
        Days the corporate may take to pay an invoice (0 to 365); None when not agreed.
    fee : str
        What the corporate pays for the pilot, in words.

    Examples
    --------
    >>> PilotCharter(success_criteria=["Yield above 60%"]).success_criteria
    ('Yield above 60%',)
    >>> PilotCharter(start_date="2027-03-01", decision_date="2027-01-31")
    Traceback (most recent call last):
    ...
    ValueError: decision_date must not be before start_date ('2027-01-31' < '2027-03-01')
    >>> PilotCharter(payment_days=400)
    Traceback (most recent call last):
    ...
    ValueError: payment_days must be a whole number from 0 to 365, got 400
    """

    question: str = ""
    success_criteria: tuple[str, ...] = ()
    next_step: str = ""
    kill_criteria: tuple[str, ...] = ()
    start_date: str = ""
    decision_date: str = ""
    decision_maker: str = ""
    budget_owner: str = ""
    reuse_rights: str = ""
    payment_days: int | None = None
    fee: str = ""

    def __post_init__(self) -> None:
        for name in ("question", "next_step", "decision_maker", "budget_owner", "reuse_rights"):
            text = check_text(name, getattr(self, name), allow_empty=True, max_len=_MAX_TEXT)
            object.__setattr__(self, name, text)
        object.__setattr__(self, "fee", check_text("fee", self.fee, allow_empty=True, max_len=500))
        for name in ("success_criteria", "kill_criteria"):
            object.__setattr__(self, name, _criteria(name, getattr(self, name)))
        start = _date("start_date", self.start_date)
        decision = _date("decision_date", self.decision_date)
        if start and decision and decision < start:
            raise ValueError(
                f"decision_date must not be before start_date ({decision!r} < {start!r})"
            )
        object.__setattr__(self, "start_date", start)
        object.__setattr__(self, "decision_date", decision)
        if self.payment_days is not None:
            days = check_int_range("payment_days", self.payment_days, 0, 365)
            object.__setattr__(self, "payment_days", days)

    @property
    def duration_days(self) -> int | None:
        """Days from start to decision, or None while either date is missing."""
        if not (self.start_date and self.decision_date):
            return None
        start = dt.date.fromisoformat(self.start_date)
        return (dt.date.fromisoformat(self.decision_date) - start).days

    def to_dict(self) -> dict[str, Any]:
        """Return the charter as plain JSON-able data.

        Examples
        --------
        >>> PilotCharter(question="Q?", payment_days=30).to_dict()["payment_days"]
        30
        """
        data = dataclasses.asdict(self)
        for name in ("success_criteria", "kill_criteria"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PilotCharter:
        """Build a charter from :meth:`to_dict` output, validating every field.

        Examples
        --------
        >>> PilotCharter.from_dict({"question": "Q?", "kill_criteria": ["No data"]}).kill_criteria
        ('No data',)
        >>> PilotCharter.from_dict({"budget": 5})
        Traceback (most recent call last):
        ...
        ValueError: PilotCharter data has unknown key(s) 'budget'; allowed: ...
        """
        check_keys("PilotCharter", data, set(), set(PILOT_FIELDS))
        kwargs = dict(data)
        for name in ("success_criteria", "kill_criteria"):
            if name in kwargs:
                kwargs[name] = _criteria(name, kwargs[name] or ())
        return cls(**kwargs)


# --------------------------------------------------------------------------- editing


def _check_charter(charter: Any) -> PilotCharter:
    if not isinstance(charter, PilotCharter):
        raise TypeError(f"charter must be a PilotCharter, got {type(charter).__name__}")
    return charter


def add_success_criterion(charter: PilotCharter, criterion: str) -> PilotCharter:
    """Return the charter with one more success criterion (a repeat is refused).

    Examples
    --------
    >>> c = add_success_criterion(PilotCharter(), "Yield above 60%")
    >>> add_success_criterion(c, "Cost per run under 2,000 euros").success_criteria
    ('Yield above 60%', 'Cost per run under 2,000 euros')
    >>> add_success_criterion(c, "yield above 60%")
    Traceback (most recent call last):
    ...
    ValueError: success criterion 'yield above 60%' is already in the charter
    """
    return _add(charter, "success_criteria", "success criterion", criterion)


def add_kill_criterion(charter: PilotCharter, criterion: str) -> PilotCharter:
    """Return the charter with one more kill criterion (a repeat is refused).

    Examples
    --------
    >>> add_kill_criterion(PilotCharter(), "No usable data by week 8").kill_criteria
    ('No usable data by week 8',)
    """
    return _add(charter, "kill_criteria", "kill criterion", criterion)


def _add(charter: PilotCharter, attr: str, what: str, text: str) -> PilotCharter:
    charter = _check_charter(charter)
    text = check_text(what, text, max_len=500)
    existing = getattr(charter, attr)
    if text.lower() in {c.lower() for c in existing}:
        raise ValueError(f"{what} {text!r} is already in the charter")
    return dataclasses.replace(charter, **{attr: (*existing, text)})


# --------------------------------------------------------------------------- checks

_MISSING = {
    "question": "Write the one question the pilot answers; without it, nobody can say "
    "whether it succeeded.",
    "success_criteria": "Add at least one success criterion that both sides can check on "
    "the decision date.",
    "next_step": "Name the next step that success triggers (a contract, a purchase order); "
    "otherwise a successful pilot can simply be followed by another pilot.",
    "kill_criteria": "Add at least one kill criterion: what result ends the pilot.",
    "decision_date": "Set the decision date by which go or stop is decided.",
    "decision_maker": "Name the person on the corporate side who decides on the next step.",
    "budget_owner": "Name who holds the budget that pays for the next step.",
    "reuse_rights": "Write down what the start-up may reuse afterwards (code, data, results, "
    "the right to name the partner as a reference).",
    "payment_days": "Agree how many days the corporate may take to pay each invoice.",
}

_NUMBER = re.compile(r"\d")


def check_pilot(charter: PilotCharter) -> tuple[Finding, ...]:
    """Check a pilot charter for gaps and warnings, in the order of :data:`PILOT_FIELDS`.

    Rules (the course's practical advice, not from a source):

    - **gap**: any of the question, success criteria, next step, kill criteria, decision
      date, decision maker, budget owner, reuse rights or payment days is missing;
    - **warning**: a success criterion holds no number (can both sides tell whether it
      was met?); the pilot runs longer than a year; payment may take more than
      :data:`PAYMENT_DAYS_WARN` days; no fee is written down (an unpaid pilot costs the
      start-up cash and tells it little about the corporate's commitment).

    Examples
    --------
    >>> c = PilotCharter("Q?", ["Users like it"], "Purchase order", ["No users"],
    ...                  "2027-01-01", "2027-04-01", "Head of plant", "Head of plant",
    ...                  "Code and anonymised results", 90, "40,000 euros")
    >>> [(f.field, f.severity) for f in check_pilot(c)]
    [('success_criteria', 'warning'), ('payment_days', 'warning')]
    >>> print(check_pilot(c)[1].message)
    Payment may take 90 days, more than 60: check that your cash lasts until the money
    arrives, or negotiate shorter terms or a payment at the start.
    """
    charter = _check_charter(charter)
    found: list[Finding] = []
    for name in PILOT_FIELDS:
        value = getattr(charter, name)
        if name in _MISSING and (value is None or value == "" or value == ()):
            found.append(Finding(name, "gap", _MISSING[name]))
            continue
        if name == "success_criteria":
            vague = [c for c in value if not _NUMBER.search(c)]
            if vague:
                shown = "; ".join(repr(c) for c in vague[:3])
                found.append(
                    Finding(
                        name,
                        "warning",
                        f"No number in {shown}: say how much, by when or how many, so "
                        "both sides can tell whether it was met.",
                    )
                )
        elif name == "decision_date" and (charter.duration_days or 0) > _LONG_PILOT_DAYS:
            found.append(
                Finding(
                    name,
                    "warning",
                    f"The pilot runs {charter.duration_days} days, more than a year: "
                    "split it, with a decision at the end of each part.",
                )
            )
        elif name == "payment_days" and value > PAYMENT_DAYS_WARN:
            found.append(
                Finding(
                    name,
                    "warning",
                    f"Payment may take {value} days, more than {PAYMENT_DAYS_WARN}: check "
                    "that your cash lasts until the money arrives, or negotiate shorter "
                    "terms or a payment at the start.",
                )
            )
        elif name == "fee" and not value:
            found.append(
                Finding(
                    name,
                    "warning",
                    "No fee is written down: an unpaid pilot costs you cash and says little "
                    "about how committed the corporate is; if it is unpaid, write down what "
                    "the corporate puts in instead.",
                )
            )
    return tuple(found)


def pilot_verdict(charter: PilotCharter) -> str:
    """Sum up :func:`check_pilot` in one of :data:`PILOT_VERDICTS`.

    ``"not ready"`` with any gap, ``"discuss warnings"`` with warnings only, else
    ``"ready"``.

    Examples
    --------
    >>> pilot_verdict(PilotCharter())
    'not ready'
    """
    severities = {f.severity for f in check_pilot(charter)}
    if "gap" in severities:
        return "not ready"
    return "discuss warnings" if severities else "ready"


# --------------------------------------------------------------------------- figure


def plot_pilot_timeline(charter: PilotCharter) -> Figure:
    """Draw the pilot from start to decision, and the wait for its last payment after that.

    The pilot is a solid bar from the start to the decision date, where a diamond marks
    the go-or-stop decision with the next step and the first kill criterion written
    beside it. If payment terms are set, a hatched bar shows how long the start-up
    waits for its money when the last invoice goes out on the decision date (the
    assumption is written on the figure). Nothing relies on colour.

    Examples
    --------
    >>> c = PilotCharter(next_step="Purchase order", start_date="2027-01-04",
    ...                  decision_date="2027-04-02", payment_days=90)
    >>> fig = plot_pilot_timeline(c)
    >>> texts = [t.get_text() for t in fig.axes[0].texts]
    >>> "pilot: 88 days" in texts, "waiting for payment: 90 days" in texts
    (True, True)
    >>> plot_pilot_timeline(PilotCharter())
    Traceback (most recent call last):
    ...
    ValueError: the timeline needs start_date and decision_date; set both first
    """
    charter = _check_charter(charter)
    days = charter.duration_days
    if days is None:
        raise ValueError("the timeline needs start_date and decision_date; set both first")
    wait = charter.payment_days
    end = days + (wait or 0)
    fig, ax = new_figure(7.4, 2.7)
    span = max(end, 1)
    ax.barh(
        1, max(days, span * 0.01), left=0, height=0.45, color=PALETTE["sky"], edgecolor="#333333"
    )
    label = f"pilot: {days} days"
    if days >= 0.3 * span:  # inside the bar; a short bar gets its label beside the diamond
        ax.text(days / 2, 1, label, ha="center", va="center", fontsize=9)
    else:
        ax.text(days + 0.04 * span, 1.3, label, ha="left", va="center", fontsize=9)
    if wait is not None:
        ax.barh(
            0.35,
            max(wait, span * 0.01),
            left=days,
            height=0.35,
            color="white",
            edgecolor=PALETTE["vermillion"],
            hatch="///",
        )
        ax.text(
            days + wait / 2,
            -0.05,
            f"waiting for payment: {wait} days",
            ha="center",
            va="top",
            fontsize=9,
        )
    ax.plot([days], [1], marker="D", markersize=11, color="black", zorder=3)
    go = textwrap.shorten(charter.next_step or "(no next step named)", 46, placeholder="…")
    stop = charter.kill_criteria[0] if charter.kill_criteria else "(no kill criterion)"
    stop = textwrap.shorten(stop, 46, placeholder="…")
    ax.text(
        days,
        1.42,
        f"decision {charter.decision_date}",
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
    )
    ax.text(end * 1.02 + 1, 1.12, f"go: {go}", ha="left", va="center", fontsize=9)
    ax.text(end * 1.02 + 1, 0.86, f"stop: {stop}", ha="left", va="center", fontsize=9)
    ticks = sorted({0, days, end})
    start = dt.date.fromisoformat(charter.start_date)
    ax.set_xticks(ticks, [(start + dt.timedelta(days=t)).isoformat() for t in ticks], fontsize=9)
    ax.set_xlim(-0.03 * span, span * 1.75)
    ax.set_ylim(-0.45, 1.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if wait is None:
        note = "payment terms not agreed yet"
    elif wait == 0:
        note = "paid on the decision date"
    else:
        note = "hatched: if the last invoice goes out on the decision date"
    ax.set_title("The pilot and the wait for cash", fontsize=11, loc="left")
    ax.text(0, -0.42, note, ha="left", va="bottom", fontsize=9, style="italic")
    return fig
