"""Stored widget state without the traits kept at their default (book/_ext/widget_state.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("sphinx.testing")
import widget_state
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.toolchain

ROOT = Path(__file__).parent / "roots" / "test-widget-state"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("widget-state")
    src = tmp / "src"
    src.mkdir()
    for f in ROOT.iterdir():
        (src / f.name).write_bytes(f.read_bytes())
    app = SphinxTestApp("html", srcdir=src, builddir=tmp / "_build")
    try:
        app.build()
        assert not app._warning.getvalue().strip(), app._warning.getvalue()
    finally:
        app.cleanup()
    return (tmp / "_build" / "html" / "index.html").read_text(encoding="utf-8")


def body(page: str) -> str:
    pattern = r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>'
    match = re.search(pattern, page, re.S)
    assert match, "the page holds no widget state"
    return match.group(1)


def test_layout_models_keep_only_the_traits_set(page):
    assert json.loads(body(page))["state"]["l1"]["state"] == {"width": "50%"}


def test_null_defaults_are_dropped_and_the_rest_kept(page):
    slider = json.loads(body(page))["state"]["s1"]["state"]
    assert not {"tooltip", "tabbable", "_view_count"} & set(slider)
    assert slider["value"] == 3 and slider["description"] == "score"
    assert slider["disabled"] is True  # widget_preview ran first (priority 600 < 700)


def test_models_of_other_widget_versions_are_left_alone(page):
    old = json.loads(body(page))["state"]["old"]["state"]
    assert old == {"value": "ipywidgets 7", "tooltip": None}


def test_the_state_is_compact_json_that_cannot_end_its_script(page):
    text = body(page)
    assert ", " not in text and ": " not in text.replace("<b>bold", "")
    assert "<\\/script>" in text


def test_compact_widget_state_without_a_build():
    bundle = {"state": {"x": {"model_module": "@jupyter-widgets/base"}}}
    assert widget_state.compact_widget_state(bundle) == bundle  # no version: untouched
