"""The plan document's sections for the pilot, the steering committee and the two-sided check."""

import pytest

from alliancelab._plan_corporate import perception_section, pilot_section, steering_section
from alliancelab.perception import PerceptionSurvey, SurveyRound
from alliancelab.pilot import PILOT_FIELDS, PilotCharter
from alliancelab.steering import Member, Rung, SteeringCommittee


@pytest.mark.parametrize(
    ("build", "key"),
    [(pilot_section, "pilot"), (steering_section, "steering"), (perception_section, "perception")],
)
def test_missing_parts_give_empty_sections_that_name_the_exercise(build, key):
    section = build(None, "Exercise 9, working with the corporation", True)
    assert section.key == key and not section.filled
    assert section.status == "Not filled in yet: Exercise 9, working with the corporation."


def test_pilot_section_lists_every_field_and_the_findings():
    charter = PilotCharter(question="Does it <b>work</b>?", payment_days=120)
    section = pilot_section(charter, "x", draw=False)
    labels = [label for label, _ in section.facts]
    assert labels[0] == "Verdict" and len(labels) == 1 + len(PILOT_FIELDS)
    facts = dict(section.facts)
    assert facts["Question"] == "Does it <b>work</b>?"  # escaped by the templates, kept here
    assert facts["Payment terms (days)"] == "120 days"
    assert facts["Kill criteria"] == "not written yet"
    (table,) = section.tables
    assert table.rows[0][1] == "gap" and table.rows[-1][1] == "warning"
    assert section.figure is None  # no dates, no timeline


def test_pilot_section_draws_the_timeline_when_both_dates_are_set():
    charter = PilotCharter(start_date="2027-01-04", decision_date="2027-04-02", payment_days=30)
    section = pilot_section(charter, "x", draw=True)
    assert section.figure.png[:4] == b"\x89PNG"
    assert "88 days from 2027-01-04" in section.figure.alt


def test_steering_section_counts_the_days_up_the_ladder():
    committee = SteeringCommittee(
        members=[Member("Ana", "start-up", "CSO"), Member("Li", "corporate")],
        ladder=[Rung("Managers", 10), Rung("Committee", 20), Rung("CEOs")],
    )
    section = steering_section(committee, "x", draw=False)
    ladder, members, findings = section.tables
    assert [row[3] for row in ladder.rows] == ["day 10", "day 30", "?"]
    assert members.rows[1] == ("Li", "corporate", "—")
    assert dict(section.facts)["Whole ladder"] == "unknown: a rung has no deadline"
    assert any("'CEOs' has no deadline" in row[2] for row in findings.rows)
    assert "CEOs, no deadline" in section.figure.alt


def test_perception_section_shows_the_latest_gaps_and_the_trend():
    survey = PerceptionSurvey(
        "Corvanth",
        "Aldermoor",
        [
            SurveyRound("Year 1", {"pace": 3}, {"pace": 3}),
            SurveyRound("Year 2", {"pace": 1, "trust": 4}, {"pace": 4}, note="after the change"),
        ],
    )
    section = perception_section(survey, "x", draw=True)
    gaps, trend = section.tables
    assert gaps.headers[1:3] == ("Corvanth", "Aldermoor")
    pace = next(row for row in gaps.rows if row[0] == "Compatible pace")
    assert pace[1:] == ("1", "4", "-3", "talk first")
    trust = next(row for row in gaps.rows if row[0] == "Trust")
    assert trust[2:4] == ("—", "—")
    assert [row[0] for row in trend.rows] == ["Year 1", "Year 2"]
    facts = dict(section.facts)
    assert facts["Latest review"] == "Year 2 (after the change)"
    assert facts["Talk about first"] == "Compatible pace"
    assert section.figure.png[:4] == b"\x89PNG"


def test_a_survey_without_rounds_is_not_filled_in():
    assert not perception_section(PerceptionSurvey("A", "B"), "x", draw=False).filled
