"""Regenerate the example workbook that ships with alliancelab.

The example is the plan of Corvanth Therapeutics, the fictional start-up of the
biotech case, for its alliance with the (equally fictional) Aldermoor Pharma. The
sections that the case data holds (scorecards, resource map, risk register,
portfolio) are read from the biotech case data (``src/alliancelab/data/cases/biotech``)
through :func:`case_workbook`, so the example and the case never disagree
(``tests/test_example_workbook.py`` checks it); the rest of the plan (governance,
charter, exit triggers, health check, capability, and the pilot charter, steering
committee and two-sided health check of book/part2/working-with-corporations.md) is
written here as the worked answer of the exercises.

Usage: python scripts/make_example_workbook.py
"""

from __future__ import annotations

from pathlib import Path

from alliancelab.capability import CapabilityProfile
from alliancelab.casework import case_workbook
from alliancelab.governance import GovernanceFactors
from alliancelab.lifecycle import ExitTrigger
from alliancelab.perception import PerceptionSurvey, SurveyRound
from alliancelab.pilot import PilotCharter
from alliancelab.steering import Member, Rung, SteeringCommittee
from alliancelab.workbook import Charter, HealthRecord, Venture, save_workbook

OUT = Path(__file__).resolve().parents[1] / "src" / "alliancelab" / "data" / "example_workbook.json"


# The exit triggers of the Corvanth-Aldermoor licence (book/part2/negotiation.md). Their
# kinds (a missed milestone, a cost overrun, the goal achieved) are the examples Hoang and
# Rothaermel give; the thresholds and responses are teaching choices.
_TRIGGERS = (
    ExitTrigger(
        "Milestone slips",
        "months late",
        ">",
        6,
        "Call an extraordinary steering-committee meeting; if the slip is not recovered "
        "within one quarter, start the agreed wind-down, in which the rights to Candidate A "
        "and the trial data return to Corvanth.",
    ),
    ExitTrigger(
        "Cost overrun",
        "cost overrun %",
        ">",
        25,
        "Freeze new work packages and reopen the budget split with Aldermoor.",
    ),
    ExitTrigger(
        "Funding falls short",
        "milestone payments received %",
        "<",
        50,
        "Escalate to both chief executives; prepare to take back the licence rights.",
    ),
    ExitTrigger(
        "Goal achieved",
        "goal achieved",
        "==",
        1,
        "Close the alliance as planned: hand over the results, settle gains and losses "
        "as agreed, and tell investors and other partners why it ends.",
    ),
)


# book/part2/working-with-corporations.md: a paid pilot of Corvanth's design platform on one of
# Aldermoor's own targets, outside the Candidate A licence (the charter's scope keeps the
# platform out of the deal). Every figure is a teaching choice, not from a source.
_PILOT = PilotCharter(
    question="Can Corvanth's design platform produce binders against an Aldermoor target that "
    "Aldermoor's own assay confirms?",
    success_criteria=(
        "At least 3 designed binders with an affinity below 10 nM by week 22",
        "Aldermoor's assay team reproduces the result for at least 2 of them",
    ),
    next_step="A research licence for the target, with milestone payments, signed within 60 "
    "days of the decision",
    kill_criteria=("No binder below 100 nM by week 14",),
    start_date="2025-01-13",
    decision_date="2025-07-11",
    decision_maker="Aldermoor's head of discovery biology",
    budget_owner="Aldermoor's inflammation business unit, which would pay for the research "
    "licence (the pilot itself is paid from the innovation budget)",
    reuse_rights="Corvanth keeps its platform, code and every improvement to them; Aldermoor "
    "owns the sequences designed for its target; Corvanth may name Aldermoor as a reference.",
    payment_days=90,
    fee="150,000 euros: a third at signing, the rest at the decision date",
)

# The committee of the charter (book/part2/negotiation.md): three people a side, quarterly,
# alliance managers who are not the chief executives; escalation to the CEOs within 30 days,
# then mediation.
_STEERING = SteeringCommittee(
    members=(
        Member("Corvanth CEO", "start-up", "chief executive and co-founder"),
        Member("Corvanth head of business development", "start-up", "alliance manager"),
        Member("Corvanth chief scientific officer", "start-up", "head of research"),
        Member("Aldermoor programme head", "corporate", "alliance manager"),
        Member("Aldermoor head of clinical development", "corporate", "trial design and funding"),
        Member("Aldermoor inflammation franchise lead", "corporate", "executive sponsor"),
    ),
    decision_rights=(
        "Approve the development plan and its yearly budget",
        "Accept each milestone as met",
        "Agree changes of scope within the licence",
        "Decide when an exit trigger has fired",
    ),
    meets_every_weeks=13,
    ladder=(
        Rung("The two alliance managers", 10),
        Rung("Joint steering committee (extraordinary meeting)", 20),
        Rung("The two chief executives", 30),
    ),
    deadlock_rule="Mediation by a mediator both sides accept; if it fails within 60 days, "
    "either side may start the wind-down agreed in the licence, in which the rights to "
    "Candidate A return to Corvanth.",
)

