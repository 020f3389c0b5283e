"""`make app` as a learner meets it: every exercise in Voila, driven in Chromium.

For each exercise's learner copy, served by Voila: no model answer on the page, one
change in Part B updates the outputs and is saved to the workbook file, a bad entry
shows a message in the exercise and leaves the file alone, and nothing overflows the
page at a laptop's or a phone's width, with every control usable as laid out.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from control_layout import control_problems

write_learner_copies = pytest.importorskip("learner_copy").write_learner_copies  # book/_ext

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.toolchain]

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted(p.stem for p in (ROOT / "exercises").glob("0*.ipynb"))
WORKBOOK = "my-alliance.workbook.json"

OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const ex of document.querySelectorAll('.alliancelab-exercise')) {
    const box = ex.getBoundingClientRect();
    const limit = Math.min(box.right, width) + 1;
    for (const el of ex.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const scrolls = el.closest('.alliancelab-table, .alliancelab-figure');  // own scroll box
      if (r.width && r.height && r.right > limit && !scrolls) {
        out.push(el.className + ': ' + (el.innerText || '').slice(0, 30));
      }
    }
    if (box.right > width + 1) out.push('exercise box wider than the page');
  }
  return out;
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Voila serving the learner copies from a fresh folder, as `make app` does."""
    voila = Path(sys.executable).with_name("voila")
    if not voila.exists():
        pytest.fail("voila is not installed in the test environment (pip install -e '.[test]')")
    folder = tmp_path_factory.mktemp("learner") / "exercises"
    write_learner_copies(ROOT / "exercises", folder)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ALLIANCELAB_WORKBOOK"}
    proc = subprocess.Popen(
        [str(voila), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "."],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("voila did not start within 90 s")
            time.sleep(0.5)
    try:
        yield url, folder
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _open(browser, url: str, name: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{url}/voila/render/{name}.ipynb", timeout=180_000)
    page.wait_for_selector(".alliancelab-exercise >> nth=1", timeout=180_000)
    page.wait_for_timeout(500)
    return page


def _saved(folder: Path) -> dict | None:
    path = folder / WORKBOOK
    return json.loads(path.read_text()) if path.exists() else None


def _wait_for(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


def _change_something(part_b) -> None:
    """Make one ordinary change in an exercise's own-plan widget, as a learner would."""
    body = part_b.locator(".alliancelab-body")
    handles = body.locator("[role=slider]")
    if handles.count():
        handle = handles.first
        handle.focus()
        value = handle.get_attribute("aria-valuenow")
        handle.press("ArrowLeft" if value and float(value) > 1 else "ArrowRight")
        return
    boxes = body.locator("input[type=checkbox]")
    if boxes.count():
        boxes.first.click()
        return
    selects = body.locator("select:not([multiple])")
    if not selects.count():  # a charter of text fields only (Exercise 8's pilot charter)
        texts = body.locator("input[type=text], textarea")
        assert texts.count(), "no control to change"
        box = texts.first
        box.fill(box.input_value() + " (revised)")
        box.press("Tab")
        return
    select = selects.nth(1) if selects.count() > 1 else selects.first
    options = select.locator("option").all_inner_texts()
    current = select.evaluate("s => s.options[s.selectedIndex].text")
    select.select_option(label=next(o for o in options if o != current))


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_works_in_the_local_app(app, browser, name):
    url, folder = app
    (folder / WORKBOOK).unlink(missing_ok=True)
    page = _open(browser, url, name, 1366)
    try:
        assert "Model answer for instructors" not in page.content()
        part_b = page.locator(".alliancelab-exercise").nth(1)
        outputs_before = part_b.inner_text()
        _change_something(part_b)
        saved = _wait_for(lambda: _saved(folder))
        assert saved is not None, "the change was not saved"
        _wait_for(lambda: "✓ Saved" in part_b.inner_text())
        assert "✓ Saved" in part_b.inner_text()
        assert part_b.inner_text() != outputs_before
        # a bad entry: the venture's name emptied
        before = (folder / WORKBOOK).read_bytes()
        name_box = part_b.locator('input[placeholder="Your venture\'s name"]')
        name_box.fill("")
        name_box.press("Tab")
        alert = part_b.locator(".alliancelab-error")
        alert.wait_for(timeout=30_000)
        assert "venture name must not be empty" in alert.inner_text()
        assert (folder / WORKBOOK).read_bytes() == before
    finally:
        page.close()


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("width", [1366, 390])
def test_no_exercise_overflows_in_the_local_app(app, browser, name, width, tmp_path):
    url, _folder = app
    page = _open(browser, url, name, width)
    try:
        if width > 1000:  # the width of the book's text column on a laptop
            page.add_style_tag(content=".alliancelab-exercise { max-width: 757px !important; }")
            page.wait_for_timeout(300)
        assert page.evaluate(OVERFLOW_JS) == []
        assert control_problems(page) == []  # none clipped or stretched, sliders to aim at
        shots = ROOT / "_build" / "screenshots" / "app"
        shots.mkdir(parents=True, exist_ok=True)
        page.locator(".alliancelab-exercise").nth(1).screenshot(path=shots / f"{name}-{width}.png")
    finally:
        page.close()


def test_the_learner_copies_hold_no_model_answer_and_no_book_source_link(tmp_path):
    written = write_learner_copies(ROOT / "exercises", tmp_path)
    assert len(written) == len(EXERCISES)
    for path in written:
        text = path.read_text()
        assert "model-answer" not in text
        assert ".md)" not in text
    shutil.rmtree(tmp_path)
