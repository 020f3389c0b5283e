import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelab.report import export_plan, to_html, to_markdown
from alliancelab.workbook import (
    CHARTER_FIELDS,
    FORMAT,
    SCHEMA_VERSION,
    Charter,
    Venture,
    Workbook,
    WorkbookError,
    example_workbook,
    load_workbook,
    save_workbook,
)


@pytest.fixture
def example():
    return example_workbook()


def test_example_workbook_is_a_complete_plan_of_a_fictional_venture(example):
    assert "fictional" in example.venture.description.lower()
    for section in ("scorecards", "resource_map", "risk_register", "charter", "exit_triggers"):
        assert section in example.completed_sections()


def test_save_then_load_gives_back_the_same_workbook(tmp_path, example):
    path = save_workbook(example, tmp_path / "plan.json")
    assert load_workbook(path) == example


def test_saved_file_names_its_format_and_schema_version(tmp_path, example):
    doc = json.loads(save_workbook(example, tmp_path / "p.json").read_text())
    assert doc["format"] == FORMAT
    assert doc["schema_version"] == SCHEMA_VERSION


def test_save_leaves_no_temporary_files_behind(tmp_path, example):
    save_workbook(example, tmp_path / "plan.json")
    save_workbook(example, tmp_path / "plan.json")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_failed_save_keeps_the_previous_file(tmp_path, example, monkeypatch):
    path = save_workbook(example, tmp_path / "plan.json")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    changed = replace(example, venture=Venture("Another name"))
    with pytest.raises(OSError, match="disk full"):
        save_workbook(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"name": "something else"}', "not an Alliance Lab workbook"),
        ("[1, 2, 3]", "not an Alliance Lab workbook"),
        (
            json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION + 1, "venture": {}}),
            "newer Alliance Lab",
        ),
        (json.dumps({"format": FORMAT, "schema_version": "1"}), "schema_version must be"),
        (json.dumps({"format": FORMAT, "schema_version": 1}), "no venture section"),
        (
            json.dumps({"format": FORMAT, "schema_version": 1, "venture": {"name": ""}}),
            "section 'venture'.*venture name must not be empty",
        ),
        (
            json.dumps(
                {"format": FORMAT, "schema_version": 1, "venture": {"name": "x"}, "extra": 1}
            ),
            "unknown sections",
        ),
    ],
)
def test_bad_file_gives_a_clear_message_and_is_left_untouched(tmp_path, content, message):
    path = tmp_path / "plan.json"
    path.write_text(content)
    with pytest.raises(WorkbookError, match=message):
        load_workbook(path)
    assert path.read_text() == content


def test_invalid_rating_inside_a_section_is_reported_with_the_section(tmp_path, example):
    doc = example.to_dict()
    doc["scorecards"][0]["scores"] = {"reputation": {"value": 9, "rationale": ""}}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkbookError, match="section 'scorecards'"):
        load_workbook(path)


def test_missing_file_is_reported_by_name(tmp_path):
    with pytest.raises(WorkbookError, match="no workbook at"):
        load_workbook(tmp_path / "absent.json")


def test_exported_plan_has_every_section(example):
    md = to_markdown(example)
    for heading in (
        "Venture",
        "Partner scorecard",
        "Resource map",
        "Risk register",
        "Governance and time horizon",
        "Alliance charter",
        "Exit triggers",
        "Alliance portfolio",
        "Alliance capability",
    ):
        assert f"## {heading}" in md
    assert example.charter.objectives.split()[0] in md


def test_learner_text_is_escaped_in_html_and_markdown():
    nasty = '<img src=x onerror="alert(1)">'
    wb = Workbook(Venture("Co", description=nasty), charter=Charter(scope=nasty))
    page = to_html(wb)
    assert "<img" not in page
    assert "&lt;img" in page
    assert "<img" not in to_markdown(wb)


def test_export_plan_writes_markdown_and_html(tmp_path, example):
    md, page = export_plan(example, tmp_path / "plan")
    assert md.name == "plan.md" and page.name == "plan.html"
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_charter_reports_missing_fields_in_charter_order():
    assert Charter(scope="x").missing() == [f for f in CHARTER_FIELDS if f != "scope"]


text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40)


@given(name=text.filter(lambda s: s.strip()), description=text, scope=text, note=text)
def test_workbook_round_trips_through_json_for_any_text(name, description, scope, note):
    wb = Workbook(
        Venture(name, description=description),
        charter=Charter(scope=scope),
        reflections={"exercise 1": note},
    )
    again = Workbook.from_dict(json.loads(json.dumps(wb.to_dict())))
    assert again == wb
