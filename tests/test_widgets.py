"""Exercise widgets driven without a browser: set values, read the workbook and outputs."""

from __future__ import annotations

import base64
import json
import re

import pytest

from alliancelab.widgets import (
    EXERCISES,
    CapabilityExercise,
    DealDesignExercise,
    HealthCheckExercise,
    PortfolioExercise,
    ResourceMapExercise,
    RiskMatrixExercise,
    ScorecardExercise,
    table_html,
)
from alliancelab.workbook import load_workbook
from bench.steps import demo, step

#: the benchmark's adapter: open an exercise on a saved example plan, make a typical change


@pytest.fixture
def path(tmp_path):
    return tmp_path / "team.workbook.json"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_opens_on_the_example_without_error_and_draws_its_outputs(exercise_id):
    ex = EXERCISES[exercise_id].for_example()
    assert ex.error.value == ""
    assert ex.path is None  # the worked example is never saved
    html = "".join(
        getattr(ex, name).value for name in ("chart", "table", "triggers") if hasattr(ex, name)
    )
    assert "<img" in html or "<table" in html


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_each_change_is_saved_and_reloads_to_the_same_plan(exercise_id, path):
    ex = demo(EXERCISES[exercise_id], path)
    before = load_workbook(path)
    step(ex, 1)
    assert ex.error.value == ""
    assert ex.saves == 1
    assert "Saved" in ex.status.value
    assert load_workbook(path) == ex.workbook != before
    for i in range(2, 5):
        step(ex, i)
    assert ex.error.value == ""
    assert load_workbook(path) == ex.workbook


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_the_widget_shows_a_short_stable_text_form(exercise_id):
    ex = EXERCISES[exercise_id].for_example()
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == f"{ex.title} (interactive exercise)"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_new_learner_starts_from_the_example_and_nothing_is_written_until_a_change(path):
    ex = ScorecardExercise.for_workbook(path)
    assert "fictional" in ex.notice.value
    assert not path.exists()
    ex.sliders["reputation"].value = 1
    assert path.exists()
    saved = load_workbook(path)
    assert saved.scorecards[0].scores["reputation"].value == 1


def _download(html: str) -> tuple[str, bytes]:
    match = re.search(r'<a [^>]*?download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', html)
    assert match, f"no download link in {html[:200]!r}"
    return match.group(1), base64.b64decode(match.group(2))


def test_the_download_link_hands_out_exactly_the_saved_file_and_the_status_points_to_it(path):
    ex = ScorecardExercise.for_workbook(path)
    assert "download" not in ex.status.value  # nothing saved yet, nothing to keep
    ex.sliders["reputation"].value = 1
    assert "the download link below" in ex.status.value
    assert "<a download" not in ex.status.value  # the plan travels once, in the link below
    name, data = _download(ex.download.value)
    assert name == path.name
    assert data == path.read_bytes()  # the copy is exactly the saved file
    ex.sliders["reputation"].value = 3
    assert _download(ex.download.value)[1] == path.read_bytes()
    assert load_workbook(path).scorecards[0].scores["reputation"].value == 3


def test_case_view_offers_no_workbook_download():
    ex = ScorecardExercise.for_case("tesla")
    ex.sliders["reputation"].value = 1
    assert "<a download" not in ex.status.value
    assert not hasattr(ex, "download")  # no plan file box: a case is not the learner's plan


def test_corrupt_workbook_is_reported_and_never_overwritten(path):
    path.write_text("{not json", encoding="utf-8")
    ex = ScorecardExercise.for_workbook(path)
    assert "Saving is switched off" in ex.notice.value
    ex.sliders["reputation"].value = 2
    assert path.read_text(encoding="utf-8") == "{not json"
    assert "Not saving" in ex.status.value


