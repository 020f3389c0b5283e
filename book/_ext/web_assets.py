"""Serve the pages' scripts from this site: the widget manager and MathJax, never a CDN.

One job: at ``config-inited`` fetch the pinned npm packages the pages need (the Jupyter
widgets HTML manager, MathJax) with ``scripts/fetch_web_assets.py`` and add their folder
to ``html_static_path``; ``_config.yml`` points ``nb_ipywidgets_js`` and ``mathjax_path``
at ``_static/vendor/``. If the assets cannot be had the build stops, saying what to do.
As each page is written (``html-page-context``) it:

- drops the assets extensions add to every page that this site does not use (thebe,
  jupyterlite-sphinx's directive styles and their Google font) and warns about any
  other asset loaded from another host;
- gives a page whose stored widgets are all ipywidgets 8 base and controls models the
  light build of the widget manager (``_static/light-manager/``, built by the same
  script with Node.js and npm) instead of the full one; without Node.js and npm every
  page with widgets gets the full manager, and the build says so in one line;
- leaves the widget helpers (the icon fonts' address, ``widget-a11y.js``) off the pages
  that have no widgets.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from _published import ROOT
from sphinx.application import Sphinx
from sphinx.util import logging
from widget_state import WIDGET_STATE_TYPE

logger = logging.getLogger(__name__)


def _fetch_module():
    # scripts/ is a package at the repository root (the book's source folder)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import fetch_web_assets

    return fetch_web_assets


def prepare_web_assets(app: Sphinx, config) -> None:
    fetch = _fetch_module()
    try:
        assets = fetch.fetch_all(quiet=True)
    except fetch.AssetError as exc:
        raise RuntimeError(f"[web_assets] {exc}") from exc
    out = assets.folder
    if str(out) not in [str(Path(app.confdir, p)) for p in config.html_static_path]:
        config.html_static_path.append(str(out))
    if assets.light_manager is None:
        config.alliancelab_light_manager = ""
        logger.info(
            "[web_assets] light widget manager not built (%s): pages with widgets load "
            "the full one",
            assets.why_no_light_manager,
        )
    else:
        config.alliancelab_light_manager = assets.light_manager.relative_to(out).as_posix()


# Where the widget manager finds its icon fonts (by default, relative to the page).
WIDGET_ASSETS_JS = (
    "window.__jupyter_widgets_assets_path__ = new URL("
    'document.documentElement.dataset.content_root + "_static/vendor/html-manager/dist/", '
    "document.baseURI).href;"
)


# Assets that extensions add to every page but this site does not use: thebe is off
# (launch_buttons.thebe: false; its loader points at unpkg.com and its inline config is
# added twice, a console error), and jupyterlite-sphinx's directive styles import a
# Google font. The live notebooks are linked from a plain box instead (live_box.py).
UNUSED_ASSETS = ("sphinx-thebe", "jupyterlite_sphinx", "fonts.googleapis.com/css?family=Vibur")


def _unused(asset) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return any(s in name for s in UNUSED_ASSETS) or "THEBE_JS_URL" in body


def _off_site(asset) -> bool:
    name = str(getattr(asset, "filename", "") or "")
    return name.startswith(("http://", "https://", "//"))


# The widget manager a page loads (myst-nb adds nb_ipywidgets_js to the pages that have
# stored widgets, and only to those): the full embed.js of @jupyter-widgets/html-manager
# (1.88 MB: base, controls and output widgets, ipywidgets 7 models, a schema validator),
# or, where every stored model is an ipywidgets 8 base or controls model (the course's
# exercises), the light build of the same manager made from the same packages (0.97 MB;
# built by scripts/fetch_web_assets.py when Node.js and npm are there, served as
# _static/<alliancelab_light_manager>, set by prepare_web_assets; "" when it was not
# built). Both find the icon fonts beside embed.js.
FULL_MANAGER = "html-manager/dist/embed"
LIGHT_MODULES = ("@jupyter-widgets/base", "@jupyter-widgets/controls")


def light_manager_will_do(context) -> bool:
    """Whether every stored widget model of the page is one the light manager has."""
    states = [
        a.attributes["body"]
        for a in context.get("script_files", [])
        if getattr(a, "attributes", {}).get("type") == WIDGET_STATE_TYPE
        and a.attributes.get("body")
    ]
    models = [m for body in states for m in json.loads(body).get("state", {}).values()]
    return bool(models) and all(
        m.get("model_module") in LIGHT_MODULES
        and str(m.get("model_module_version", "")).startswith("2.")
        for m in models
    )


def light_manager(asset, light: str):
    """The light manager's script (``light``, under _static/) in place of the full one's."""
    name = str(getattr(asset, "filename", ""))
    if FULL_MANAGER not in name:
        return asset
    # both are static files: "_static/vendor/html-manager/..." -> "_static/light-manager/..."
    static = name[: name.index("vendor/html-manager/")]
    return type(asset)(static + light, priority=asset.priority, **asset.attributes)


def prune_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _unused(a)]
            for asset in filter(_off_site, context[key]):
                logger.warning(
                    "[web_assets] %s loads %s from another site; serve it from _static/ "
                    "(see scripts/fetch_web_assets.py)",
                    pagename,
                    asset.filename,
                    location=pagename,
                )
    scripts = [str(getattr(a, "filename", "")) for a in context.get("script_files", [])]
    if any(FULL_MANAGER in name for name in scripts):
        light = app.config.alliancelab_light_manager
        if light and light_manager_will_do(context):
            context["script_files"] = [light_manager(a, light) for a in context["script_files"]]
        return
    # no widgets on this page: the widget helpers are not needed either
    context["script_files"] = [
        a
        for a in context["script_files"]
        if "__jupyter_widgets_assets_path__"
        not in str(getattr(a, "attributes", {}).get("body", ""))
        and "widget-a11y.js" not in str(getattr(a, "filename", ""))
    ]


def setup(app: Sphinx):
    # set by prepare_web_assets: the light widget manager under _static/, or "" if it was
    # not built; "html": when that changes, every page is written again
    app.add_config_value("alliancelab_light_manager", "", "html")
    app.connect("config-inited", prepare_web_assets, priority=100)
    app.add_js_file(None, body=WIDGET_ASSETS_JS, priority=400)
    app.add_js_file("widget-a11y.js", priority=400)  # book/_static/widget-a11y.js
    app.connect("html-page-context", prune_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
