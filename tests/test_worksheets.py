"""Printable worksheets: one PDF per exercise, built from the definitions the widgets use.

The labels are checked against the package's own definitions (not copied strings), so a
change to a definition that the paper form does not follow fails here.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from alliancelab import worksheets
from alliancelab.capability import CAPABILITY_PRACTICES, PRACTICE_LEVELS
from alliancelab.governance import FACTOR_LABELS, FACTORS, GOVERNANCE_MODES
from alliancelab.lifecycle import EXIT_SIGNALS, MISMATCH_DIMENSIONS, VERDICTS, ExitTrigger
from alliancelab.portfolio import DIRECTIONS, PURPOSES
from alliancelab.resources import ALLIANCE_STAGES, RESOURCE_CATEGORIES, RESOURCE_STATUSES
from alliancelab.risks import RISK_CLASSES, SEVERITY_BANDS, STANDARD_RISKS
from alliancelab.scorecard import SELECTION_FACTORS
from alliancelab.workbook import CHARTER_FIELDS
from alliancelab.worksheets import (
    PARTNERING_WORKSHEETS,
    WORKSHEETS,
    get_worksheet,
    worksheet_html,
    write_worksheets,
)

pypdf = pytest.importorskip("pypdf")

pytestmark = pytest.mark.toolchain  # WeasyPrint, pypdf
# the tests that render PDFs with WeasyPrint take seconds each: `make test-fast` skips them
renders_pdfs = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


# What each sheet must show, taken from the package's definitions.
EXPECTED: dict[str, list[str]] = {
    "01-partner-scorecard": [*SELECTION_FACTORS, "Your own criterion", "Weight", "Weak link"],
    "02-resource-map": [*RESOURCE_CATEGORIES, *ALLIANCE_STAGES, *RESOURCE_STATUSES],
    "03-risk-matrix": [
        *(r.name for r in STANDARD_RISKS),
        *RISK_CLASSES,
        *SEVERITY_BANDS,
        "Owner",
        "Mitigation",
        "Likelihood",
        "Impact",
    ],
    "04-deal-design": [
        *(m.name for m in GOVERNANCE_MODES),
        *(FACTOR_LABELS[f] for f in FACTORS),
        *(_label(f) for f in CHARTER_FIELDS),
        *(_label(f.name) for f in dataclasses.fields(ExitTrigger)),
    ],
    "05-health-check-and-exit": [
        *(s.name for s in EXIT_SIGNALS),
        *MISMATCH_DIMENSIONS,
        *VERDICTS,
        *(_label(f.name) for f in dataclasses.fields(ExitTrigger)),
        "Observed",
    ],
    "06-portfolio-review": [*RESOURCE_CATEGORIES, *PURPOSES, *DIRECTIONS],
    "07-capability-plan": [*(p.name for p in CAPABILITY_PRACTICES), *PRACTICE_LEVELS],
}


def _flat(text: str) -> str:
    """PDF text with line breaks and repeated spaces folded, in lowercase."""
    return re.sub(r"\s+", " ", text).lower()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    try:
        paths = write_worksheets(tmp_path_factory.mktemp("worksheets"))
    except RuntimeError as exc:  # WeasyPrint or Pango missing: say so, do not hide it
        pytest.fail(f"cannot render worksheets: {exc}")
    return {p.stem: p for p in paths}


def test_there_is_one_worksheet_per_exercise_notebook():
    notebooks = sorted(p.stem for p in (ROOT / "exercises").glob("[0-9][0-9]-*.ipynb"))
    # exercise 8 has three parts, each with the sheet of its chapter (PARTNERING_WORKSHEETS,
    # tests/test_partnering_worksheets.py)
    assert [*(w.slug for w in WORKSHEETS), "08-working-with-the-corporation"] == notebooks
    assert set(EXPECTED) == {w.slug for w in WORKSHEETS}
    assert len(PARTNERING_WORKSHEETS) == 3


@renders_pdfs
def test_write_worksheets_writes_one_pdf_per_sheet_named_after_its_exercise(pdfs):
    assert sorted(pdfs) == sorted([*EXPECTED, *(w.slug for w in PARTNERING_WORKSHEETS)])
    for path in pdfs.values():
        assert path.read_bytes().startswith(b"%PDF-")


@renders_pdfs
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_worksheet_is_one_or_two_a4_pages(pdfs, slug):
    reader = pypdf.PdfReader(pdfs[slug])
    assert 1 <= len(reader.pages) <= 2, f"{slug} has {len(reader.pages)} pages"
    orientation = get_worksheet(slug).orientation
    for page in reader.pages:
        width_mm = float(page.mediabox.width) / 72 * 25.4
        height_mm = float(page.mediabox.height) / 72 * 25.4
        size = sorted((round(width_mm), round(height_mm)))
        assert size == [210, 297], f"{slug} is not A4: {width_mm:.0f} x {height_mm:.0f} mm"
        assert (width_mm > height_mm) == (orientation == "landscape")


@renders_pdfs
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_worksheet_prints_the_labels_of_the_package_definitions(pdfs, slug):
    text = _flat(" ".join(page.extract_text() for page in pypdf.PdfReader(pdfs[slug]).pages))
    missing = [label for label in EXPECTED[slug] if _flat(label) not in text]
    assert not missing, f"{slug} lacks {missing}"


@renders_pdfs
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_page_has_a_footer_with_course_name_and_exercise_link(pdfs, slug):
    for number, page in enumerate(pypdf.PdfReader(pdfs[slug]).pages, start=1):
        text = _flat(page.extract_text())
        assert worksheets.COURSE_NAME.lower() in text
        assert f"exercises/{slug}.html" in text.replace(" ", ""), f"{slug} page {number}"
        assert f"page {number} of" in text


def test_risk_matrix_grid_gives_every_cell_its_band_label():
    from alliancelab.risks import severity_band

    page = worksheet_html("03-risk-matrix")
    cells = re.findall(r'<span class="bandname">([^<]+)</span><span class="sev">(\d+)</span>', page)
    assert len(cells) == 25
    for band, severity in cells:
        assert band == severity_band(int(severity))
    # black-and-white printable: each band has its own hatching class, not colour alone
    classes = set(re.findall(r'<td class="(band\d)">', page))
    assert len(classes) == len(SEVERITY_BANDS)


def test_text_from_definitions_is_escaped(monkeypatch):
    from alliancelab import worksheets as ws

    monkeypatch.setattr(ws, "MISMATCH_DIMENSIONS", ("speed <script>alert(1)</script>",))
    page = worksheet_html("05-health-check-and-exit")
    assert "<script>" not in page
    assert "speed &lt;script&gt;" in page


def test_base_url_puts_the_full_exercise_link_in_the_footer():
    page = worksheet_html("07-capability-plan", base_url="https://lab.example/course/")
    assert "https://lab.example/course/exercises/07-capability-plan.html" in page


def test_unknown_sheet_is_refused_with_the_allowed_names():
    with pytest.raises(ValueError, match=r"worksheet must be one of 01-partner-scorecard.*got 'x'"):
        get_worksheet("x")


def test_render_pdf_explains_a_missing_weasyprint(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ModuleNotFoundError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(RuntimeError, match=r"pip install 'alliancelab\[worksheets\]'"):
        worksheets.render_pdf("<p>x</p>", tmp_path / "x.pdf")


@renders_pdfs
def test_command_line_writes_the_chosen_sheets(tmp_path, capsys):
    assert worksheets.main([str(tmp_path), "--only", "3", "07-capability-plan"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "03-risk-matrix.pdf",
        "07-capability-plan.pdf",
    ]
    assert "03-risk-matrix.pdf" in capsys.readouterr().out


@renders_pdfs
def test_facilitation_page_lists_each_worksheet_with_its_true_page_count(pdfs):
    page = (ROOT / "book" / "instructors" / "facilitation.md").read_text(encoding="utf-8")
    for slug, path in pdfs.items():
        row = re.search(rf"/_build/worksheets/{slug}\.pdf>`\s*\|\s*(\d+),\s*(\w+)", page)
        assert row, f"facilitation.md has no download row for {slug}"
        pages, orientation = int(row.group(1)), row.group(2)
        assert pages == len(pypdf.PdfReader(path).pages), slug
        assert orientation == get_worksheet(slug).orientation, slug


@pytest.mark.slow
def test_site_offers_every_worksheet_for_download_from_the_facilitation_page(built_book):
    page = built_book / "book" / "instructors" / "facilitation.html"
    hrefs = re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8"))
    offered = {Path(h).stem: (page.parent / h).resolve() for h in hrefs}
    assert sorted(offered) == sorted([*EXPECTED, *(w.slug for w in PARTNERING_WORKSHEETS)])
    for slug, path in offered.items():
        assert path.is_file(), f"{slug}: {path} is not in the site"
        assert len(pypdf.PdfReader(path).pages) in (1, 2)
