"""The plan document's sections on working with the corporation: pilot, committee, two-sided check.

Each builder reads one part of a :class:`~alliancelab.workbook.Workbook` and returns a
:class:`~alliancelab.report.PlanSection` (an empty one, naming the exercise, when the part
is not filled in). :mod:`alliancelab._plan_parts` puts them in the plan.

Examples
--------
>>> from alliancelab.pilot import PilotCharter
>>> s = pilot_section(PilotCharter(question="Does it work?"), "Exercise 4, deal design", False)
>>> s.filled, s.facts[:2]
(True, (('Verdict', 'not ready'), ('Question', 'Does it work?')))
"""

from __future__ import annotations

from ._findings import Finding, findings_frame
from .perception import SURVEY_ITEMS, PerceptionSurvey, perception_gaps, talk_first, trend_summary
from .pilot import PILOT_FIELDS, PILOT_LABELS, PilotCharter, check_pilot, pilot_verdict
from .report import PlanFigure, PlanSection, PlanTable
from .steering import SteeringCommittee, check_steering, ladder_days

__all__ = ["perception_section", "pilot_section", "steering_section"]

_LABELS = {item.key: item.label for item in SURVEY_ITEMS}


def _findings_table(findings: tuple[Finding, ...], what: str) -> tuple[PlanTable, ...]:
    if not findings:
        return ()
    rows = tuple(tuple(row) for row in findings_frame(findings).itertuples(index=False))
    caption = f"What the check of the {what} found: gaps first, then warnings."
    return (PlanTable(("Part", "How serious", "What to do"), rows, caption),)


def _value(charter: PilotCharter, name: str) -> str:
    value = getattr(charter, name)
    if name == "payment_days":
        return "not agreed yet" if value is None else f"{value} days"
    if isinstance(value, tuple):
        return "; ".join(value) or "not written yet"
    return value or "not written yet"


def pilot_section(charter: PilotCharter | None, exercise: str, draw: bool) -> PlanSection:
    """Return the plan's pilot-charter section (facts, the check's findings, the timeline).

    Examples
    --------
    >>> pilot_section(None, "Exercise 4, deal design", False).status
    'Not filled in yet: Exercise 4, deal design.'
    """
    title = "Pilot charter"
    if charter is None:
        return PlanSection("pilot", title, exercise, False)
    findings = check_pilot(charter)
    facts = tuple((PILOT_LABELS[name][0], _value(charter, name)) for name in PILOT_FIELDS)
    figure = None
    if charter.duration_days is not None:
        wait = (
            "payment terms not agreed"
            if charter.payment_days is None
            else f"payment up to {charter.payment_days} days later"
        )
        alt = (
            f"Timeline of the pilot: {charter.duration_days} days from {charter.start_date} to "
            f"the decision on {charter.decision_date}, then {wait}."
        )
        from .pilot import plot_pilot_timeline

        figure = PlanFigure.drawn(lambda: plot_pilot_timeline(charter), alt, draw)
    return PlanSection(
        "pilot",
        title,
        exercise,
        True,
        facts=(("Verdict", pilot_verdict(charter)), *facts),
        figure=figure,
        tables=_findings_table(findings, "pilot charter"),
    )


