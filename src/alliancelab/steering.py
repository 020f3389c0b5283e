"""The joint steering committee and the escalation ladder, checked for gaps.

A contract can set up a steering committee to run a collaboration: in biopharmaceutical
alliances partners are more likely to use one when they need to adapt together, as it
helps them guide their work, handle what the contract did not foresee and defuse early
conflicts (``ReuerDevarakonda2016``). Committees that decide by consensus can deadlock,
and contracts can say which partner decides a matter the committee cannot agree on
(``Hanisch2024``). Hoang and Rothaermel advise composing the committee so that it
passes information and coordinates well (``HoangRothaermel2016``), and the multi-case
study found top-management involvement decisive for start-up/corporate alliances while
noting it is not always possible to get (``TopMgmtMultiCase``).

A :class:`SteeringCommittee` holds the members (:class:`Member`), decision rights, how
often it meets, the escalation ladder (:class:`Rung`, lowest first, each with a deadline)
and the deadlock rule. :func:`check_steering` finds the gaps the course looks for (no
deadline, no deadlock rule, only the CEO as bridge, and more);
:func:`alliancelab.steering_plots.plot_escalation_ladder` draws the ladder as a staircase
with its deadlines.

Examples
--------
>>> sc = SteeringCommittee(
...     members=[Member("Ana", "start-up", "CEO"), Member("Ben", "corporate", "VP R&D")],
...     ladder=[Rung("Alliance managers", 10), Rung("Chief executives")])
>>> [f.field for f in check_steering(sc)]
['decision_rights', 'meets_every_weeks', 'ladder', 'deadlock_rule', 'members']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._findings import Finding
from ._validate import check_choice, check_int_range, check_keys, check_text, coerce_items

__all__ = [
    "MEMBER_SIDES",
    "SLOW_LADDER_DAYS",
    "SPARSE_WEEKS",
    "STEERING_CHECKLIST",
    "Member",
    "Rung",
    "SteeringCommittee",
    "add_member",
    "add_rung",
    "check_steering",
    "ladder_days",
    "ladder_from_text",
    "members_from_text",
]

#: The sides a member can come from.
MEMBER_SIDES: tuple[str, ...] = ("start-up", "corporate")
#: Meeting less often than this many weeks gets a warning (the course's rule of thumb).
SPARSE_WEEKS = 13
#: A ladder whose deadlines add up to more than this many days gets a warning.
SLOW_LADDER_DAYS = 90

#: What :func:`check_steering` looks for, as a checklist (the worksheet prints it).
STEERING_CHECKLIST: tuple[str, ...] = (
    "Members from both sides are named.",
    "The start-up has someone besides its chief executive on the committee.",
    "The committee's decision rights are written down.",
    f"It meets at least every {SPARSE_WEEKS} weeks.",
    "Every rung of the ladder has a deadline in days.",
    "The first rung is not already the chief executives.",
    f"The whole ladder can be climbed within {SLOW_LADDER_DAYS} days.",
    "A deadlock rule says what happens if the top rung cannot agree.",
)
_CEO = re.compile(r"\b(ceos?|chief executives?|founders?|managing directors?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Member:
    """A member of the steering committee.

    Examples
    --------
    >>> Member("Ana Ruiz", "Start-up", "Head of business development")
    Member(name='Ana Ruiz', side='start-up', role='Head of business development')
    >>> Member("Ana Ruiz", "investor", "CEO")
    Traceback (most recent call last):
    ...
    ValueError: member side must be one of 'start-up', 'corporate'; got 'investor'
    """

    name: str
    side: str
    role: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text("member name", self.name, max_len=100))
        object.__setattr__(self, "side", check_choice("member side", self.side, MEMBER_SIDES))
        object.__setattr__(
            self, "role", check_text("member role", self.role, allow_empty=True, max_len=100)
        )

    @property
    def is_chief(self) -> bool:
        """True when the role reads as the firm's chief executive or founder."""
        return bool(_CEO.search(self.role))

    def to_dict(self) -> dict[str, str]:
        """Return plain JSON-able data."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Member:
        """Build from :meth:`to_dict` output, validating every field."""
        check_keys("Member", data, {"name", "side"}, {"role"})
        return cls(data["name"], data["side"], data.get("role", ""))


@dataclass(frozen=True)
class Rung:
    """One rung of the escalation ladder: who takes the issue, and in how many days.

    Parameters
    ----------
    who : str
        Who the issue goes to at this rung, e.g. "the two alliance managers".
    deadline_days : int or None
        Days this rung has to resolve the issue before it goes up (1 to 365); None
        when no deadline is agreed.

    Examples
    --------
    >>> Rung("Steering committee", 30)
    Rung(who='Steering committee', deadline_days=30)
    >>> Rung("Steering committee", 0)
    Traceback (most recent call last):
    ...
    ValueError: deadline_days of 'Steering committee' must be a whole number from 1 to 365, got 0
    """

    who: str
    deadline_days: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "who", check_text("rung", self.who, max_len=200))
        if self.deadline_days is not None:
            days = check_int_range(f"deadline_days of {self.who!r}", self.deadline_days, 1, 365)
            object.__setattr__(self, "deadline_days", days)

    @property
    def is_chief(self) -> bool:
        """True when the rung reads as the chief executives (or founders)."""
        return bool(_CEO.search(self.who))

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON-able data."""
        return {"who": self.who, "deadline_days": self.deadline_days}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rung:
        """Build from :meth:`to_dict` output, validating every field."""
        check_keys("Rung", data, {"who"}, {"deadline_days"})
        return cls(data["who"], data.get("deadline_days"))