# Two reviews: year 1 (before Aldermoor's reorganisation) and year 2 (after it). Both sides
# answer; the year-2 gaps match the one-sided health check of exercise 5 (speed worst).
_PERCEPTION = PerceptionSurvey(
    "Corvanth Therapeutics",
    "Aldermoor Pharma",
    (
        SurveyRound(
            "Year 1 review",
            {
                "trust": 4,
                "goals": 4,
                "decisions": 3,
                "value": 4,
                "priorities": 4,
                "expectations": 3,
                "pace": 3,
            },
            {
                "trust": 4,
                "goals": 4,
                "decisions": 4,
                "value": 4,
                "priorities": 4,
                "expectations": 4,
                "pace": 3,
            },
            note="Answered by the two alliance managers.",
        ),
        SurveyRound(
            "Year 2 review",
            {
                "trust": 3,
                "goals": 3,
                "decisions": 1,
                "value": 3,
                "priorities": 2,
                "expectations": 2,
                "pace": 1,
            },
            {
                "trust": 4,
                "goals": 4,
                "decisions": 3,
                "value": 4,
                "priorities": 4,
                "expectations": 3,
                "pace": 3,
            },
            note="After Aldermoor's reorganisation; with the alliance-manager post empty, "
            "Aldermoor's head of clinical development answered for Aldermoor and Corvanth's "
            "chief executive for Corvanth.",
        ),
    ),
)


def build():
    """Return the example workbook."""
    wb = case_workbook("biotech", "aldermoor")
    venture = Venture(
        wb.venture.name,
        description=(
            "A fictional university spin-out founded in 2019 with 28 staff. It combines machine "
            "learning with a wet lab to design engineered proteins for rare inflammatory "
            "diseases. It lacks capital, late-stage regulatory know-how, manufacturing and a "
            "route to market."
        ),
        strategy="Take the lead candidate through clinical trials to patients with a partner "
        "that brings what a 28-person company cannot build in time.",
        alliance_goal=wb.venture.alliance_goal,
    )
    return wb.with_section(
        venture=venture,
        # the same teaching judgements as the worked example in book/part2/negotiation.md
        governance_factors=GovernanceFactors(
            opportunism_hazard=3,
            knowledge_tacitness=2,
            commitment_required=3,
            flexibility_need=4,
            time_horizon_years=6.0,
        ),
        governance_choice="licensing",
        time_horizon="Six years, through late-stage trials and launch, with a go/no-go review "
        "after the first trial",
        charter=Charter(
            objectives="Take Candidate A through its first two clinical trials within four "
            "years; file for approval in year six if the data support it.",
            scope="Candidate A in rare inflammatory diseases only. Corvanth's design platform "
            "and every other candidate stay outside the deal.",
            governance="A joint steering committee of three people from each side meets "
            "quarterly. Each side names an alliance manager who is not its chief executive "
            "(Corvanth's head of business development, Aldermoor's programme head); the two "
            "talk every week, so the relationship never rests on one person.",
            deliverables="Corvanth: process and assay transfer by month 9, scientific support "
            "through phase 2. Aldermoor: trial design, funding of all trial costs, "
            "manufacturing scale-up, regulatory filings.",
            dispute_resolution="Escalate from the alliance managers to the steering committee, "
            "then to the two CEOs within 30 days, then to mediation before any court.",
            review_cadence="Monthly operating meeting of the alliance managers; every quarter "
            "the steering committee reviews the charter against the milestones and runs a "
            "health check.",
        ),
        exit_triggers=_TRIGGERS,
        # the review two years in (book/part2/exit.md and exercise 5): no trigger has fired,
        # but the first trial milestone is slipping and the sides move at different speeds
        health=HealthRecord(
            observations={
                "months late": 4,
                "cost overrun %": 10,
                "milestone payments received %": 80,
                "goal achieved": 0,
            },
            signals=("governance dysfunction",),
            mismatches={"priorities": 2, "expectations": 3, "speed": 4},
        ),
        capability=CapabilityProfile(
            alliances_done=3,
            # book/part3/building-capability.md: nobody trained, Tarnwell never reviewed,
            # an ad hoc owner for each partner, pieces of a tool set
            practices={"training": 0, "evaluation": 0, "specialist": 1, "tool set": 1},
        ),
        pilot=_PILOT,
        steering=_STEERING,
        perception=_PERCEPTION,
        reflections={
            "scorecard": "Aldermoor's low cultural similarity is the weakness to test first: "
            "we will ask two former partners how its committees handled a missed milestone.",
        },
    )


def main() -> int:
    """Write the example workbook into the package data folder."""
    save_workbook(build(), OUT)
    print(f"wrote {OUT.relative_to(OUT.parents[3])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
