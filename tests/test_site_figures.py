"""The figures of the built site are sharp and legible as a reader sees them at a desktop's width.

Every raster figure on the chapter, case and exercise pages (the chapters' figures and the
stored widgets' pictures) carries at least one and a half image pixels per displayed CSS
pixel at a 1366-px window, so it stays sharp on high-density screens (the figures are
drawn at two); vector images (SVG) are sharp at any density and are left out. The
exercises' text is at the body's scale and their tables align headers with cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("0*.ipynb"))
#: image pixels per displayed CSS pixel a raster figure must have at least
MIN_DENSITY = 1.5

IMAGES_JS = """
() => [...document.querySelectorAll('article.bd-article img')]
  .filter(i => i.getClientRects().length && getComputedStyle(i).display !== 'none')
  .map(i => ({
    src: (i.currentSrc || i.src).slice(0, 120),
    svg: /\\.svg($|[?#])|^data:image\\/svg/.test(i.currentSrc || i.src),
    complete: i.complete,
    natural: i.naturalWidth,
    shown: i.getBoundingClientRect().width,
    alt: (i.alt || '').slice(0, 60),
  }))
"""


def _pages(site: Path) -> list[str]:
    pages = [*site.glob("book/part*/*.html"), *site.glob("cases/**/*.html")]
    pages += [site / "exercises" / f"{name}.html" for name in EXERCISES]
    return sorted(str(p.relative_to(site)) for p in pages if p.exists())


def _open(browser, site_url: str, page_path: str, width: int = 1366):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site_url) else route.abort()
        ),
    )
    page.goto(f"{site_url}/{page_path}")
    if page_path.startswith("exercises/0"):
        page.wait_for_selector(".alliancelab-exercise >> nth=1", timeout=60_000)
    page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=30_000)
    return page


def test_every_raster_figure_has_at_least_one_and_a_half_pixels_per_displayed_pixel(
    browser, site_url, built_book
):
    figures = 0
    blurry = []
    for page_path in _pages(Path(built_book)):
        page = _open(browser, site_url, page_path)
        try:
            for image in page.evaluate(IMAGES_JS):
                if image["shown"] < 100:  # an icon
                    continue
                figures += 1
                if not image["svg"] and image["natural"] < MIN_DENSITY * image["shown"]:
                    blurry.append(
                        f"{page_path}: {image['alt'] or image['src']!r} has "
                        f"{image['natural']} px shown at {image['shown']:.0f} px"
                    )
        finally:
            page.close()
    assert figures >= 20, f"only {figures} figures found: is the site built?"
    assert blurry == [], "\n".join(blurry)


WIDGET_TEXT_JS = """
() => {
  const sizes = [];
  const sel = '.alliancelab-exercise :is(.widget-label, .widget-html-content > p, '
    + '.widget-html-content > ul li, input, select, textarea, td, th)';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.getClientRects().length || !(el.innerText || el.value || '').trim()) continue;
    sizes.push([parseFloat(getComputedStyle(el).fontSize), (el.innerText || '').slice(0, 30)]);
  }
  const aligned = [...document.querySelectorAll('.alliancelab-table th')]
    .map(th => getComputedStyle(th).textAlign);
  return {sizes, aligned};
}
"""


@pytest.mark.parametrize("name", ["02-resource-map", "03-risk-matrix", "05-health-check-and-exit"])
def test_exercise_text_is_at_the_body_scale_and_table_headers_align_left(
    browser, site_url, built_book, name
):
    page = _open(browser, site_url, f"exercises/{name}.html")
    try:
        state = page.evaluate(WIDGET_TEXT_JS)
    finally:
        page.close()
    small = [(size, text) for size, text in state["sizes"] if size < 15]
    assert state["sizes"] and small == [], small[:5]
    assert state["aligned"] and set(state["aligned"]) <= {"left", "start"}, state["aligned"]
