"""The live side of the site (book/_ext/lite_site.py) in a small build with one exercise.

The wheel is a stand-in (the real one is built from src/ by the book build) and the
JupyterLite build itself is not run: tests/test_site_*.py check both in the full site.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("myst_nb")
import lite_site  # book/_ext is on sys.path (conftest.py)
import nbformat
from _published import SETUP_CELL_ID, install_line, wheel_name
from sphinx_roots import build, make_app

pytestmark = pytest.mark.toolchain

SITE = "https://courses.example.org/alliancelab/"
ANSWER = "hidden motive"  # the text of the exercise's model-answer cell


@pytest.fixture
def wheels(stand_in_wheels) -> Path:
    return stand_in_wheels


@pytest.fixture
def site(tmp_path, wheels):
    out, _status, warnings = build("lite-site", tmp_path / "build")
    assert not warnings.strip(), warnings
    return out


def test_lite_site_alone_adds_no_live_box(site):
    html = (site / "exercises" / "ex.html").read_text(encoding="utf-8")
    assert "alliancelab-live" not in html, "the box is live_box.py's job"


def test_the_install_line_directive_names_the_sites_wheel(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="highlight-text notranslate alliancelab-install"' in html
    assert f'data-wheel="downloads/{wheel_name()}"' in html
    assert install_line(SITE).replace('"', "&quot;") in html


def test_the_wheel_is_served_and_the_download_names_the_site(site):
    assert (site / "downloads" / wheel_name()).read_bytes() == b"stand-in wheel"
    served = nbformat.read(site / "_sources" / "exercises" / "ex.ipynb", as_version=4)
    setup = next(c for c in served.cells if c.get("id") == SETUP_CELL_ID)
    assert install_line(SITE) in setup.source
    assert ANSWER not in json.dumps(served), "the learners' download holds a model answer"


def test_jupyterlite_gets_the_notebooks_stripped_and_its_build_only_when_needed(
    tmp_path, wheels, monkeypatch
):
    pytest.importorskip("jupyterlite_sphinx")
    from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build

    monkeypatch.setattr(lite_site, "build_wheels", lambda: sorted(wheels.glob("*.whl")))
    extensions = ["myst_nb", "jupyterlite_sphinx", "lite_site"]
    app = make_app("lite-site", tmp_path / "lite", confoverrides={"extensions": extensions})
    try:
        handlers = [listener.handler for listener in app.events.listeners.get("build-finished", [])]
        assert lite_site.build_lite_if_changed in handlers
        assert jupyterlite_build not in handlers, "jupyterlite-sphinx's own handler is still on"
        staged = Path(app.srcdir) / "_lite" / "contents" / "exercises" / "ex.ipynb"
        nb = nbformat.read(staged, as_version=4)
        assert ANSWER not in json.dumps(nb), "the learners' live notebook holds a model answer"
        assert install_line(SITE) in nb.cells[1].source
        assert nb.metadata.kernelspec.name == "python"
        config = json.loads((tmp_path / "jupyter_lite_config.json").read_text())
        assert config["PipliteAddon"]["piplite_urls"] == [str(wheels / wheel_name())]
    finally:
        app.cleanup()
