"""Stored widget state without the traits kept at their default (book/_ext/widget_state.py)."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("sphinx.testing")
import widget_state
from sphinx_roots import build

pytestmark = pytest.mark.toolchain


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    html, _status, warnings = build("widget-state", tmp_path_factory.mktemp("widget-state"))
    assert not warnings.strip(), warnings
    return (html / "index.html").read_text(encoding="utf-8")


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
