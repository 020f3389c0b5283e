"""Exercise widgets fit any screen and start the learner's own plan with their venture."""

from __future__ import annotations

import base64
import datetime
import json
import re

import ipywidgets as w
import pytest

from alliancelab.report import to_markdown
from alliancelab.widgets import EXERCISES, ResourceMapExercise
from alliancelab.widgets._layout import EXERCISE_CSS, NARROW
from alliancelab.workbook import example_workbook, load_workbook, save_workbook


def walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "mine.workbook.json"
    save_workbook(example_workbook(), p)
    return p


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_no_control_of_any_exercise_has_a_fixed_pixel_width(exercise_id, path):
    for ex in (EXERCISES[exercise_id].for_example(), EXERCISES[exercise_id].for_workbook(path)):
        for widget in walk(ex.view):
            layout = getattr(widget, "layout", None)
            if layout is None:
                continue
            for name in ("width", "min_width", "flex"):
                value = getattr(layout, name) or ""
                assert not re.search(r"\d+px", value), (type(widget).__name__, name, value)
            grid = getattr(layout, "grid_template_columns", None) or ""
            assert "px" not in grid


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_carries_its_stylesheet_and_wraps_its_rows(exercise_id):
    ex = EXERCISES[exercise_id].for_example()
    assert ex.view.children[0].value == f"<style>{EXERCISE_CSS}</style>"
    for widget in walk(ex.view):
        if type(widget) is w.HBox:
            assert widget.layout.flex_flow == "row wrap", widget


def test_the_stylesheet_stacks_labels_on_a_phone_and_keeps_text_at_body_scale():
    assert f"@media (max-width: {NARROW}px)" in EXERCISE_CSS
    assert NARROW >= 390 + 100  # a phone (390 px) is narrow, a laptop column is not
    sizes = [int(s) for s in re.findall(r"font-size: (\d+)px", EXERCISE_CSS)]
    # the body's 16 px for text, controls and tables; small print one pixel less
    assert sizes and min(sizes) >= 15 and max(sizes) == 16
    assert "--jp-widgets-font-size: 16px" in EXERCISE_CSS


def test_a_case_view_has_no_venture_box_and_an_own_plan_starts_with_it(path):
    case = ResourceMapExercise.for_case("tesla")
    assert case.venture.children == ()
    mine = ResourceMapExercise.for_workbook(path)
    assert mine.view.children.index(mine.venture) < mine.view.children.index(mine.status)
    assert mine.venture_name.value == example_workbook().venture.name


def test_renaming_the_venture_is_saved_and_used_everywhere_in_the_plan(path):
    ex = ResourceMapExercise.for_workbook(path)
    ex.venture_name.value = "Brightcell"
    ex.venture_description.value = "Battery diagnostics for fleets"
    saved = load_workbook(path)
    assert saved.venture.name == "Brightcell"
    assert saved.venture.description == "Battery diagnostics for fleets"
    assert saved.resource_map.venture == "Brightcell"
    assert "Brightcell" in " ".join(b.tooltip for b in ex.brings["venture"].values())
    assert to_markdown(saved).startswith("# Alliance plan: Brightcell\n")


def test_a_venture_named_like_its_partner_is_refused_by_name(path):
    ex = ResourceMapExercise.for_workbook(path)
    partner = ex.workbook.resource_map.partner
    ex.venture_name.value = partner
    assert "venture and partner must be different names" in ex.error.value
    assert load_workbook(path).venture.name == example_workbook().venture.name


# ---------------------------------------------------------------- the plan file moves


def upload(ex, data: bytes, name: str = "plan.json") -> None:
    ex.upload.value = (
        {
            "name": name,
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        },
    )


def test_an_own_plan_offers_its_file_for_download(path):
    ex = ResourceMapExercise.for_workbook(path)
    link = ex.download.value
    assert 'download="mine.workbook.json"' in link and "Download my plan file" in link
    encoded = re.search(r"base64,([^\"]+)", link).group(1)
    assert json.loads(base64.b64decode(encoded))["venture"]["name"] == ex.workbook.venture.name


def test_loading_a_plan_file_continues_from_it_and_keeps_the_replaced_plan(path, tmp_path):
    other = example_workbook().with_venture("Brightcell", "Battery diagnostics")
    data = save_workbook(other, tmp_path / "from-another-browser.json").read_bytes()
    before = path.read_bytes()
    ex = ResourceMapExercise.for_workbook(path)
    upload(ex, data, "from-another-browser.json")
    assert ex.error.value == ""
    assert load_workbook(path).venture.name == "Brightcell"
    assert ex.venture_name.value == "Brightcell"
    assert (path.parent / "mine.workbook.before-load.json").read_bytes() == before
    assert "Brightcell" in ex.notice.value and "before-load" in ex.notice.value
    assert ex.upload.value == ()


def test_loading_a_bad_plan_file_changes_nothing_and_says_why(path):
    before = path.read_bytes()
    ex = ResourceMapExercise.for_workbook(path)
    upload(ex, b"{not json", "holiday-photos.json")
    assert "holiday-photos.json is not valid JSON" in ex.error.value
    assert "Your plan was not changed" in ex.error.value
    assert path.read_bytes() == before
    assert not (path.parent / "mine.workbook.before-load.json").exists()


def test_loading_a_good_plan_file_repairs_an_unreadable_one(path, tmp_path):
    path.write_text("{broken")
    ex = ResourceMapExercise.for_workbook(path)
    assert not ex.can_save and ex.download.value == ""
    data = save_workbook(example_workbook(), tmp_path / "copy.json").read_bytes()
    upload(ex, data, "copy.json")
    assert ex.can_save and load_workbook(path) == example_workbook()
    assert (path.parent / "mine.workbook.before-load.json").read_text() == "{broken"


# ---------------------------------------------------------------- what can be added can be removed


def test_a_category_the_learner_added_can_be_removed_with_its_ticks(path):
    ex = ResourceMapExercise.for_workbook(path)
    assert ex.remove_category.disabled  # nothing of the learner's own yet
    ex.new_category.value = "Lab space"
    ex.add_category.click()
    ex.brings["venture"]["lab space"].value = True
    assert "lab space" in load_workbook(path).resource_map.brought_by(ex.workbook.venture.name)
    assert ex.removable.value == "lab space" and not ex.remove_category.disabled
    ex.remove_category.click()
    assert ex.error.value == ""
    saved = load_workbook(path).resource_map
    assert "lab space" not in saved.brought_by(saved.venture)
    assert "lab space" not in ex.brings["venture"]


def test_an_assessment_can_be_removed_but_not_the_last_one(path):
    from alliancelab.widgets import RiskMatrixExercise

    ex = RiskMatrixExercise.for_workbook(path)
    labels = list(ex.assessment.options)
    assert len(labels) >= 2
    ex.assessment.value = labels[-1]
    ex.remove_label.click()
    assert ex.error.value == ""
    assert labels[-1] not in load_workbook(path).risk_register.assessments
    while len(ex.assessment.options) > 1:
        ex.remove_label.click()
    ex.remove_label.click()
    assert "must keep at least one assessment" in ex.error.value
    assert len(load_workbook(path).risk_register.assessments) == 1