def test_bad_entry_shows_a_message_not_a_traceback_and_keeps_the_saved_plan(path):
    ex = demo(ScorecardExercise, path)
    saved = path.read_bytes()
    ex.new_candidate.value = "   "
    ex.add_candidate.click()
    assert "candidate name must not be empty" in ex.error.value
    assert 'role="alert"' in ex.error.value
    assert path.read_bytes() == saved
    ex.new_candidate.value = "Brightwave Labs"
    ex.add_candidate.click()
    assert ex.error.value == ""
    assert "Brightwave Labs" in [c.candidate for c in load_workbook(path).scorecards]


def test_scorecard_warns_about_a_weak_link_hidden_by_a_strong_total():
    ex = ScorecardExercise.for_example()
    ex.candidate.value = ex.workbook.scorecards[0].candidate
    for name in ex.sliders:
        ex.sliders[name].value = 5
    ex.sliders["cultural similarity"].value = 1
    assert "Weak link" in ex.warnings.value
    assert "cultural similarity" in ex.warnings.value


def test_scorecard_refuses_all_zero_weights_and_names_the_field(path):
    ex = demo(ScorecardExercise, path)
    for slider in ex.weights.values():
        slider.value = 0
    assert "weight" in ex.error.value
    assert sum(c.weight for c in load_workbook(path).criteria) > 0


def test_resource_map_needs_a_partner_name_and_says_so(path):
    ex = demo(ResourceMapExercise, path)
    saved = path.read_bytes()
    ex.partner.value = ""
    assert "partner must be named" in ex.error.value
    assert path.read_bytes() == saved


def test_resource_map_shows_a_gap_when_a_need_has_no_provider(path):
    ex = demo(ResourceMapExercise, path)
    ex.new_category.value = "clinical sites"
    ex.add_category.click()
    ex.needs["execution"]["clinical sites"].value = True
    assert "clinical sites" in ex.reading.value
    assert "gap" in ex.table.value


def test_risk_matrix_new_assessment_copies_ratings_and_compares(path):
    ex = demo(RiskMatrixExercise, path)
    name = next(iter(ex.likelihood))
    ex.new_label.value = "after the pilot"
    ex.add_label.click()
    assert ex.assessment.value == "after the pilot"
    ex.likelihood[name].value = 1 if ex.likelihood[name].value != 1 else 5
    reg = load_workbook(path).risk_register
    assert "after the pilot" in reg.assessments
    assert ex.changes.value  # a comparison table is shown


def test_risk_matrix_refuses_a_duplicate_risk(path):
    ex = demo(RiskMatrixExercise, path)
    ex.new_risk.value = next(iter(ex.likelihood))
    ex.add_risk.click()
    assert "already in the register" in ex.error.value


def test_deal_design_recommends_and_keeps_charter_text(path):
    ex = demo(DealDesignExercise, path)
    ex.charter["scope"].value = "Candidate A only; <b>no</b> platform rights"
    assert load_workbook(path).charter.scope.startswith("Candidate A only")
    assert "The factors point to" in ex.recommendation.value


def test_deal_design_bad_trigger_threshold_is_refused(path):
    ex = demo(DealDesignExercise, path)
    saved = path.read_bytes()
    ex.trigger_controls[0]["name"].value = ""
    assert ex.error.value
    assert path.read_bytes() == saved


def test_health_check_escalates_when_signals_pile_up(path):
    ex = demo(HealthCheckExercise, path)
    for box in ex.signals.values():
        box.value = True
    for slider in ex.mismatch.values():
        slider.value = 5
    assert "prepare exit" in ex.verdict.value


def test_portfolio_add_and_remove_alliances(path):
    ex = demo(PortfolioExercise, path)
    n = len(ex.workbook.portfolio)
    ex.add.click()
    assert len(load_workbook(path).portfolio) == n + 1
    ex.partner.value = "Northwind Diagnostics"
    assert load_workbook(path).portfolio[-1].partner == "Northwind Diagnostics"
    ex.remove.click()
    assert len(load_workbook(path).portfolio) == n


