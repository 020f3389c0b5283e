"""The static site shows stored widgets as previews: every control is switched off."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("sphinx.testing")
import widget_preview
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.toolchain

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def built(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for f in (ROOTS / "test-widget-preview").iterdir():
        (src / f.name).write_bytes(f.read_bytes())
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    return (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")


def state_of(page: str) -> dict:
    match = re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', page, re.S
    )
    assert match, "the page holds no widget state"
    return json.loads(match.group(1))


def test_every_stored_control_is_disabled_on_the_built_page(built):
    state = state_of(built)["state"]
    assert state["s1"]["state"]["disabled"] is True
    assert state["s1"]["state"]["value"] == 3  # everything else as stored
    assert "disabled" not in state["l1"]["state"] and "disabled" not in state["h1"]["state"]


def test_the_rewritten_state_cannot_end_its_script_element(built):
    assert state_of(built)["state"]["h1"]["state"]["value"] == "</script><b>bold</b>"
    body = built.split('widget-state+json">', 1)[1].split("</script>", 1)[0]
    assert "<\\/script>" in body


def test_disable_controls_counts_only_models_with_a_disabled_trait():
    bundle = {
        "state": {
            "a": {"state": {"disabled": False}},
            "b": {"state": {"disabled": True}},
            "c": {"state": {"value": 1}},
        }
    }
    assert widget_preview.disable_controls(bundle) == 2
    assert [m["state"].get("disabled") for m in bundle["state"].values()] == [True, True, None]
