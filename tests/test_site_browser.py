"""Load the built site in a real browser (Debian's Chromium, driven by Playwright).

One pass visits every reading page once and records what each did: console errors,
requests to other hosts (blocked and counted), axe-core accessibility violations, and
how many stored widget views rendered visibly. The tests then assert on that record.
Screenshots of key pages go to _build/screenshots/.

Without chromium these tests are skipped with the reason; with
ALLIANCELAB_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_site_static import WIDGET_VIEW, notebook_pages, reading_pages, stored_widget_views

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "screenshots"
# pages worth a screenshot for a human reviewer (those that exist are taken)
KEY_PAGES = (
    "book/index.html",
    "book/start/how-to-use.html",
    "book/part2/partner-selection.html",
    "cases/tesla/tesla.html",
    "exercises/index.html",
    "exercises/01-partner-scorecard.html",
    "book/glossary.html",
)
SERIOUS = {"serious", "critical"}
# a phrase of the notebooks' setup cell (book/_ext/_published.py, SETUP_TEMPLATE)
SETUP_TEXT = "In the live version (JupyterLite) this cell installs"


@dataclass
class PageReport:
    path: str
    console_errors: list[str] = field(default_factory=list)
    off_site: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    widget_violations: list[str] = field(default_factory=list)  # inside widget outputs
    widget_views: int = 0
    widgets_visible: int = 0
    seconds: float = 0.0
    bytes_loaded: int = 0  # the page and everything it loaded, from a cold cache
    requests: list = field(default_factory=list, repr=False)
    # off while axe runs: axe-core re-fetches @import-ed stylesheets against the page's
    # URL (_static/styles/theme.css imports ../basic.css; axe asks for <page dir>/../basic.css)
    recording: bool = True

    def error(self, text: str) -> None:
        if self.recording:
            self.console_errors.append(text)


def is_same_site(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == base


def new_page(context, base: str, report: PageReport):
    page = context.new_page()

    def route(route_):
        url = route_.request.url
        if is_same_site(url, base):
            route_.continue_()
        else:
            report.off_site.append(url)
            route_.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: report.error(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: report.error(f"uncaught: {exc}"))
    page.on("requestfinished", lambda request: report.requests.append(request))
    page.on(
        "response",
        lambda r: report.error(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
    )
    return page


WIDGETS_RENDERED_JS = """(mime) => {
  const views = [...document.querySelectorAll(`script[type="${mime}"]`)];
  const visible = (el) => !!el && el.getClientRects().length > 0 &&
      getComputedStyle(el).visibility !== "hidden" &&
      el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  // the HTML manager renders each view into a .widget-subarea just before its script
  return views.filter((s) => {
    const area = s.previousElementSibling;
    const parent = s.parentElement;
    const once = parent.querySelectorAll(":scope > .widget-subarea").length ===
                 parent.querySelectorAll(`:scope > script[type="${mime}"]`).length;
    return area && area.classList.contains("widget-subarea") && once &&
           visible(area.querySelector(".jupyter-widgets"));
  }).length;
}"""


IN_WIDGET_JS = """(selector) => {
  const el = document.querySelector(selector);
  return !!(el && el.closest(".widget-subarea"));
}"""


@pytest.fixture(scope="session")
def site_reports(browser, site_url, built_book) -> dict[str, PageReport]:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reports: dict[str, PageReport] = {}
    for html in reading_pages(built_book):
        rel = html.relative_to(built_book).as_posix()
        report = PageReport(rel)
        start = time.perf_counter()
        # a fresh context per page: a cold cache, so the weight counts all a page loads
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = new_page(context, site_url, report)
        page.goto(f"{site_url}/{rel}", wait_until="load")
        page.wait_for_load_state("networkidle")
        report.widget_views = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
        if report.widget_views:
            expression = f"({WIDGETS_RENDERED_JS})('{WIDGET_VIEW}') >= {report.widget_views}"
            try:
                page.wait_for_function(expression, timeout=15_000, polling=200)
            except Exception:  # the count below says what did render
                pass
        report.widgets_visible = page.evaluate(WIDGETS_RENDERED_JS, WIDGET_VIEW)
        page.wait_for_timeout(200)  # let late console errors arrive
        report.recording = False
        report.bytes_loaded = sum(r.sizes()["responseBodySize"] for r in report.requests)
        report.requests.clear()
        results = axe.run(page).response
        for v in results["violations"]:
            if v.get("impact") not in SERIOUS:
                continue
            for node in v["nodes"]:
                target = node["target"][0] if node["target"] else ""
                in_widget = isinstance(target, str) and page.evaluate(IN_WIDGET_JS, target)
                where = report.widget_violations if in_widget else report.violations
                where.append(f"{v['id']} ({v['impact']}): {v['help']} -- {target}")
        if rel in KEY_PAGES:
            page.screenshot(path=SCREENSHOTS / (rel.replace("/", "__") + ".png"), full_page=True)
        report.seconds = time.perf_counter() - start
        context.close()
        reports[rel] = report
    summary = {
        r.path: {
            "seconds": round(r.seconds, 2),
            "off_site": len(r.off_site),
            "console_errors": len(r.console_errors),
            "serious_violations": len(r.violations),
            "serious_violations_in_widgets": len(r.widget_violations),
            "widget_views": r.widget_views,
            "bytes_loaded": r.bytes_loaded,
        }
        for r in reports.values()
    }
    (SCREENSHOTS / "pages.json").write_text(json.dumps(summary, indent=1))
    return reports


def failures(reports: dict[str, PageReport], attr: str) -> str:
    lines = []
    for report in reports.values():
        for item in getattr(report, attr):
            lines.append(f"{report.path}: {item}")
    return "\n".join(lines)


def test_every_page_loads_without_console_errors(site_reports):
    assert len(site_reports) > 10
    assert not failures(site_reports, "console_errors"), failures(site_reports, "console_errors")


def test_no_page_requests_anything_from_another_host(site_reports):
    assert not failures(site_reports, "off_site"), failures(site_reports, "off_site")


def test_no_serious_or_critical_accessibility_violations(site_reports):
    """Everything but the widgets' own controls: the book, the theme, the site's additions."""
    assert not failures(site_reports, "violations"), failures(site_reports, "violations")


def test_widget_controls_have_no_serious_accessibility_violations(site_reports):
    # every control is named: by its description, its tooltip or its placeholder, which
    # book/_static/widget-a11y.js turns into an accessible name
    found = failures(site_reports, "widget_violations")
    assert not found, found


def test_every_stored_widget_renders_visibly_exactly_once(site_reports, built_book):
    for nb, page in notebook_pages(built_book):
        report = site_reports[page.relative_to(built_book).as_posix()]
        stored = stored_widget_views(nb)
        assert report.widget_views == stored or not stored, (
            f"{report.path}: {stored} widget views stored, {report.widget_views} on the page"
        )
        assert report.widgets_visible == report.widget_views, (
            f"{report.path}: {report.widget_views} widget views, "
            f"{report.widgets_visible} rendered visibly once"
        )


def test_a_self_check_gives_feedback_when_an_answer_is_chosen(browser, site_url, built_book):
    pages = [
        p for p in reading_pages(built_book) if 'class="selfcheck' in p.read_text(encoding="utf-8")
    ]
    if not pages:
        pytest.skip("no self-check questions in the book yet")
    rel = pages[0].relative_to(built_book).as_posix()
    page = browser.new_page()
    page.goto(f"{site_url}/{rel}")
    for option in page.locator(".selfcheck .selfcheck-option").all()[:2]:
        summary = option.locator("summary").first
        feedback = option.locator(".sd-summary-content").first
        assert not feedback.is_visible(), f"{rel}: feedback shown before an answer is chosen"
        summary.click()
        feedback.wait_for(state="visible", timeout=5_000)
        assert re.search(r"Correct|Not quite", feedback.inner_text()), feedback.inner_text()
    page.close()


def test_search_finds_a_glossary_term(browser, site_url, built_book):
    glossary = (built_book / "book" / "glossary.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="term-([^"]+)"', glossary)
    assert terms, "the glossary defines no terms"
    term = terms[0].replace("-", " ")
    page = browser.new_page()
    page.goto(f"{site_url}/search.html?q={term}")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [a.get_attribute("href") or "" for a in results.all()]
    page.screenshot(path=SCREENSHOTS / "search.png", full_page=True)
    page.close()
    assert any("glossary" in h for h in hrefs), f"searching {term!r} found {hrefs}"


def test_an_exercise_opens_live_in_jupyterlite(browser, site_url, built_book):
    pairs = notebook_pages(built_book)
    nb = pairs[0][0].relative_to(ROOT).as_posix()
    report = PageReport("lite")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = new_page(context, site_url, report)
    page.goto(f"{site_url}/lite/notebooks/index.html?path={nb}")
    # the notebook's first code cell (the setup cell, which installs the package) is shown
    page.get_by_text(SETUP_TEXT, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(2_000)
    page.screenshot(path=SCREENSHOTS / "jupyterlite.png")
    weight = sum(r.sizes()["responseBodySize"] for r in report.requests)
    (SCREENSHOTS / "jupyterlite.json").write_text(
        json.dumps({"bytes_loaded_from_site": weight, "blocked_off_site": report.off_site})
    )
    context.close()
    hosts = {urlsplit(u).netloc for u in report.off_site}
    # Pyodide (Python compiled to WebAssembly) and its packages come from jsDelivr;
    # everything else, alliancelab and ipywidgets included, from the site itself
    # (tests/test_lite_runtime.py checks that nothing is left for PyPI)
    assert hosts <= {"cdn.jsdelivr.net"}, hosts


def test_a_live_notebook_keeps_the_learners_edits_in_browser_storage(browser, site_url, built_book):
    """Edits saved in JupyterLite survive a reload; a new browser profile starts clean.

    The kernel writes the learner's workbook into the same storage (its working folder
    is JupyterLite's drive, bridged by the service worker), so this is where a plan
    is kept between sessions. Running the kernel itself needs Pyodide from its CDN,
    which this offline test cannot reach.
    """
    nb = notebook_pages(built_book)[0][0].relative_to(ROOT).as_posix()
    url = f"{site_url}/lite/notebooks/index.html?path={nb}"
    marker = "# my note 7f3a"

    def open_notebook(context):
        page = new_page(context, site_url, PageReport("lite-storage"))
        page.goto(url)
        page.get_by_text(SETUP_TEXT, exact=False).first.wait_for(timeout=60_000)
        page.locator(".jp-CodeCell .cm-content").first.wait_for(timeout=30_000)
        return page

    context = browser.new_context()
    page = open_notebook(context)
    workers = page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length")
    assert workers >= 1, "JupyterLite's service worker (the kernel's bridge to storage) is missing"
    page.locator(".jp-CodeCell .cm-content").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n" + marker)
    page.keyboard.press("Control+s")
    page.get_by_text(marker).first.wait_for()
    page.wait_for_timeout(1_000)  # the save is asynchronous (IndexedDB)
    page.reload()
    page.get_by_text(SETUP_TEXT, exact=False).first.wait_for(timeout=60_000)
    page.get_by_text(marker).first.wait_for(timeout=15_000)
    context.close()

    fresh = browser.new_context()  # another browser profile: the site's copy, unedited
    page = open_notebook(fresh)
    page.wait_for_timeout(1_000)
    assert page.get_by_text(marker).count() == 0
    fresh.close()