def test_a_complete_pass_through_all_eight_exercises_exports_every_section(path):
    # a fictional tenant works through every exercise on their own file, exporting last
    demo(ScorecardExercise, path).sliders["stability"].value = 2
    middle = [x for x in sorted(EXERCISES) if x[:2] not in ("01", "07")]
    assert len(middle) == 5 + 3  # exercises 2-6, and the three parts of exercise 8
    for exercise_id in middle:
        step(EXERCISES[exercise_id].for_workbook(path), 1)
    last = CapabilityExercise.for_workbook(path)
    last.levels["training"].value = 2
    last.export()
    assert "Plan ready" in last.exported.value
    md = (path.parent / "team-plan.md").read_text(encoding="utf-8")
    html = (path.parent / "team-plan.html").read_text(encoding="utf-8")
    for heading in (
        "Partner scorecard",
        "Resource map",
        "Risk register",
        "Governance and time horizon",
        "Alliance charter",
        "Exit triggers",
        "Health check",
        "Alliance portfolio",
        "Alliance capability",
        "Pilot charter",
        "Steering committee and escalation",
        "Two-sided health check",
    ):
        assert f"## {heading}" in md
        assert f"<h2>{heading}</h2>" in html
    assert "Not filled in yet" not in md
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["capability"]["practices"]["training"] == 2


@pytest.mark.parametrize("case", ["tesla", "lego", "biotech"])
@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_opens_on_every_case(exercise_id, case):
    ex = EXERCISES[exercise_id].for_case(case)
    assert ex.error.value == ""
    assert ex.path is None and not ex.can_save
    assert "Nothing here is saved" in ex.notice.value


# --------------------------------------------------------------------------- numbers
# Numbers read as a reader expects: whole numbers without decimals, units singular or
# plural ("6 years", "1 month", "4 months late"), in the tables and texts of the widgets.


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (6.0, "years", "6 years"),
        (1.0, "years", "1 year"),
        (1, "months", "1 month"),
        (4.0, "months late", "4 months late"),
        (1.0, "months late", "1 month late"),
        (2.5, "years", "2.5 years"),
        (3.75, "", "3.75"),
        (10.0, "%", "10%"),
        (1200.0, "days", "1,200 days"),
        (0.0, "weeks", "0 weeks"),
        (float("nan"), "years", ""),
    ],
)
def test_quantity_writes_whole_numbers_without_decimals_and_the_unit_in_number(value, unit, text):
    from alliancelab._text import quantity

    assert quantity(value, unit) == text


def test_an_observed_reading_is_written_in_its_metrics_terms():
    from alliancelab._text import reading

    assert reading(4.0, "months late") == "4 months late"
    assert reading(1.0, "months late") == "1 month late"
    assert reading(10.0, "cost overrun %") == "10%"
    assert reading(1.0, "goal achieved") == "1"


def test_tables_write_whole_numbers_without_decimals_and_align_headers_with_cells():
    import pandas as pd

    html = table_html(pd.DataFrame({"name": ["a", "b"], "score": [4.0, 3.75]}))
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert cells == ["a", "4", "b", "3.75"]
    assert "text-align: right" not in html  # pandas's default for headers
    assert 'style="text-align: left;"' in html


def test_the_health_check_writes_each_observation_in_its_metrics_terms():
    ex = HealthCheckExercise.for_example()
    table = ex.triggers.value
    assert "4 months late" in table and "10%" in table
    assert not re.search(r"\d\.\d0\b", table)  # no "4.00"


def test_the_signal_descriptions_line_up_under_their_boxes():
    ex = HealthCheckExercise.for_example()
    rows = [
        c
        for c in walk_widgets(ex.view)
        if any(
            "alliancelab-signal-about" in getattr(k, "_dom_classes", ())
            for k in getattr(c, "children", ())
        )
    ]
    assert len(rows) == len(ex.signals)
    assert all(type(r).__name__ == "VBox" for r in rows)  # box above, description below


def walk_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk_widgets(child)


def test_the_sliders_read_out_whole_numbers_without_decimals():
    ex = DealDesignExercise.for_example()
    assert ex.factors["time_horizon_years"].readout_format == ".3"  # d3: "6", "2.5"
    card = ScorecardExercise.for_example()
    assert all(s.readout_format == ".3" for s in card.weights.values())