def steering_section(committee: SteeringCommittee | None, exercise: str, draw: bool) -> PlanSection:
    """Return the plan's section on the steering committee and the escalation ladder.

    Examples
    --------
    >>> from alliancelab.steering import Rung
    >>> s = steering_section(SteeringCommittee(ladder=[Rung("CEOs", 30)]), "Exercise 4", False)
    >>> s.facts[1], s.tables[0].headers
    (('Whole ladder', 'at most 30 days'), ('Rung', 'Who takes the issue', 'Deadline', 'Settled by'))
    """
    title = "Steering committee and escalation"
    if committee is None:
        return PlanSection("steering", title, exercise, False)
    weeks = committee.meets_every_weeks
    total = ladder_days(committee)
    facts = (
        ("Meets", "not agreed yet" if weeks is None else f"every {weeks} weeks"),
        (
            "Whole ladder",
            "unknown: a rung has no deadline" if total is None else f"at most {total} days",
        ),
        ("Deadlock rule", committee.deadlock_rule or "not written yet"),
    )
    tables = []
    running: int | None = 0
    ladder_rows = []
    for i, rung in enumerate(committee.ladder, 1):
        days = rung.deadline_days
        running = None if days is None or running is None else running + days
        ladder_rows.append(
            (
                str(i),
                rung.who,
                "none" if days is None else f"{days} days",
                "?" if running is None else f"day {running}",
            )
        )
    if ladder_rows:
        tables.append(
            PlanTable(
                ("Rung", "Who takes the issue", "Deadline", "Settled by"),
                tuple(ladder_rows),
                "The escalation ladder, lowest rung first; days counted from when the issue "
                "is raised.",
                frozenset({0}),
            )
        )
    if committee.members:
        rows = tuple((m.name, m.side, m.role or "—") for m in committee.members)
        tables.append(PlanTable(("Member", "Side", "Role"), rows))
    tables.extend(_findings_table(check_steering(committee), "committee"))
    figure = None
    if committee.ladder:
        from .steering_plots import plot_escalation_ladder

        alt = "The escalation ladder as a staircase: " + "; ".join(
            f"{r.who}, {'no deadline' if r.deadline_days is None else f'{r.deadline_days} days'}"
            for r in committee.ladder
        )
        figure = PlanFigure.drawn(lambda: plot_escalation_ladder(committee), alt + ".", draw)
    return PlanSection(
        "steering",
        title,
        exercise,
        True,
        facts=facts,
        figure=figure,
        tables=tuple(tables),
        lists=(("What the committee decides", committee.decision_rights),)
        if committee.decision_rights
        else (),
    )


def _rating(value: float) -> str:
    return "—" if value != value else f"{value:.0f}"


def perception_section(survey: PerceptionSurvey | None, exercise: str, draw: bool) -> PlanSection:
    """Return the plan's two-sided health check: the latest gaps, the trend, what to discuss.

    Examples
    --------
    >>> from alliancelab.perception import SurveyRound
    >>> s = PerceptionSurvey("A", "B", [SurveyRound("Q1", {"pace": 1}, {"pace": 4})])
    >>> perception_section(s, "Exercise 5", False).facts[-1]
    ('Talk about first', 'Compatible pace')
    """
    title = "Two-sided health check"
    if survey is None or not survey.rounds:
        return PlanSection("perception", title, exercise, False)
    latest = survey.latest
    gaps = perception_gaps(latest)
    first = [_LABELS[k] for k in talk_first(latest)]
    rows = tuple(
        (
            str(r.label),
            _rating(r.startup),
            _rating(r.corporate),
            "—" if r.gap != r.gap else f"{r.gap:+.0f}",
            str(r.flag),
        )
        for r in gaps.itertuples(index=False)
    )
    headers = ("Item", survey.startup_name, survey.corporate_name, "Gap", "Flag")
    tables = [
        PlanTable(
            headers,
            rows,
            f"{latest.label}: ratings from 1 (strongly disagree) to 5 (strongly agree); gap = "
            "start-up minus corporate.",
            frozenset({1, 2, 3}),
        )
    ]
    if len(survey.rounds) > 1:
        summary = trend_summary(survey)
        trend_rows = tuple(
            (
                str(r.round),
                f"{r.mean_abs_gap:.1f}" if r.mean_abs_gap == r.mean_abs_gap else "—",
                str(r.largest_item) or "—",
                str(r.flagged),
            )
            for r in summary.itertuples(index=False)
        )
        tables.append(
            PlanTable(
                ("Review", "Average gap", "Largest gap on", "Items flagged"),
                trend_rows,
                "How the gaps moved from review to review.",
                frozenset({1, 3}),
            )
        )
    from .perception_plots import plot_perception_gaps

    alt = (
        f"Both sides' answers per item at {latest.label}; talk first about: "
        + (", ".join(first) or "nothing, no item is two points apart")
        + "."
    )
    facts = (
        ("Partners", f"{survey.startup_name} and {survey.corporate_name}"),
        ("Reviews", str(len(survey.rounds))),
        ("Latest review", latest.label + (f" ({latest.note})" if latest.note else "")),
        ("Talk about first", ", ".join(first) or "nothing flagged"),
    )
    return PlanSection(
        "perception",
        title,
        exercise,
        True,
        facts=facts,
        figure=PlanFigure.drawn(
            lambda: plot_perception_gaps(latest, survey.startup_name, survey.corporate_name),
            alt,
            draw,
        ),
        tables=tuple(tables),
    )
