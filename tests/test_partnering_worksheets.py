"""The paper worksheets of working with the corporation, built from the same definitions."""

import pytest

from alliancelab.perception import SURVEY_ITEMS
from alliancelab.pilot import PILOT_CHECKLIST, PILOT_LABELS
from alliancelab.steering import STEERING_CHECKLIST
from alliancelab.worksheets import (
    PARTNERING_WORKSHEETS,
    WORKSHEETS,
    get_worksheet,
    render_pdf,
    worksheet_html,
    write_worksheets,
)

SLUGS = [s.slug for s in PARTNERING_WORKSHEETS]


def test_the_chapter_sheets_follow_the_exercise_sheets_and_are_found_by_name_or_number():
    assert SLUGS == ["two-sided-health-check", "pilot-charter", "steering-committee"]
    assert [s.number for s in PARTNERING_WORKSHEETS] == [8, 9, 10]
    assert get_worksheet("9").slug == "pilot-charter"
    assert get_worksheet("steering-committee").number == 10
    assert not set(SLUGS) & {s.slug for s in WORKSHEETS}


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("two-sided-health-check", [i.statement for i in SURVEY_ITEMS]),
        ("pilot-charter", [q for _, q in PILOT_LABELS.values()][:3] + list(PILOT_CHECKLIST)),
        ("steering-committee", list(STEERING_CHECKLIST)),
    ],
)
def test_each_sheet_prints_the_package_definitions(slug, expected):
    page = worksheet_html(slug, base_url="https://example.org/lab/")
    for text in expected:
        assert text.replace("'", "&#39;") in page, text
    footer = (
        "the chapter on screen: https://example.org/lab/book/part2/working-with-corporations.html"
    )
    assert footer in page


def test_exercise_sheets_still_point_to_their_exercise():
    assert "the exercise on screen: exercises/05-health-check-and-exit.html" in worksheet_html(
        "05-health-check-and-exit"
    )


@pytest.mark.slow  # WeasyPrint
@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_prints_on_one_or_two_a4_pages(slug, tmp_path):
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    path = render_pdf(worksheet_html(slug), tmp_path / f"{slug}.pdf")
    reader = pypdf.PdfReader(path)
    assert 1 <= len(reader.pages) <= 2
    assert "Alliance Lab" in reader.pages[0].extract_text()


@pytest.mark.slow  # WeasyPrint
def test_write_worksheets_writes_a_chapter_sheet_on_request(tmp_path):
    pytest.importorskip("weasyprint")
    (path,) = write_worksheets(tmp_path, only=["two-sided-health-check"])
    assert path.name == "two-sided-health-check.pdf" and path.read_bytes()[:5] == b"%PDF-"
