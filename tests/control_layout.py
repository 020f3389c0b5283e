"""Checks that every exercise control is usable as laid out, shared by the browser tests.

The stored previews on the site (test_site_previews) and the live widgets in the local
app (test_app_browser) run the same stylesheet, so they get the same checks: no control
cut off by the box it scrolls in, none much taller than what it holds (a flex basis
taken as a height), and every slider with a track wide enough to aim at.
"""

from __future__ import annotations

#: the narrowest slider track a learner can aim at one of five values on, in CSS px
#: (alliancelab.widgets._layout.SLIDER_TRACK_MIN is 8 em of 16 px)
MIN_TRACK_PX = 120

PROBLEMS_JS = """
() => {
  const shown = (el) => el.getClientRects().length > 0;
  const label = (el) => el.tagName + ': ' + (el.innerText || el.value || '').slice(0, 30);
  const problems = [];
  const controls =
    '.alliancelab-exercise :is(input, select, textarea, button, .widget-inline-hbox)';
  for (const el of document.querySelectorAll(controls)) {
    let box = el.parentElement;
    while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    if (!box || !shown(el)) continue;
    const r = el.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.right > b.right + 0.5 || r.left < b.left - 0.5) problems.push('clipped ' + label(el));
  }
  for (const el of document.querySelectorAll('.alliancelab-exercise .widget-inline-hbox')) {
    if (!el.children.length || !shown(el)) continue;
    const top = el.getBoundingClientRect().top;
    const inner = Math.max(...[...el.children].map(c => c.getBoundingClientRect().bottom)) - top;
    if (el.getBoundingClientRect().height > inner + 24) problems.push('too tall ' + label(el));
  }
  const tracks = '.alliancelab-exercise .widget-hslider .slider-container';
  for (const el of document.querySelectorAll(tracks)) {
    const width = el.getBoundingClientRect().width;
    if (shown(el) && width < MIN_TRACK_PX) {
      problems.push('slider track ' + Math.round(width) + ' px: ' + label(el.parentElement));
    }
  }
  return problems;
}
""".replace("MIN_TRACK_PX", str(MIN_TRACK_PX))


def control_problems(page) -> list[str]:
    """Return what is wrong with the exercise controls on a Playwright ``page`` (none: [])."""
    return page.evaluate(PROBLEMS_JS)
