"""The "Work on this notebook" box (book/_ext/live_box.py) in a small build with one exercise.

The wheel is a stand-in; tests/test_site_*.py check the box in the full site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("myst_nb")
import live_box  # book/_ext is on sys.path (conftest.py)
from _published import wheel_name
from sphinx_roots import build

pytestmark = pytest.mark.toolchain


@pytest.fixture
def site(tmp_path, stand_in_wheels) -> Path:
    out, _status, warnings = build("live-box", tmp_path / "build")
    assert not warnings.strip(), warnings
    return out


def test_an_exercise_page_gets_the_live_box(site):
    html = (site / "exercises" / "ex.html").read_text(encoding="utf-8")
    assert 'class="alliancelab-live"' in html
    assert 'href="../app/voici/render/ex.html">Start this exercise</a>' in html
    assert 'href="../lite/notebooks/index.html?path=exercises/ex.ipynb"' in html
    assert 'href="../_sources/exercises/ex.ipynb"' in html
    assert f'data-wheel="../downloads/{wheel_name()}"' in html
    # a second, small start link where the learner's own part (Part B) begins
    assert html.count("Start this exercise") == 2 and "alliancelab-start-small" in html


def test_a_page_outside_the_live_folders_gets_no_box(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "alliancelab-live" not in html, "only notebooks in alliancelab_live_dirs get a box"


def test_start_link_is_a_button_to_the_app_page():
    html = live_box.start_link_html("../app/voici/render/01-partner-scorecard.html")
    assert 'class="alliancelab-start"' in html and "Start this exercise" in html
    assert 'href="../app/voici/render/01-partner-scorecard.html"' in html
    assert live_box.APP_PAGE.format(name="x") == "app/voici/render/x.html"