@dataclass(frozen=True)
class SteeringCommittee:
    """The joint steering committee and the escalation ladder (all parts may be empty in a draft).

    Parameters
    ----------
    members : tuple of Member
    decision_rights : tuple of str
        What the committee decides, one item each (e.g. "approve the annual work plan").
    meets_every_weeks : int or None
        How often it meets, in weeks (1 to 52); None when not agreed.
    ladder : tuple of Rung
        The escalation ladder, lowest rung first.
    deadlock_rule : str
        What happens when the top rung cannot agree either (a casting vote on named
        matters, mediation, expert decision, the exit).

    Examples
    --------
    >>> SteeringCommittee(meets_every_weeks=13).meets_every_weeks
    13
    >>> SteeringCommittee(members=[Member("Ana", "start-up"), Member("ana", "corporate")])
    Traceback (most recent call last):
    ...
    ValueError: member names must be unique; 'ana' appears more than once
    """

    members: tuple[Member, ...] = ()
    decision_rights: tuple[str, ...] = ()
    meets_every_weeks: int | None = None
    ladder: tuple[Rung, ...] = ()
    deadlock_rule: str = ""

    def __post_init__(self) -> None:
        members = tuple(coerce_items("members", self.members, Member))
        _unique("member names", [m.name for m in members])
        ladder = tuple(coerce_items("rungs", self.ladder, Rung))
        _unique("rungs", [r.who for r in ladder])
        if len(members) > 40 or len(ladder) > 10:
            raise ValueError("a committee holds at most 40 members and 10 rungs")
        rights = self.decision_rights
        if isinstance(rights, str | bytes) or not isinstance(rights, tuple | list):
            raise TypeError(f"decision_rights must be a list of texts, got {type(rights).__name__}")
        rights = tuple(check_text("each decision right", r, max_len=500) for r in rights)
        _unique("decision rights", rights)
        object.__setattr__(self, "members", members)
        object.__setattr__(self, "ladder", ladder)
        object.__setattr__(self, "decision_rights", rights)
        if self.meets_every_weeks is not None:
            weeks = check_int_range("meets_every_weeks", self.meets_every_weeks, 1, 52)
            object.__setattr__(self, "meets_every_weeks", weeks)
        object.__setattr__(
            self,
            "deadlock_rule",
            check_text("deadlock_rule", self.deadlock_rule, allow_empty=True, max_len=2000),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the committee as plain JSON-able data.

        Examples
        --------
        >>> SteeringCommittee(ladder=[Rung("CEOs", 30)]).to_dict()["ladder"]
        [{'who': 'CEOs', 'deadline_days': 30}]
        """
        return {
            "members": [m.to_dict() for m in self.members],
            "decision_rights": list(self.decision_rights),
            "meets_every_weeks": self.meets_every_weeks,
            "ladder": [r.to_dict() for r in self.ladder],
            "deadlock_rule": self.deadlock_rule,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SteeringCommittee:
        """Build a committee from :meth:`to_dict` output, validating it.

        Examples
        --------
        >>> SteeringCommittee.from_dict({"ladder": [{"who": "CEOs"}]}).ladder
        (Rung(who='CEOs', deadline_days=None),)
        >>> SteeringCommittee.from_dict({"chair": "Ana"})
        Traceback (most recent call last):
        ...
        ValueError: SteeringCommittee data has unknown key(s) 'chair'; allowed: ...
        """
        allowed = {"members", "decision_rights", "meets_every_weeks", "ladder", "deadlock_rule"}
        check_keys("SteeringCommittee", data, set(), allowed)
        return cls(
            tuple(data.get("members") or ()),
            tuple(data.get("decision_rights") or ()),
            data.get("meets_every_weeks"),
            tuple(data.get("ladder") or ()),
            data.get("deadlock_rule", ""),
        )


def _unique(field: str, names: list[str] | tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in names:
        key = " ".join(name.lower().split())
        if key in seen:
            raise ValueError(f"{field} must be unique; {key!r} appears more than once")
        seen.add(key)


def _check_committee(committee: Any) -> SteeringCommittee:
    if not isinstance(committee, SteeringCommittee):
        raise TypeError(f"committee must be a SteeringCommittee, got {type(committee).__name__}")
    return committee


# --------------------------------------------------------------------------- editing


def add_member(committee: SteeringCommittee, member: Member) -> SteeringCommittee:
    """Return the committee with one more member.

    Examples
    --------
    >>> sc = add_member(SteeringCommittee(), Member("Ana", "start-up", "CTO"))
    >>> [m.name for m in add_member(sc, Member("Ben", "corporate")).members]
    ['Ana', 'Ben']
    """
    committee = _check_committee(committee)
    if not isinstance(member, Member):
        raise TypeError(f"member must be a Member, got {type(member).__name__}")
    return dataclasses.replace(committee, members=(*committee.members, member))


def add_rung(
    committee: SteeringCommittee, rung: Rung, position: int | None = None
) -> SteeringCommittee:
    """Return the committee with a rung added at the top of the ladder (or at ``position``).

    Examples
    --------
    >>> sc = add_rung(SteeringCommittee(), Rung("Steering committee", 30))
    >>> [r.who for r in add_rung(sc, Rung("Alliance managers", 14), position=0).ladder]
    ['Alliance managers', 'Steering committee']
    >>> add_rung(sc, Rung("CEOs"), position=5)
    Traceback (most recent call last):
    ...
    ValueError: position must be a whole number from 0 to 1, got 5
    """
    committee = _check_committee(committee)
    if not isinstance(rung, Rung):
        raise TypeError(f"rung must be a Rung, got {type(rung).__name__}")
    ladder = list(committee.ladder)
    at = len(ladder) if position is None else check_int_range("position", position, 0, len(ladder))
    ladder.insert(at, rung)
    return dataclasses.replace(committee, ladder=tuple(ladder))


def members_from_text(text: str) -> tuple[Member, ...]:
    r"""Read members typed one per line as ``name; side; role`` (the role may be left out).

    Examples
    --------
    >>> [m.side for m in members_from_text("Ana Ruiz; start-up; CSO\n\nLi Wen; corporate")]
    ['start-up', 'corporate']
    >>> members_from_text("Ana Ruiz")
    Traceback (most recent call last):
    ...
    ValueError: line 1 ('Ana Ruiz') must read name; side; role, with side start-up or corporate
    """
    out = []
    for number, line in _lines(text):
        parts = [p.strip() for p in line.split(";")]
        if len(parts) not in (2, 3):
            raise ValueError(
                f"line {number} ({line!r}) must read name; side; role, with side start-up or "
                "corporate"
            )
        out.append(Member(*parts))
    return tuple(out)


def ladder_from_text(text: str) -> tuple[Rung, ...]:
    r"""Read rungs typed one per line, lowest first, as ``who; days`` (days may be left out).

    Examples
    --------
    >>> ladder_from_text("Alliance managers; 14\nThe two CEOs")
    (Rung(who='Alliance managers', deadline_days=14),
     Rung(who='The two CEOs', deadline_days=None))
    >>> ladder_from_text("CEOs; soon")
    Traceback (most recent call last):
    ...
    ValueError: line 1: the deadline must be a whole number of days, got 'soon'
    """
    out = []
    for number, line in _lines(text):
        who, _, days = (p.strip() for p in line.partition(";"))
        if days and not days.isdigit():
            raise ValueError(
                f"line {number}: the deadline must be a whole number of days, got {days!r}"
            )
        out.append(Rung(who, int(days) if days else None))
    return tuple(out)


def _lines(text: str) -> list[tuple[int, str]]:
    text = check_text("text", text, allow_empty=True, max_len=20_000)
    return [(i, line.strip()) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


# --------------------------------------------------------------------------- checks


def ladder_days(committee: SteeringCommittee) -> int | None:
    """Return the days an issue can take to climb the whole ladder, or None if a rung has none.

    Examples
    --------
    >>> ladder_days(SteeringCommittee(ladder=[Rung("Managers", 14), Rung("CEOs", 30)]))
    44
    """
    committee = _check_committee(committee)
    days = [r.deadline_days for r in committee.ladder]
    if not days or any(d is None for d in days):
        return None
    return sum(days)


def check_steering(committee: SteeringCommittee) -> tuple[Finding, ...]:
    """Check the committee and its ladder for gaps and warnings.

    Rules (the course's practical advice, drawing on the sources in the module notes):

    - **gap**: no members, or members from one side only; no decision rights; no meeting
      frequency; no ladder; a rung without a deadline; no deadlock rule; only the
      start-up's chief executive (or founder) bridges the two firms, on the committee or
      as the ladder's only rung;
    - **warning**: the committee meets less often than every 13 weeks; the first rung is
      already the chief executives, so every dispute lands on them; the deadlines add up
      to more than 90 days.

    Examples
    --------
    >>> sc = SteeringCommittee(
    ...     [Member("Ana", "start-up", "CEO and founder"), Member("Ben", "corporate", "VP")],
    ...     ["Approve the work plan"], 4, [Rung("Managers", 14), Rung("CEOs")], "Mediation")
    >>> [(f.field, f.severity, f.message[:30]) for f in check_steering(sc)]
    [('ladder', 'gap', "The rung 'CEOs' has no deadlin"),
     ('members', 'gap', "Only the start-up's chief exec")]
    """
    committee = _check_committee(committee)
    found: list[Finding] = []
    sides = {m.side for m in committee.members}
    if not committee.members:
        found.append(Finding("members", "gap", "Name the members from both sides."))
    elif len(sides) == 1:
        (only,) = sides
        other = "corporate" if only == "start-up" else "start-up"
        found.append(
            Finding("members", "gap", f"All members are from the {only}; add the {other}'s.")
        )
    if not committee.decision_rights:
        found.append(
            Finding(
                "decision_rights",
                "gap",
                "List what the committee decides (and what it only discusses).",
            )
        )
    weeks = committee.meets_every_weeks
    if weeks is None:
        found.append(Finding("meets_every_weeks", "gap", "Agree how often the committee meets."))
    elif weeks > SPARSE_WEEKS:
        found.append(
            Finding(
                "meets_every_weeks",
                "warning",
                f"It meets every {weeks} weeks, less often than quarterly: problems can "
                "grow for months before the committee sees them.",
            )
        )
    if not committee.ladder:
        found.append(
            Finding("ladder", "gap", "Write the escalation ladder: who takes an issue next.")
        )
    for rung in committee.ladder:
        if rung.deadline_days is None:
            found.append(
                Finding(
                    "ladder",
                    "gap",
                    f"The rung {rung.who!r} has no deadline: an issue can sit there for ever. "
                    "Give every rung a number of days.",
                )
            )
    if committee.ladder and committee.ladder[0].is_chief and len(committee.ladder) > 1:
        found.append(
            Finding(
                "ladder",
                "warning",
                "The first rung is already the chief executives: every dispute lands on "
                "them. Start lower, with the people who run the work.",
            )
        )
    total = ladder_days(committee)
    if total is not None and total > SLOW_LADDER_DAYS:
        found.append(
            Finding(
                "ladder",
                "warning",
                f"Climbing the whole ladder can take {total} days; a start-up may not have "
                "that long. Shorten the deadlines.",
            )
        )
    if not committee.deadlock_rule:
        found.append(
            Finding(
                "deadlock_rule",
                "gap",
                "Say what happens when the top of the ladder cannot agree either (for "
                "example: one partner decides named matters, mediation, or the exit).",
            )
        )
    found.extend(_ceo_bridge(committee))
    return tuple(found)


def _ceo_bridge(committee: SteeringCommittee) -> list[Finding]:
    startup = [m for m in committee.members if m.side == "start-up"]
    out = []
    if len(startup) == 1 and startup[0].is_chief:
        out.append(
            Finding(
                "members",
                "gap",
                f"Only the start-up's chief executive ({startup[0].name}) sits on the "
                "committee for the start-up: every link between the firms runs through one "
                "busy person. Add a second member, such as the person who runs the work day "
                "to day.",
            )
        )
    if len(committee.ladder) == 1 and committee.ladder[0].is_chief:
        out.append(
            Finding(
                "ladder",
                "gap",
                "The ladder's only rung is the chief executives: add a rung below them "
                "(the alliance managers, then the committee).",
            )
        )
    return out
