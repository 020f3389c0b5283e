"""The reading pages show names and words, never developer text.

A learner reads the chapters, cases, case analyses and exercises without writing code, so
what they see must not include file paths or file names of the course's data and code
(``scorecards.csv``, ``case.yaml``), package calls (``alliancelab.load_case("tesla")``,
``ResourceMapExercise.for_case(...)``, ``import ...``), raw bibliography keys
(``StartupAllianceReview``), pandas' missing-value markers (``<NA>``, ``NaN``) or a table's
row numbers. Code belongs in the package reference (``book/api``) and in the notebooks'
folded or removed input cells, which this test leaves out.

What counts as a reading page, and what is allowed:

- Scanned: every page under ``book/part1..3``, ``cases/`` and ``exercises/``, and the
  reference pages a learner reads (``book/index``, ``book/glossary``, ``book/evidence``,
  ``book/references``).
- Not scanned: ``book/api`` (the package reference, where code belongs), the generated
  ``genindex``/``search``/``py-modindex`` pages, and the two operating guides,
  ``book/start/how-to-use`` and ``book/instructors/*``, whose install and pooling commands
  are instructions the reader types, not developer text that leaked.
- Allowed file names, because they are the reader's own files: ``my-alliance.workbook.json``
  (the learner's workbook, named in every "Saved to ..." message and offered as a download)
  and ``start.py`` (the launcher the reader runs in the offline archive).
- Visible text is the page's article minus scripts, styles and code-cell inputs (removed
  cells are absent; ``hide-input`` cells fold their code into a ``details.above-input``).
  Widget previews and self-check feedback are visible, so they are scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BeautifulSoup = pytest.importorskip("bs4").BeautifulSoup

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
SCANNED_FOLDERS = (
    ("book", "part1"),
    ("book", "part2"),
    ("book", "part3"),
    ("cases",),
    ("exercises",),
)
SCANNED_PAGES = {
    "book/index.html",
    "book/glossary.html",
    "book/evidence.html",
    "book/references.html",
}
READER_FILES = {"my-alliance.workbook.json", "start.py"}

FILE_NAME = re.compile(r"[\w./-]*\w\.(?:csv|json|ya?ml|py|ipynb)\b")
MISSING = re.compile(r"<NA>|\bNaN\b")
PACKAGE_CALL = re.compile(
    r"\balliancelab\.\w+"  # alliancelab.load_case, alliancelab.cases
    r"|\b(?:[A-Z]\w*\.)?for_case\("  # ResourceMapExercise.for_case(
    r"|(?:^|\n)[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+\w+"  # import lines
    r"|\b[a-z]+(?:_[a-z0-9]+)+\("  # load_case(, plot_resource_map(
)
# inline code naming a function or setting a field: `rank_candidates`, `source = "assumption"`
CODE_IDENTIFIER = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+(?:\(.*\))?$|^\w+ = [\"']")


def bib_keys() -> list[str]:
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^@\w+\{([^,\s]+),", text, re.MULTILINE)


def reader_pages(site: Path) -> list[Path]:
    pages = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.as_posix() in SCANNED_PAGES or any(
            rel.parts[: len(folder)] == folder for folder in SCANNED_FOLDERS
        ):
            pages.append(page)
    return pages


def visible_article(html: str) -> BeautifulSoup | None:
    """The page's article without what a reader does not see: scripts, styles, code inputs."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.select_one("main")
    if article is None:
        return None
    for hidden in article.select("script, style, div.cell_input, details.above-input"):
        hidden.decompose()
    return article


def offending_text(article: BeautifulSoup, keys: list[str]) -> list[str]:
    """Every piece of developer text in the visible article, each with what it is."""
    text = article.get_text(" ")
    found = [f"file name {m.group(0)!r}" for m in FILE_NAME.finditer(text)]
    found = [f for f in found if f.split("'")[1].rsplit("/", 1)[-1] not in READER_FILES]
    found += [f"missing-value marker {m.group(0)!r}" for m in MISSING.finditer(text)]
    found += [f"package call {m.group(0).strip()!r}" for m in PACKAGE_CALL.finditer(text)]
    for key in keys:
        found += [f"bibliography key {key!r}" for _ in re.finditer(rf"\b{re.escape(key)}\b", text)]
    for code in article.select("code"):
        if code.find_parent("pre") is None and CODE_IDENTIFIER.search(code.get_text().strip()):
            found.append(f"code identifier {code.get_text().strip()!r}")
    for table in article.select("table"):
        if table.select("tbody tr th"):  # pandas writes the row index as a <th> in each row
            heads = [th.get_text(strip=True) for th in table.select("tbody tr th")][:5]
            found.append(f"table with row numbers {heads}")
    return sorted(set(found))


def test_the_scanner_finds_each_kind_of_developer_text():
    html = """<article class="bd-article"><p>See src/alliancelab/data/cases/tesla/timeline.csv
    and call alliancelab.load_case("tesla") or ResourceMapExercise.for_case("lego", "warner");
    the key StartupAllianceReview; a year of &lt;NA&gt;; <code>rank_candidates</code>.
    Your my-alliance.workbook.json is saved.</p>
    <table><tbody><tr><th>0</th><td>x</td></tr></tbody></table>
    <div class="cell_input"><pre>import pandas as pd</pre></div></article>"""
    found = offending_text(visible_article(html), ["StartupAllianceReview"])
    joined = " | ".join(found)
    for expected in (
        "timeline.csv",
        "alliancelab.load_case",
        "for_case(",
        "StartupAllianceReview",
        "<NA>",
        "rank_candidates",
        "row numbers",
    ):
        assert expected in joined, (expected, found)
    assert "workbook.json" not in joined
    assert "import" not in joined, "a folded code input is not visible text"


def test_reading_pages_show_no_developer_text(built_book):
    site = built_book.resolve()
    pages = reader_pages(site)
    assert len(pages) >= 20, f"expected the chapters, cases and exercises, found {len(pages)} pages"
    keys = bib_keys()
    problems = []
    for page in pages:
        article = visible_article(page.read_text(encoding="utf-8"))
        if article is None:
            continue
        for item in offending_text(article, keys):
            problems.append(f"{page.relative_to(site)}: {item}")
    assert not problems, (
        "reading pages show developer text (reword the prose, fold or remove the code cell, "
        "or show the table with alliancelab.casework.reader_table):\n  " + "\n  ".join(problems)
    )
