"""Hostile workbook files and odd text: a clear WorkbookError, never a traceback or a change."""

from __future__ import annotations

import json
import os

import pytest

from alliancelab.report import export_plan, to_html, to_markdown
from alliancelab.widgets import EXERCISES, DealDesignExercise, RiskMatrixExercise
from alliancelab.workbook import (
    MAX_WORKBOOK_BYTES,
    Venture,
    Workbook,
    WorkbookError,
    example_workbook,
    load_workbook,
    save_workbook,
)


def example_doc() -> dict:
    return example_workbook().to_dict()


def with_(**sections) -> str:
    doc = example_doc()
    doc.update(sections)
    return json.dumps(doc)


HOSTILE = {
    "a reflection that is a number": (
        with_(reflections={"scorecard": 7}),
        r"reflection 'scorecard' must be text \(str\), got int",
    ),
    "a 5,000-character reflection": (
        with_(reflections={"scorecard": "x" * 5000}),
        "reflection 'scorecard' must be at most 4000 characters, got 5000",
    ),
    "a 5,000-character governance choice": (
        with_(governance_choice="x" * 5000),
        "governance_choice must be at most 2000 characters, got 5000",
    ),
    "a governance choice outside the five modes": (
        with_(governance_choice="handshake deal"),
        "governance_choice must be one of 'informal cooperation', .*; got 'handshake deal'",
    ),
    "a 5,000-digit integer": (
        json.dumps(example_doc()).replace('"schema_version": 1', '"schema_version": ' + "9" * 5000),
        "holds a value no workbook has",
    ),
    "JSON nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, "nested far more deeply"),
    "a lone surrogate": (
        with_(venture={"name": "Bright\\ud800cell"}).replace("\\\\ud800", "\\ud800"),
        r"venture name holds a character that cannot be saved \(U\+D800",
    ),
    "a key given twice": (
        '{"format": "alliancelab-workbook", "schema_version": 1, "schema_version": 1}',
        "the key 'schema_version' appears twice in one object",
    ),
    "bytes that are not UTF-8": (b'{"format": "\xff"}', r"is not UTF-8 text \(byte 13\)"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_every_hostile_file_raises_a_workbook_error_naming_file_and_field(tmp_path, case):
    content, message = HOSTILE[case]
    path = tmp_path / "plan.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(WorkbookError, match=f"^plan.json.*{message}|{message}"):
        load_workbook(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_every_exercise_opens_a_hostile_file_with_saving_off_and_no_traceback(tmp_path, case):
    content, _message = HOSTILE[case]
    path = tmp_path / "plan.json"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    before = path.read_bytes()
    for cls in EXERCISES.values():
        ex = cls.for_workbook(path)
        assert not ex.can_save
        assert "Saving is switched off" in ex.notice.value
    assert path.read_bytes() == before


def test_a_byte_order_mark_is_read_like_any_utf8_file(tmp_path):
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + save_workbook(example_workbook(), path).read_bytes())
    assert load_workbook(path) == example_workbook()


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "plan.json"
    with path.open("wb") as fh:
        fh.truncate(MAX_WORKBOOK_BYTES + 1)  # sparse: nothing to read, but too large
    with pytest.raises(WorkbookError, match=r"plan\.json is larger than 5 MB \(5,000,001 bytes\)"):
        load_workbook(path)


def test_a_fifo_is_refused_as_not_a_regular_file_without_blocking(tmp_path):
    path = tmp_path / "plan.json"
    os.mkfifo(path)
    with pytest.raises(WorkbookError, match=r"plan\.json is not a regular file"):
        load_workbook(path)


def test_a_folder_where_the_file_should_be_is_refused(tmp_path):
    (tmp_path / "plan.json").mkdir()
    with pytest.raises(WorkbookError, match=r"plan\.json is not a regular file"):
        load_workbook(tmp_path / "plan.json")


# ---------------------------------------------------------------- odd text in the widgets


def test_a_lone_surrogate_typed_into_a_field_is_refused_by_name_and_not_saved(tmp_path):
    path = tmp_path / "plan.json"
    save_workbook(example_workbook(), path)
    before = path.read_bytes()
    ex = DealDesignExercise.for_workbook(path)
    ex.charter["scope"].value = "EU " + chr(0xD800) + " only"
    assert "charter scope holds a character that cannot be saved (U+D800" in ex.error.value
    assert path.read_bytes() == before
    ex.charter["scope"].value = "EU only"
    assert load_workbook(path).charter.scope == "EU only"


DOLLARS = ["Loss of $\\foo$ engineer", "Pay $5 now, $10 later", "50% $$ \\"]


@pytest.mark.parametrize("name", DOLLARS)
def test_a_risk_named_with_dollar_signs_is_drawn_saved_and_removable(tmp_path, name):
    path = tmp_path / "plan.json"
    save_workbook(example_workbook(), path)
    ex = RiskMatrixExercise.for_workbook(path)
    ex.new_risk.value = name
    ex.add_risk.click()
    assert ex.error.value == ""
    assert "<img" in ex.chart.value
    assert name in load_workbook(path).risk_register.names
    # the exercise goes on working after it
    ex.likelihood[name].value = 5
    assert ex.error.value == ""
    remove = [
        b
        for row in ex.rows.children
        for b in row.children[0].children
        if getattr(b, "tooltip", "") == f"Remove the risk {name} from the register"
    ]
    remove[0].click()
    assert name not in load_workbook(path).risk_register.names
    assert ex.error.value == ""


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_opens_and_draws_a_plan_full_of_dollar_signs(tmp_path, exercise_id):
    doc = example_doc()
    text = json.dumps(doc)
    # the venture's name appears in several sections; JSON-escape the replacement
    dollars = json.dumps("Corvanth $\\alpha$ Pay $5")[1:-1]
    text = text.replace("Corvanth Therapeutics", dollars)
    assert dollars in text
    path = tmp_path / "plan.json"
    path.write_text(text)
    ex = EXERCISES[exercise_id].for_workbook(path)
    assert ex.can_save and ex.error.value == ""
    assert "$\\alpha$" in ex.workbook.venture.name


# ---------------------------------------------------------------- the exported documents


HOSTILE_TEXT = "<script>alert(1)</script> | pipe\nnew line $5 and $10 " + "w" * 300


def hostile_plan() -> Workbook:
    wb = example_workbook()
    trigger = wb.exit_triggers[0]
    return wb.with_section(
        venture=Venture(HOSTILE_TEXT[:200]),
        exit_triggers=(
            trigger.__class__(trigger.name, trigger.metric, trigger.comparison, 1.0, HOSTILE_TEXT),
            *wb.exit_triggers[1:],
        ),
        reflections={"scorecard": HOSTILE_TEXT},
    )


def test_markdown_tables_stay_intact_with_pipes_and_line_breaks_in_cells():
    wb = hostile_plan()
    md = to_markdown(wb)
    lines = md.splitlines()
    start = lines.index("| Trigger | Metric | Condition | Action |")
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert len(rows) == 2 + len(wb.exit_triggers)
    for row in rows:
        # every row has the header's four cells: escaped pipes do not split cells
        cells = [c for c in row.replace("\\|", "").split("|")[1:-1]]
        assert len(cells) == 4
    assert "<script>" not in md


def test_html_export_escapes_hostile_text():
    page = to_html(hostile_plan())
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("call", [to_markdown, to_html])
def test_exports_refuse_what_is_not_a_workbook_with_a_type_error(call):
    with pytest.raises(TypeError, match="workbook must be a Workbook, got str"):
        call("my plan")


def test_export_plan_refuses_what_is_not_a_workbook(tmp_path):
    with pytest.raises(TypeError, match="workbook must be a Workbook, got dict"):
        export_plan({}, tmp_path / "plan")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_what_is_not_a_workbook(tmp_path):
    with pytest.raises(TypeError, match="workbook must be a Workbook, got NoneType"):
        save_workbook(None, tmp_path / "plan.json")
