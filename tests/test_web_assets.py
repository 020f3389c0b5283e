"""Pages load their scripts from this site (book/_ext/web_assets.py), in a small build.

The npm packages are not fetched here: the fetcher (scripts/fetch_web_assets.py, tested
in test_static_site_ext.py) is replaced by one that hands over a folder of stand-ins.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("sphinx.testing")
pytest.importorskip("myst_nb")
import web_assets  # book/_ext is on sys.path (conftest.py)
from sphinx_roots import build

pytestmark = pytest.mark.toolchain

LIGHT = "light-manager/widget-manager-light.js"


def fake_fetcher(folder: Path, *, light: bool):
    for rel in ("vendor/html-manager/dist/embed.js", LIGHT):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text("// stand-in\n")

    class AssetError(Exception):
        pass

    def fetch_all(quiet=False):
        return SimpleNamespace(
            folder=folder,
            light_manager=folder / LIGHT if light else None,
            why_no_light_manager="no npm",
        )

    return SimpleNamespace(fetch_all=fetch_all, AssetError=AssetError)


def site(tmp_path, monkeypatch, *, light: bool):
    fetcher = fake_fetcher(tmp_path / "assets", light=light)
    monkeypatch.setattr(web_assets, "_fetch_module", lambda: fetcher)
    return build("web-assets", tmp_path / "build")


def test_widget_pages_get_the_light_manager_and_plain_pages_no_widget_helpers(
    tmp_path, monkeypatch
):
    out, _status, warnings = site(tmp_path, monkeypatch, light=True)
    widgets = (out / "widgets.html").read_text(encoding="utf-8")
    assert f"_static/{LIGHT}" in widgets and "html-manager/dist/embed.js" not in widgets
    assert "__jupyter_widgets_assets_path__" in widgets and "widget-a11y.js" in widgets
    assert (out / "_static" / LIGHT).is_file()
    plain = (out / "index.html").read_text(encoding="utf-8")
    assert "__jupyter_widgets_assets_path__" not in plain and "widget-a11y.js" not in plain
    # an asset from another host is reported, page by page
    assert "index loads https://cdn.example.org/tracker.js from another site" in warnings
    assert "widgets loads https://cdn.example.org/tracker.js from another site" in warnings


def test_without_the_light_manager_widget_pages_load_the_full_one(tmp_path, monkeypatch):
    out, status, _warnings = site(tmp_path, monkeypatch, light=False)
    widgets = (out / "widgets.html").read_text(encoding="utf-8")
    assert "_static/vendor/html-manager/dist/embed.js" in widgets and LIGHT not in widgets
    assert "light widget manager not built (no npm)" in status


def test_the_light_manager_is_only_for_ipywidgets_8_base_and_controls_models():
    def context(*models):
        state = {
            f"m{i}": {"model_module": m, "model_module_version": v}
            for i, (m, v) in enumerate(models)
        }
        body = json.dumps({"state": state})
        attrs = {"type": web_assets.WIDGET_STATE_TYPE, "body": body}
        return {"script_files": [SimpleNamespace(filename=None, attributes=attrs)]}

    assert web_assets.light_manager_will_do(context(("@jupyter-widgets/controls", "2.0.0")))
    assert not web_assets.light_manager_will_do(context(("@jupyter-widgets/controls", "1.5.0")))
    assert not web_assets.light_manager_will_do(context(("@jupyter-widgets/output", "1.0.0")))
    assert not web_assets.light_manager_will_do({"script_files": []})
