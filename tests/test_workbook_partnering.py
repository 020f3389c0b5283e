"""The workbook's sections on working with the corporation: saved, loaded, merged, refused."""

import json

import pytest

from alliancelab.perception import PerceptionSurvey, SurveyRound, add_round
from alliancelab.pilot import PilotCharter
from alliancelab.steering import Rung, SteeringCommittee
from alliancelab.workbook import (
    Snapshot,
    Venture,
    Workbook,
    WorkbookConflict,
    WorkbookError,
    example_workbook,
    load_snapshot,
    merge_workbooks,
    parse_workbook,
    save_merged,
    save_workbook,
    workbook_json,
)


def test_the_example_plan_holds_all_three_and_they_round_trip():
    wb = example_workbook()
    assert wb.pilot.payment_days == 90
    assert len(wb.steering.ladder) == 3
    assert wb.perception.labels == ("Year 1 review", "Year 2 review")
    assert {"pilot", "steering", "perception"} <= set(wb.completed_sections())
    assert parse_workbook(workbook_json(wb)) == wb


def test_a_plan_saved_before_the_sections_existed_still_loads():
    doc = json.loads(workbook_json(Workbook(Venture("Brightcell"))))
    for name in ("pilot", "steering", "perception"):
        doc.pop(name)
    wb = parse_workbook(json.dumps(doc))
    assert wb.pilot is None and wb.steering is None and wb.perception is None


@pytest.mark.parametrize(
    ("section", "value", "message"),
    [
        ("pilot", {"payment_days": 400}, "section 'pilot' is not valid: payment_days must be"),
        ("pilot", {"budget": 1}, "section 'pilot' is not valid: PilotCharter data has unknown"),
        ("steering", {"ladder": [{"who": ""}]}, "section 'steering' is not valid: rung must not"),
        (
            "perception",
            {"rounds": [{"label": "Q1", "startup": {"trust": 9}}]},
            "section 'perception' is not valid: start-up rating of trust must be a whole",
        ),
        ("perception", [], "section 'perception' is not valid"),
    ],
)
def test_a_bad_section_is_refused_naming_the_section_and_field(section, value, message):
    doc = json.loads(workbook_json(Workbook(Venture("Brightcell"))))
    doc[section] = value
    with pytest.raises(WorkbookError, match=message):
        parse_workbook(json.dumps(doc), "plan.json")


def test_the_wrong_type_in_a_section_is_refused_when_the_plan_is_made():
    with pytest.raises(TypeError, match="pilot must be a PilotCharter or None, got dict"):
        Workbook(Venture("Brightcell"), pilot={"question": "Q?"})


def test_two_exercises_changing_different_parts_keep_both(tmp_path):
    path = tmp_path / "plan.json"
    save_workbook(Workbook(Venture("Brightcell")), path)
    base = load_snapshot(path)
    pilot = base.workbook.with_section(pilot=PilotCharter(question="Q?"))
    steering = base.workbook.with_section(steering=SteeringCommittee(ladder=[Rung("CEOs", 9)]))
    save_merged(path, pilot, base)
    merged = save_merged(path, steering, base).workbook
    assert merged.pilot.question == "Q?" and merged.steering.ladder[0].deadline_days == 9


def test_both_changing_the_two_sided_check_is_a_conflict_that_names_it():
    base = Workbook(Venture("Brightcell"), perception=PerceptionSurvey("A", "B"))
    ours = base.with_section(perception=add_round(base.perception, SurveyRound("Q1")))
    theirs = base.with_section(perception=add_round(base.perception, SurveyRound("Q2")))
    with pytest.raises(WorkbookConflict, match="the two-sided health check of your plan"):
        merge_workbooks(base, ours, theirs)


def test_a_first_save_without_a_file_writes_the_sections(tmp_path):
    path = tmp_path / "plan.json"
    wb = Workbook(Venture("Brightcell"), pilot=PilotCharter(fee="Pay $5 now"))
    snap = save_merged(path, wb, Snapshot(Workbook(Venture("Brightcell"))))
    assert load_snapshot(path).workbook.pilot.fee == "Pay $5 now" == snap.workbook.pilot.fee
