"""The code-free live app (app/, built by book/_ext/live_app.py) in a real browser.

Every request to another host is blocked (Pyodide's CDN cannot be reached from a test
machine anyway), so these tests check what works without it: each exercise page loads,
shows its loading message and no code, and leads back to the book; the offline message
appears when the runtime cannot be fetched; and the live-check page starts a real Python
kernel served by the site alone, renders a widget, talks to Python over the comm channel
and keeps a value in browser storage across a reload. Screenshots go to
_build/screenshots/live-app/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.toolchain]

APP_FIRST_START_MB = pytest.importorskip("live_box").APP_FIRST_START_MB  # book/_ext

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots" / "live-app"
EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("0*.ipynb"))
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
CDN_PROBE = "https://cdn.jsdelivr.net/pyodide/v0.29.0/full/pyodide-lock.json"
# what the first start of the live check (site only) may download, in MB
FIRST_START_MAX_MB = 30

# Console errors that are not faults of the app, each with its reason.
HARMLESS = {
    # the test blocks every other host (and the runtime, in the offline test): Chromium
    # logs each aborted request
    "blocked request": re.compile(r"^Failed to load resource: net::ERR_FAILED$"),
}


def harmful(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(p.search(e) for p in HARMLESS.values())]


@pytest.fixture(scope="module")
def app_url(built_book, site_url) -> str:
    assert (built_book / "app" / "index.html").is_file(), "the book build wrote no app/"
    return f"{site_url}/app"


def new_context(browser, site_url, *, size="desktop", answer_cdn_probe=False, block=()):
    """A fresh browser profile (empty cache and storage) that blocks every other host.

    ``answer_cdn_probe``: answer the page's reachability check of Pyodide's CDN (the test
    machine cannot reach it) so the page goes on to start Python instead of saying it is
    offline. ``block``: URL fragments of the site to refuse as well.
    """
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    record = {"off_site": [], "errors": [], "blocked_site": [], "sizes": {}}

    def route(route_):
        url = route_.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or url.startswith(site_url):
            if any(b in url for b in block):
                record["blocked_site"].append(url)
                return route_.abort()
            return route_.continue_()
        if answer_cdn_probe and url == CDN_PROBE and route_.request.method == "HEAD":
            return route_.fulfill(status=200, body="")
        record["off_site"].append(url)
        return route_.abort()

    context.route("**/*", route)  # the context's routes see the kernel's worker too

    def on_response(response):
        if response.url.startswith(site_url):
            length = response.headers.get("content-length")
            size = int(length) if length else 0
            record["sizes"][response.url.removeprefix(site_url)] = size

    context.on("response", on_response)
    return context, record


def open_page(context, record, url):
    page = context.new_page()
    page.on("console", lambda m: record["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: record["errors"].append(f"uncaught: {exc}"))
    page.goto(url)
    return page


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


VISIBLE_CODE_JS = """() => {
  const shown = (el) =>
    el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  return [...document.querySelectorAll(".jp-InputArea, .jp-CodeCell .jp-Editor, pre code")]
    .filter(shown).length;
}"""


def test_every_exercise_page_loads_shows_progress_and_no_code(browser, site_url, app_url):
    context, record = new_context(browser, site_url, answer_cdn_probe=True)
    try:
        for name in EXERCISES:
            page = open_page(context, record, f"{app_url}/voici/render/{name}.html")
            loading = page.locator("#loading")
            loading.wait_for(state="visible", timeout=15_000)
            note = loading.inner_text()
            assert "runs Python in your browser" in note, (name, note)
            # the figure the book's Start box names too
            assert f"first start downloads about {APP_FIRST_START_MB} MB" in note, (name, note)
            assert "half a minute" in note
            page.wait_for_timeout(1500)  # the status line counts the seconds
            assert re.search(r"\d+ s\.", page.locator("#alliancelab-status").inner_text())
            assert page.evaluate(VISIBLE_CODE_JS) == 0, f"{name}: code is visible"
            body = page.locator("body").inner_text()
            assert "import " not in body and "piplite" not in body, name
            assert not page.locator("#alliancelab-offline").is_visible(), name
            if name == EXERCISES[0]:
                for size, (w, h) in SIZES.items():
                    page.set_viewport_size({"width": w, "height": h})
                    shoot(page, f"{name}-loading-{size}")
            # the way back: to this exercise's page in the book
            back = page.locator("#loading a", has_text="Back to the book")
            href = back.get_attribute("href")
            assert href == f"../../../exercises/{name}.html"
            assert page.locator("#alliancelab-back").get_attribute("href") == href
            with page.expect_navigation():
                back.click()
            assert page.url == f"{site_url}/exercises/{name}.html", page.url
            assert page.locator("h1").first.inner_text().startswith("Exercise"), name
            page.close()
        assert not harmful(record["errors"]), record["errors"]
    finally:
        context.close()


def test_app_index_lists_the_exercises_and_links_back(browser, site_url, app_url):
    context, record = new_context(browser, site_url)
    try:
        page = open_page(context, record, f"{app_url}/index.html")
        links = page.locator("main ol li a")
        assert links.count() == len(EXERCISES)
        titles = links.all_inner_texts()
        assert all(t.startswith("Exercise ") for t in titles), titles
        for link, name in zip(links.all(), EXERCISES, strict=True):
            assert link.get_attribute("href") == f"voici/render/{name}.html"
            assert page.request.get(f"{app_url}/voici/render/{name}.html").ok
        for size, (w, h) in SIZES.items():
            page.set_viewport_size({"width": w, "height": h})
            shoot(page, f"index-{size}")
        with page.expect_navigation():
            page.get_by_role("link", name="Back to the book").click()
        # the site's root page forwards to the book's first page
        assert page.url.startswith(site_url) and "/app/" not in page.url, page.url
        page.wait_for_url("**/book/index.html")  # the root page forwards to the book
        assert "Alliance Lab" in page.title()
        assert not harmful(record["errors"]) and not record["off_site"], record
    finally:
        context.close()


def test_book_exercise_pages_start_the_app(built_book):
    for name in EXERCISES:
        html = (built_book / "exercises" / f"{name}.html").read_text()
        starts = re.findall(r'<a class="alliancelab-start[^"]*" href="([^"]+)">([^<]+)</a>', html)
        assert len(starts) == 2, f"{name}: the box and Part B each have a Start link"
        for href, text in starts:
            assert "Start" in text
            assert href == f"../app/voici/render/{name}.html"
            assert (built_book / "app" / "voici" / "render" / f"{name}.html").is_file()
        assert "Open the notebook with its code (JupyterLite)" in " ".join(html.split())


def test_offline_message_when_the_runtime_cannot_be_fetched(browser, site_url, app_url):
    context, record = new_context(
        browser, site_url, block=("/pyodide/pyodide.js", "/pyodide/pyodide.asm.wasm")
    )
    try:
        page = open_page(context, record, f"{app_url}/voici/render/{EXERCISES[0]}.html")
        started = time.monotonic()
        box = page.locator("#alliancelab-offline")
        box.wait_for(state="visible", timeout=20_000)
        seconds = time.monotonic() - started
        text = " ".join(box.inner_text().split())
        assert "make app" in text and "alliancelab-offline.zip" in text, text
        assert "Exercises page" in text
        assert not page.locator("#loading").is_visible()
        assert page.evaluate(ON_TOP_JS, "#alliancelab-offline"), "the message is covered"
        assert "Traceback" not in page.locator("body").inner_text()
        assert box.get_by_role("link", name="alliancelab-offline.zip").get_attribute("href") == (
            "../../../alliancelab-offline.zip"
        )
        assert page.request.get(f"{site_url}/alliancelab-offline.zip", max_redirects=0).ok
        assert record["blocked_site"], "the test did not block the runtime"
        print(f"offline message after {seconds:.1f} s")
        for size, (w, h) in SIZES.items():
            page.set_viewport_size({"width": w, "height": h})
            shoot(page, f"offline-{size}")
        # an aborted load of the runtime is logged by the browser (HARMLESS) and by the
        # kernel's worker ("The script at ... pyodide.js failed to load"): expected here
        expected = re.compile(r"pyodide\.js' failed to load|pyodide")
        assert not [e for e in harmful(record["errors"]) if not expected.search(e)], record
    finally:
        context.close()


# the element a reader sees in the middle of the window belongs to the selector
ON_TOP_JS = """(sel) => {
  const el = document.elementFromPoint(innerWidth / 2, innerHeight / 3);
  return !!(el && el.closest(sel));
}"""

SLIDER = ".widget-hslider, .widget-slider"
LABEL_IS = "(t) => [...document.querySelectorAll('.widget-label')].some(l => l.textContent === t)"


def test_live_check_runs_python_offline_and_keeps_its_value(browser, site_url, app_url):
    """Every outside host blocked: kernel start, a widget, the comm channel, the drive."""
    context, record = new_context(browser, site_url)
    try:
        started = time.monotonic()
        page = open_page(context, record, f"{app_url}/voici/render/live-check.html")
        page.locator("#loading").wait_for(state="visible", timeout=15_000)
        page.locator(SLIDER).first.wait_for(state="visible", timeout=180_000)
        kernel_start = time.monotonic() - started
        label = page.locator(".widget-label").last
        assert label.inner_text() == "no saved value yet"
        # distinct URLs: a request through JupyterLite's service worker is seen twice
        first_mb = sum(record["sizes"].values()) / 1e6
        shoot(page, "live-check-desktop")
        handle = page.locator(".slider-container .noUi-handle, .ui-slider-handle").first
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(LABEL_IS, arg="value: 7", timeout=20_000)
        page.wait_for_timeout(2500)  # the drive writes to IndexedDB
        started = time.monotonic()
        page.reload()
        page.locator(SLIDER).first.wait_for(state="visible", timeout=180_000)
        page.wait_for_function(LABEL_IS, arg="restored: 7", timeout=20_000)
        second_start = time.monotonic() - started
        page.set_viewport_size({"width": 390, "height": 844})
        shoot(page, "live-check-phone")
        print(
            f"live check: kernel and widget after {kernel_start:.1f} s (cold), "
            f"{second_start:.1f} s after a reload; first visit loaded {first_mb:.1f} MB "
            "from the site"
        )
        biggest = sorted(record["sizes"].items(), key=lambda kv: -kv[1])[:12]
        print("\n".join(f"  {size / 1e6:6.2f} MB {url}" for url, size in biggest))
        assert not record["off_site"], f"requests to other hosts: {record['off_site']}"
        assert first_mb < FIRST_START_MAX_MB, first_mb
        assert not harmful(record["errors"]), record["errors"]
        assert "Traceback" not in page.locator("body").inner_text()
    finally:
        context.close()


def test_exercise_without_the_cdn_says_so_instead_of_a_traceback(browser, site_url, app_url):
    """The site is reachable but Pyodide's CDN (numpy, pandas, matplotlib) is not."""
    context, record = new_context(browser, site_url, answer_cdn_probe=True)
    try:
        page = open_page(context, record, f"{app_url}/voici/render/{EXERCISES[0]}.html")
        box = page.locator("#alliancelab-offline")
        box.wait_for(state="visible", timeout=180_000)
        assert "jsDelivr" in box.inner_text()
        assert page.evaluate(ON_TOP_JS, "#alliancelab-offline"), "the message is covered"
        shoot(page, "no-cdn-desktop")
        assert not page.locator("#rendered_cells").is_visible()
        assert any("cdn.jsdelivr.net" in u for u in record["off_site"])
        assert not [u for u in record["off_site"] if "cdn.jsdelivr.net" not in u], record
    finally:
        context.close()
