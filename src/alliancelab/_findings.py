"""Findings of the plan checks (pilot charter, steering committee): what is missing or risky."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from ._validate import check_choice, check_text

#: How serious a finding is, the most serious first (a gap must be filled before signing,
#: a warning is worth a conversation).
SEVERITIES: tuple[str, ...] = ("gap", "warning")

#: The columns of :func:`findings_frame`, in the words a reader sees.
FINDING_COLUMNS: tuple[str, ...] = ("part", "how serious", "what to do")

#: How a finding's field reads on a page, for fields whose name is not already a word.
FIELD_WORDS: dict[str, str] = {
    "meets_every_weeks": "meeting rhythm",
    "ladder": "escalation ladder",
    "deadlock_rule": "deadlock rule",
    "decision_rights": "decision rights",
    "payment_days": "payment terms",
    "success_criteria": "success criteria",
    "kill_criteria": "kill criteria",
    "next_step": "next step",
    "start_date": "start date",
    "decision_date": "decision date",
    "decision_maker": "decision maker",
    "budget_owner": "budget owner",
    "reuse_rights": "reuse afterwards",
}


@dataclass(frozen=True)
class Finding:
    """One thing a plan check found: the field it concerns, how serious it is, and why.

    Examples
    --------
    >>> Finding("decision_date", "gap", "No decision date.")
    Finding(field='decision_date', severity='gap', message='No decision date.')
    >>> Finding("decision_date", "fatal", "No date.")
    Traceback (most recent call last):
    ...
    ValueError: severity must be one of 'gap', 'warning'; got 'fatal'
    """

    field: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", check_text("finding field", self.field, max_len=100))
        object.__setattr__(self, "severity", check_choice("severity", self.severity, SEVERITIES))
        object.__setattr__(self, "message", check_text("finding message", self.message))


def field_words(field: str) -> str:
    """Return how a finding's field reads on a page (never a raw field name).

    Examples
    --------
    >>> field_words("meets_every_weeks"), field_words("members")
    ('meeting rhythm', 'members')
    """
    return FIELD_WORDS.get(field, field.replace("_", " "))


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Return findings as a table a reader can use, gaps first, in the order found.

    Examples
    --------
    >>> findings_frame([Finding("ladder", "warning", "Late."), Finding("fee", "gap", "None.")])
                    part how serious what to do
    0                fee         gap      None.
    1  escalation ladder     warning      Late.
    """
    items = list(findings)
    ordered = [f for s in SEVERITIES for f in items if f.severity == s]
    return pd.DataFrame(
        {
            "part": [field_words(f.field) for f in ordered],
            "how serious": [f.severity for f in ordered],
            "what to do": [f.message for f in ordered],
        },
        columns=list(FINDING_COLUMNS),
    )
