"""Every exercise page of the built site as a reader sees it, at a laptop's and a phone's width.

The stored widgets are honest previews: every control switched off, the preview wording
shown and the live wording hidden, a Start this exercise button at the top and at Part B,
nothing wider than the page's column or much taller than what it holds,
and every slider with a track wide enough to aim at. Screenshots of each go to
_build/screenshots/previews/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from control_layout import control_problems

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("0*.ipynb"))
#: widgets shown per page: Part A and Part B; exercise 8 has three parts, each with both
WIDGETS = {name: 6 if name.startswith("08-") else 2 for name in EXERCISES}
SHOTS = ROOT / "_build" / "screenshots" / "previews"
#: the exercises whose widgets draw no figure (the health check lists its verdict)
NO_FIGURE = {"05-health-check-and-exit"}

CONTROLS = ".alliancelab-exercise :is(input, select, textarea, button)"
STATE_JS = f"""
() => {{
  const controls = [...document.querySelectorAll('{CONTROLS}')];
  const handles = [...document.querySelectorAll('.alliancelab-exercise [role=slider]')];
  const visible = (sel) => [...document.querySelectorAll(sel)].filter(
    e => e.getClientRects().length && getComputedStyle(e).display !== 'none').length;
  const column = document.querySelector('article.bd-article').getBoundingClientRect();
  const wide = [];
  for (const el of document.querySelectorAll('.alliancelab-exercise *')) {{
    const r = el.getBoundingClientRect();
    const scrolls = el.closest('.alliancelab-table, .alliancelab-figure');  // own scroll box
    if (r.width && r.height && r.right > column.right + 1 && !scrolls) {{
      wide.push(el.className + ': ' + (el.innerText || '').slice(0, 30));
    }}
  }}
  return {{
    controls: controls.length,
    enabled: controls.filter(c => !c.disabled).map(c => c.outerHTML.slice(0, 80)),
    focusable_handles: handles.filter(h => h.tabIndex >= 0 && !h.closest('[disabled]')
      && h.getAttribute('aria-disabled') !== 'true'
      && !h.closest('.widget-slider').classList.contains('mod-disabled')).length,
    exercises: document.querySelectorAll('.alliancelab-exercise').length,
    preview_text: visible('.alliancelab-exercise .alliancelab-preview-only'),
    live_text: visible('.alliancelab-live-only'),
    starts: [...document.querySelectorAll('a')].filter(
      a => /Start/.test(a.textContent) && /app\\//.test(a.getAttribute('href') || '')).length,
    wide: wide,
    // each figure's shown width over its own width (it shrinks to the column, to a limit)
    figures: [...document.querySelectorAll('.alliancelab-exercise .alliancelab-figure img')]
      .filter(i => i.getClientRects().length)
      .map(i => i.getBoundingClientRect().width / Number(i.getAttribute('width'))),
    // each figure and table box: does it scroll sideways, and does the line saying so show?
    cues: [...document.querySelectorAll(
      '.alliancelab-exercise :is(.alliancelab-figure, .alliancelab-table)')]
      .filter(f => f.getClientRects().length)
      .map(f => {{
        const cue = getComputedStyle(f, '::before');
        const shown = cue.content !== 'none' && cue.visibility === 'visible'
          && parseFloat(cue.height) > 10;
        return [f.scrollWidth > f.clientWidth + 1, shown];
      }}),
    page_wider: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  }};
}}
"""


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_page_is_an_honest_preview_that_fits(
    browser, site_url, built_book, name, width, height
):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(site_url) else route.abort()
        ),
    )
    try:
        page.goto(f"{site_url}/exercises/{name}.html")
        page.wait_for_selector(".alliancelab-exercise >> nth=1", timeout=60_000)
        page.wait_for_timeout(500)
        state = page.evaluate(STATE_JS)
        assert state["exercises"] == WIDGETS[name], state
        assert state["controls"] > 0 and state["enabled"] == [], state["enabled"][:5]
        assert state["focusable_handles"] == 0
        assert state["preview_text"] >= 2 and state["live_text"] == 0, state
        assert state["starts"] >= 2, "a Start this exercise link at the top and at Part B"
        assert state["wide"] == [], state["wide"][:5]
        assert not state["page_wider"], "the page scrolls sideways"
        # no control clipped or stretched, every slider with a track to aim at
        assert control_problems(page) == []
        # a figure shrinks with the column but stays legible: 9-pt text at 9 px or more
        assert state["figures"] or name in NO_FIGURE, "no figure found"
        assert min(state["figures"], default=1) >= 0.75 - 0.01, state["figures"]
        # a figure or table wider than the screen says it scrolls sideways; one that fits does not
        assert all(scrolls == says for scrolls, says in state["cues"]), state["cues"]
        if width < 600:
            assert any(scrolls for scrolls, _ in state["cues"]) or name in NO_FIGURE
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    finally:
        page.close()
