"""The widgets of working with the corporation, driven without a browser."""

from __future__ import annotations

import re

import ipywidgets as w
import pytest

from alliancelab.steering import check_steering
from alliancelab.widgets import PARTNERING
from alliancelab.widgets.partnering import (
    PilotCharterExercise,
    SteeringCommitteeExercise,
    TwoSidedHealthExercise,
)
from alliancelab.workbook import example_workbook, load_workbook
from bench.steps import demo, step

#: the benchmark's adapter: open an exercise on a saved example plan, make a typical change


@pytest.fixture
def path(tmp_path):
    return tmp_path / "team.workbook.json"


@pytest.mark.parametrize(
    "cls", [TwoSidedHealthExercise, PilotCharterExercise, SteeringCommitteeExercise]
)
def test_each_opens_on_the_example_and_draws(cls):
    ex = cls.for_example()
    assert ex.error.value == "" and ex.path is None
    assert "<img" in ex.chart.value


def test_two_sided_answers_are_saved_and_the_gap_is_flagged(path):
    ex = demo(TwoSidedHealthExercise, path)
    ex.answers["startup"]["trust"].value = 1
    ex.answers["corporate"]["trust"].value = 5
    saved = load_workbook(path).perception.latest
    assert saved.startup["trust"] == 1 and saved.corporate["trust"] == 5
    assert "Trust" in ex.first.value


def test_a_new_review_starts_from_the_last_answers_and_a_used_label_is_refused(path):
    ex = demo(TwoSidedHealthExercise, path)
    before = ex.workbook.perception
    ex.round_label.value = "Year 3 review"
    ex.add_button.click()
    after = load_workbook(path).perception
    assert after.labels == (*before.labels, "Year 3 review")
    assert after.latest.startup == before.latest.startup
    assert "<img" in ex.trend.value
    ex.round_label.value = "year 3 review"
    ex.add_button.click()
    assert "is already used" in ex.error.value
    assert load_workbook(path).perception.labels == after.labels


def test_pilot_fields_save_and_bad_entries_change_nothing(path):
    ex = demo(PilotCharterExercise, path)
    ex.boxes["payment_days"].value = "120"
    assert load_workbook(path).pilot.payment_days == 120
    assert "120 days, more than 60" in ex.checks.value
    ex.boxes["decision_date"].value = "next spring"
    assert "decision_date must be a date written YYYY-MM-DD" in ex.error.value
    ex.boxes["payment_days"].value = "ninety"
    assert "payment_days must be a whole number of days" in ex.error.value
    assert load_workbook(path).pilot.payment_days == 120


def test_pilot_criteria_are_one_per_line(path):
    ex = demo(PilotCharterExercise, path)
    ex.boxes["kill_criteria"].value = "No data by week 6\n\n  Cost above 2x plan  "
    assert load_workbook(path).pilot.kill_criteria == ("No data by week 6", "Cost above 2x plan")


def test_steering_text_is_read_into_members_and_rungs(path):
    ex = demo(SteeringCommitteeExercise, path)
    ex.boxes["members"].value = "Ana; start-up; CEO\nLi; corporate; VP"
    ex.boxes["ladder"].value = "Managers; 14\nThe two CEOs"
    sc = load_workbook(path).steering
    assert [m.name for m in sc.members] == ["Ana", "Li"]
    assert [r.deadline_days for r in sc.ladder] == [14, None]
    assert "Only the start-up" in ex.checks.value and "has no deadline" in ex.checks.value
    ex.boxes["ladder"].value = "Managers; soon"
    assert "the deadline must be a whole number of days" in ex.error.value
    assert load_workbook(path).steering.ladder == sc.ladder


def test_the_example_committee_passes_its_check():
    assert check_steering(example_workbook().steering) == ()
    assert "no gaps found" in SteeringCommitteeExercise.for_example().checks.value


@pytest.mark.parametrize(
    "cls", [TwoSidedHealthExercise, PilotCharterExercise, SteeringCommitteeExercise]
)
def test_bench_steps_change_the_plan(cls, path):
    ex = demo(cls, path)
    before = ex.workbook
    step(ex, 1)
    assert ex.workbook != before and ex.error.value == ""


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


@pytest.mark.parametrize("name", sorted(PARTNERING))
def test_layout_has_no_fixed_pixel_widths_and_rows_wrap(name, path):
    cls = PARTNERING[name]
    for ex in (cls.for_example(), demo(cls, path)):
        for widget in _walk(ex.view):
            layout = getattr(widget, "layout", None)
            for attr in ("width", "min_width", "flex"):
                value = getattr(layout, attr, None) or ""
                assert not re.search(r"\d+px", value), (type(widget).__name__, attr, value)
            if type(widget) is w.HBox:
                assert widget.layout.flex_flow == "row wrap", widget
