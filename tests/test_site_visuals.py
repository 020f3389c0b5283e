"""The landing page, every case page and the first page of every Part open with a picture.

A course is read with the eyes first: the landing page has a cover, each case a timeline
of its alliances near the top, and each Part's first chapter a picture that sums the Part
up. Every such picture carries alt text that says what it shows (an ``<img>`` with a
non-trivial ``alt``, or an inline ``<svg>`` with a ``<title>``), and the course's own SVG
sources are accessible on their own: ``role="img"``, a ``<title>``, real text.

These read the one site built by the ``built_book`` fixture (conftest.py);
``ALLIANCELAB_TEST_SITE`` reuses a site built already.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

BeautifulSoup = pytest.importorskip("bs4").BeautifulSoup

pytestmark = [pytest.mark.slow, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
VISUALS = ROOT / "book" / "_static" / "visuals"
SVG = "{http://www.w3.org/2000/svg}"

#: page -> how far into the article (in characters of visible text) the picture must start
PAGES = {
    "book/index.html": 200,
    "book/part1/why-ally.html": 200,
    "book/part2/life-cycle.html": 200,
    "book/part3/learning-by-doing.html": 200,
    "cases/tesla/tesla.html": 3000,
    "cases/lego/lego.html": 3000,
    "cases/biotech/biotech.html": 3000,
}
PLACEHOLDER_ALT = re.compile(r"^(image|figure|picture|png|svg|output)?\W*$", re.IGNORECASE)


def article(site: Path, page: str) -> BeautifulSoup:
    path = site / page
    assert path.is_file(), f"{page} was not built"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body
    assert main is not None, page
    return main


def pictures(main) -> list:
    """The article's pictures that have a text alternative, in page order."""
    found = []
    for tag in main.find_all(["img", "svg"]):
        if tag.name == "img":
            alt = (tag.get("alt") or "").strip()
        else:
            title = tag.find("title")
            alt = title.get_text(strip=True) if title else ""
        if len(alt) >= 40 and not PLACEHOLDER_ALT.match(alt):
            found.append((tag, alt))
    return found


def text_before(main, tag) -> int:
    """Characters of visible article text before ``tag``."""
    count = 0
    for node in tag.find_all_previous(string=True):
        if main in node.parents and node.parent.name not in ("script", "style"):
            count += len(node.strip())
    return count


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_opens_with_a_picture_that_has_meaningful_alt_text(built_book, page):
    main = article(built_book, page)
    found = pictures(main)
    assert found, f"{page} has no picture with alt text (or an SVG <title>)"
    tag, alt = found[0]
    assert text_before(main, tag) <= PAGES[page], (
        f"{page}: the first picture comes too far down the page ({alt[:60]!r})"
    )


def test_landing_page_cover_has_a_wide_and_a_narrow_picture(built_book):
    main = article(built_book, "book/index.html")
    cover = main.select_one(".al-cover")
    assert cover is not None, "no cover on the landing page"
    classes = {c for img in cover.find_all("img") for c in img.get("class", [])}
    assert {"al-cover-wide", "al-cover-narrow"} <= classes
    for img in cover.find_all("img"):
        assert "Alliance Lab" in img["alt"] and "life cycle" in img["alt"]


def test_every_picture_of_the_case_and_part_pages_has_alt_text(built_book):
    for page in PAGES:
        for img in article(built_book, page).find_all("img"):
            assert (img.get("alt") or "").strip(), f"{page}: {img.get('src')} has no alt text"


def test_the_fictional_case_timeline_says_it_is_fictional(built_book):
    main = article(built_book, "cases/biotech/biotech.html")
    figure = main.find(id="fig-biotech-timeline") or main.find(
        lambda t: t.name == "figure" and t.find(id="fig-biotech-timeline")
    )
    assert figure is not None, "no biotech timeline figure"
    if figure.name != "figure":
        figure = figure.find_parent("figure") or figure
    assert "fictional" in figure.get_text(" ").lower()
    assert "fictional" in figure.find("img")["alt"].lower()


@pytest.mark.parametrize("svg", sorted(p.name for p in VISUALS.glob("*.svg")))
def test_course_svg_is_accessible_and_small(svg):
    path = VISUALS / svg
    assert path.stat().st_size < 20_000, f"{svg} is over 20 kB"
    root = ElementTree.parse(path).getroot()
    assert root.get("role") == "img"
    assert root.get("viewBox"), f"{svg} has no viewBox, so it cannot scale"
    assert root.get("width") is None, f"{svg} has a fixed width; let the page size it"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text and title.text.strip()
    assert root.get("aria-labelledby", "").split()[0] == title.get("id")
    texts = [t for t in root.iter(f"{SVG}text") if (t.text or "").strip()]
    assert texts, f"{svg} draws no real text"
    assert not list(root.iter(f"{SVG}image")), f"{svg} embeds a raster image"
