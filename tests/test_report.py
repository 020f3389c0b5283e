"""The plan document: summary, sections, figures and escaping in PDF, HTML and Markdown."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from alliancelab import capability, governance, lifecycle, portfolio, resources, risks, scorecard
from alliancelab import workbook as wbmod
from alliancelab.casework import case_workbook
from alliancelab.export import main, pdf_available, render_html, render_markdown, render_pdf
from alliancelab.report import build_plan, export_plan, to_html, to_markdown, write_plan
from alliancelab.workbook import Venture, Workbook, example_workbook, save_workbook

ROOT = Path(__file__).resolve().parents[1]
needs_pdf = pytest.mark.skipif(not pdf_available(), reason="WeasyPrint or Pango missing")


def partial_plan() -> Workbook:
    """Exercises 1 and 2 done, the rest not yet."""
    wb = example_workbook()
    return Workbook(wb.venture, scorecards=wb.scorecards, resource_map=wb.resource_map)


PLANS = {
    "example": example_workbook,
    "biotech": lambda: case_workbook("biotech"),
    "lego": lambda: case_workbook("lego"),
    "tesla": lambda: case_workbook("tesla"),
    "partial": partial_plan,
    "empty": lambda: Workbook(Venture("X")),
}


def field_names() -> set[str]:
    """Every field name of the data model with an underscore (a reader must never see one)."""
    classes = [
        wbmod.Workbook, wbmod.Venture, wbmod.Charter, wbmod.HealthRecord,
        lifecycle.ExitTrigger, portfolio.Alliance, capability.CapabilityProfile,
        governance.GovernanceFactors, resources.ResourceMap, risks.RiskRegister, risks.Risk,
        scorecard.Scorecard, scorecard.Criterion,
    ]  # fmt: skip
    names = {f.name for cls in classes for f in dataclasses.fields(cls)}
    names |= set(scorecard.RANKING_COLUMNS) | set(risks.RISK_TABLE_COLUMNS)
    names |= {"needed_at", "depends_on", *governance.FACTORS}
    return {n for n in names if "_" in n}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    if not pdf_available():
        pytest.skip("WeasyPrint or Pango missing")
    return {name: render_pdf(build_plan(make())) for name, make in PLANS.items()}


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


# ---------------------------------------------------------------- the PDF


@pytest.mark.slow
@needs_pdf
@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("example", 8, 16), ("biotech", 5, 14), ("lego", 5, 14), ("tesla", 5, 14),
     ("partial", 3, 8), ("empty", 1, 3)],
)  # fmt: skip
def test_pdf_has_a_sane_page_count(pdfs, name, low, high):
    assert low <= len(pdf_pages(pdfs[name])) <= high


@pytest.mark.slow
@needs_pdf
@pytest.mark.parametrize("name", ["example", "biotech", "lego", "tesla"])
def test_pdf_page_one_is_the_summary_with_partner_top_risks_and_triggers(pdfs, name):
    wb = PLANS[name]()
    first = flat(pdf_pages(pdfs[name])[0]).replace("- ", "-")  # words split at a hyphen
    top = scorecard.rank_candidates(list(wb.scorecards), list(wb.criteria)).iloc[0]
    assert "Summary" in first and "Partner recommended" in first
    assert f"{top['candidate']}: weighted total {top['weighted_total']:.2f}" in first
    worst = risks.risk_table(wb.risk_register).iloc[0]
    assert "Top risks" in first and worst["name"].capitalize() in first
    assert "Exit triggers" in first
    for trigger in wb.exit_triggers:
        assert trigger.name.capitalize() in first
    assert "Next steps and open questions" in first


LONG_NAMES = {
    "200 characters": ("Northwind Applied Biologics and Advanced Materials " * 4)[:200].strip(),
    "one 80-character word": ("MEGAWORKS" * 9)[:80],
}


def long_named_plan(name: str) -> Workbook:
    """The example plan, its venture and its top candidate (the partner) both called ``name``."""
    wb = example_workbook()
    top = scorecard.rank_candidates(list(wb.scorecards), list(wb.criteria)).iloc[0]
    rmap = wb.resource_map
    partner = name[::-1]  # another name, as long
    return wb.with_section(
        venture=dataclasses.replace(wb.venture, name=name),
        scorecards=tuple(
            dataclasses.replace(s, candidate=partner) if s.candidate == top["candidate"] else s
            for s in wb.scorecards
        ),
        resource_map=resources.ResourceMap(
            name[:100], partner[:100],
            brings={name[:100]: rmap.brought_by(rmap.venture),
                    partner[:100]: rmap.brought_by(rmap.partner)},
            needs={s: rmap.needs_at(s) for s in resources.ALLIANCE_STAGES},
        ),
    )  # fmt: skip


@pytest.mark.slow
@needs_pdf
@pytest.mark.parametrize("name", list(LONG_NAMES.values()), ids=list(LONG_NAMES))
def test_pdf_page_one_holds_the_whole_summary_however_long_the_names(name):
    doc = build_plan(long_named_plan(name))
    pages = pdf_pages(render_pdf(doc))
    squash = lambda text: re.sub(r"\s+", "", text.replace("\u200b", ""))  # noqa: E731
    first = squash(pages[0])
    for block in doc.summary:
        shown = [block.title, *block.lines]
        shown += [row[0] for row in block.table.rows] if block.table else []
        assert [line for line in shown if squash(line) not in first] == [], block.title
    assert flat(pages[1]).startswith("Venture")  # the sections begin on page 2
    # the names are cut short on the summary page only: the sections give them in full
    assert doc.heading.endswith("…") and squash(doc.heading) in first
    assert squash(name) not in first
    rest = squash(" ".join(pages[1:]))
    assert squash(name) in rest and squash(name[::-1]) in rest


@pytest.mark.slow
@needs_pdf
def test_pdf_of_a_partial_plan_says_which_exercise_fills_each_empty_part(pdfs):
    text = flat(" ".join(pdf_pages(pdfs["partial"])))
    assert "Not filled in yet: Exercise 3, risk matrix" in text
    assert "Not filled in yet: Exercise 7, capability plan" in text
    assert "Aldermoor Pharma (fictional): weighted total 4.00" in text


@pytest.mark.slow
@needs_pdf
@pytest.mark.parametrize("name", list(PLANS))
def test_no_field_name_of_the_data_model_reaches_the_reader(pdfs, name):
    wb = PLANS[name]()
    text = " ".join(pdf_pages(pdfs[name])) + to_markdown(wb).replace("\\_", "_")
    visible = re.sub(r"<[^>]+>", " ", to_html(wb))
    shown = [n for n in sorted(field_names()) if n in text or n in visible]
    assert shown == []


@pytest.mark.slow
@needs_pdf
@pytest.mark.parametrize("name", ["example", "tesla", "partial"])
def test_every_figure_is_an_image_on_the_pages(pdfs, name):
    from pypdf import PdfReader

    doc = build_plan(PLANS[name](), figures=False)
    expected = sum(1 for s in doc.sections if s.figure is not None)
    drawn = []
    # WeasyPrint lists every image in every page's resources (pypdf's page.images shows
    # them all on each page): count the images each page's content actually draws
    for page in PdfReader(io.BytesIO(pdfs[name])).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in re.findall(r"/(\S+) Do", page.get_contents().get_data().decode("latin-1")):
            if xobjects[f"/{ref}"].get_object().get("/Subtype") == "/Image":
                drawn.append(ref)
    assert expected > 0 and len(drawn) == len(set(drawn)) == expected


@pytest.mark.slow
@needs_pdf
def test_every_page_carries_the_export_date_and_the_plan_version(pdfs):
    from alliancelab import __version__

    pages = pdf_pages(pdfs["example"])
    for number, text in enumerate(pages, 1):
        text = flat(text)
        assert "Exported " in text and f"alliancelab {__version__}" in text
        assert "plan schema 1" in text and f"Page {number} of {len(pages)}" in text
        assert "Fictional" in text


@pytest.mark.slow
@needs_pdf
def test_summary_page_is_rendered_for_the_notes(pdfs, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) missing")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(pdfs["example"])
    out = ROOT / "_build" / "artifacts"
    out.mkdir(parents=True, exist_ok=True)
    stem = out / "plan-summary"
    cmd = ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, stem]
    subprocess.run([str(c) for c in cmd], check=True)
    assert (out / "plan-summary.png").read_bytes()[:4] == b"\x89PNG"


# ---------------------------------------------------------------- HTML and Markdown


@pytest.mark.parametrize("name", ["example", "tesla", "partial", "empty"])
def test_html_has_one_image_with_alt_text_per_filled_section_with_a_figure(name):
    doc = build_plan(PLANS[name]())
    page = render_html(doc)
    images = re.findall(r"<img ([^>]*)>", page)
    expected = [s for s in doc.sections if s.filled and s.figure is not None]
    assert len(images) == len(expected)
    for attrs, section in zip(images, expected, strict=True):
        assert 'src="data:image/png;base64,' in attrs
        assert re.search(r'alt="[^"]{20,}"', attrs), section.key
    assert "http://" not in page and "https://" not in page  # self-contained


def markdown_tables(md: str) -> list[list[int]]:
    """Parse with markdown-it (GFM tables): the cell count of every row, per table."""
    # markdown-it comes with the book's tools; the run on the browser's library versions
    # (make test-pyodide-libs) has only the package's own dependencies
    MarkdownIt = pytest.importorskip("markdown_it").MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    tables, cells = [], None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            cells = 0
        elif tok.type in ("th_open", "td_open"):
            cells += 1
        elif tok.type == "tr_close":
            tables[-1].append(cells)
    return tables


@pytest.mark.parametrize("name", list(PLANS))
def test_markdown_renders_every_table_intact(name):
    wb = PLANS[name]()
    md = to_markdown(wb)
    tables = markdown_tables(md)
    expected = sum(len(s.tables) for s in build_plan(wb, figures=False).sections)
    expected += sum(1 for b in build_plan(wb, figures=False).summary if b.table)
    assert len(tables) == expected
    for rows in tables:
        assert len(set(rows)) == 1 and len(rows) >= 2  # header and rows: the same cells


def test_markdown_names_each_figure_by_its_alt_text():
    doc = build_plan(example_workbook(), figures=False)
    md = render_markdown(doc)
    assert md.count("*Figure: ") == sum(1 for s in doc.sections if s.figure)


def test_a_section_not_done_names_the_exercise_that_fills_it():
    md = to_markdown(partial_plan())
    assert "Not filled in yet: Exercise 3, risk matrix." in md
    assert "Not filled in yet: Exercise 2" not in md


def test_fictional_is_shown_only_where_it_applies():
    assert "**Fictional**" in to_markdown(example_workbook())
    assert "**Fictional**" not in to_markdown(case_workbook("tesla"))
    assert 'class="badge">Fictional' in to_html(example_workbook())


# ---------------------------------------------------------------- hostile text

HOSTILE = "<script>alert(1)</script> | pipe\nnew line $5 and $10 " + "w" * 300


def hostile_plan() -> Workbook:
    wb = example_workbook()
    t = wb.exit_triggers[0]
    rmap = wb.resource_map
    return wb.with_section(
        venture=Venture(HOSTILE[:100], description=HOSTILE),
        resource_map=resources.ResourceMap(
            HOSTILE[:100], rmap.partner,
            brings={HOSTILE[:100]: rmap.brought_by(rmap.venture),
                    rmap.partner: rmap.brought_by(rmap.partner)},
            needs={s: rmap.needs_at(s) for s in resources.ALLIANCE_STAGES},
        ),
        exit_triggers=(dataclasses.replace(t, action=HOSTILE), *wb.exit_triggers[1:]),
        reflections={"scorecard": HOSTILE, "risk_matrix": "| a | b |\n| - | - |"},
    )  # fmt: skip


def test_hostile_text_is_escaped_in_html_and_markdown():
    wb = hostile_plan()
    page = to_html(wb)
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = to_markdown(wb)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\$5" in md and "$5" not in md.replace("\\$5", "")
    for rows in markdown_tables(md):
        assert len(set(rows)) == 1
    assert "w" * 300 in md  # Markdown keeps the word whole; it has no page to overflow


@pytest.mark.slow
@needs_pdf
def test_hostile_text_stays_inside_the_pdf_margins():
    import weasyprint

    doc = build_plan(hostile_plan())
    laid_out = weasyprint.HTML(string=render_html(doc, pdf=True)).render()
    for page in laid_out.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right  # where the right margin begins
        for child in box.descendants():
            if getattr(child, "element_tag", "") in {"html", "body"}:
                continue
            if hasattr(child, "position_x") and child.width is not None:
                assert child.position_x + child.width <= right + 1, child
    text = flat(" ".join(pdf_pages(render_pdf(doc))))
    assert "<script>alert(1)</script>" in text  # shown as typed, not run


# ---------------------------------------------------------------- writing and the command


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_an_empty_workbook_exports_a_valid_document(tmp_path, suffix):
    out = write_plan(Workbook(Venture("X")), tmp_path / f"plan{suffix}")
    text = out.read_text(encoding="utf-8")
    assert "Alliance plan: X" in text and "Not filled in yet: Exercise 1" in text


@pytest.mark.slow
@needs_pdf
def test_export_plan_can_add_a_pdf(tmp_path):
    paths = export_plan(Workbook(Venture("X")), tmp_path / "plan", (".md", ".html", ".pdf"))
    assert [p.name for p in paths] == ["plan.md", "plan.html", "plan.pdf"]
    assert paths[2].read_bytes()[:5] == b"%PDF-"


def test_command_writes_the_format_the_suffix_names(tmp_path, capsys):
    path = save_workbook(example_workbook(), tmp_path / "mine.workbook.json")
    assert main([str(path), "-o", str(tmp_path / "plan.md")]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (tmp_path / "plan.md").read_text().startswith("# Alliance plan: Corvanth")


def test_command_reports_a_bad_workbook_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "broken.workbook.json"
    bad.write_text("{not json")
    assert main([str(bad), "-o", str(tmp_path / "plan.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read the workbook: broken.workbook.json is not valid JSON")
    assert "Traceback" not in err and not (tmp_path / "plan.pdf").exists()


def test_command_reports_an_unknown_suffix(tmp_path, capsys):
    path = save_workbook(example_workbook(), tmp_path / "mine.workbook.json")
    assert main([str(path), "-o", str(tmp_path / "plan.docx")]) == 1
    err = capsys.readouterr().err
    assert "cannot tell the format of 'plan.docx'" in err and ".pdf (PDF)" in err
    assert "Traceback" not in err


def test_command_reports_a_missing_weasyprint(tmp_path, capsys, monkeypatch):
    import alliancelab.export as export

    def missing():
        raise RuntimeError("a PDF needs WeasyPrint: pip install 'alliancelab[worksheets]'")

    monkeypatch.setattr(export, "_weasyprint", missing)
    path = save_workbook(example_workbook(), tmp_path / "mine.workbook.json")
    assert main([str(path), "-o", str(tmp_path / "plan.pdf")]) == 1
    assert "needs WeasyPrint" in capsys.readouterr().err
    assert not (tmp_path / "plan.pdf").exists()
